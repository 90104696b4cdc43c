/**
 * 导入提交包: a package from a unit with no network. Verified in full before anything is written;
 * what would overwrite different data here is listed first, and replaced only when the user says so.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { watchOpenedFiles } from '../host/watch.ts';
import { useUi } from '../store/ui.ts';
import { useDialog } from '../components/useDialog.ts';
import { useFormatMessage } from '../useMessage.ts';
import {
  formatPackageError,
  readPackage,
  type PackageError,
  type VerifiedPackage,
} from '../../../shared/package/index.ts';
import { importPackage, type ImportConflict } from '../../../shared/package/import-to-store.ts';
import { StorageError } from '../../../shared/db/index.ts';

type Outcome =
  | { kind: 'refused'; name: string; errors: PackageError[] }
  | { kind: 'conflicts'; name: string; pkg: VerifiedPackage; conflicts: ImportConflict[] };

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function PackageImportButton({ actor }: { actor: string }) {
  const { t } = useTranslation('sync');
  const notify = useUi((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const apply = async (name: string, pkg: VerifiedPackage, replace: boolean) => {
    const result = await importPackage(db, pkg, { actor, replace });
    if (result.ok) {
      setOutcome(null);
      notify('success', { key: `sync:packageUi.imported.${result.outcome}`, params: { file: name } });
    } else setOutcome({ kind: 'conflicts', name, pkg, conflicts: result.conflicts });
  };

  const importFile = async (file: { name: string; data: Uint8Array }) => {
    setBusy(true);
    try {
      const read = await readPackage(file.data);
      if (!read.ok) setOutcome({ kind: 'refused', name: file.name, errors: read.errors });
      else await apply(file.name, read, false);
    } catch (err) {
      if (err instanceof StorageError) notify('error', err.userMessage);
      else
        notify('error', {
          key: 'sync:packageUi.failed',
          params: { detail: err instanceof Error ? err.message : String(err) },
        });
    } finally {
      setBusy(false);
    }
  };
  // The latest importFile for the subscription below, which lives as long as the button.
  const importRef = useRef(importFile);
  importRef.current = importFile;

  // Packages the system opened with the app (a double-clicked .tbpkg) are imported like a chosen one.
  useEffect(
    () =>
      watchOpenedFiles(
        getHost(),
        (batch) => {
          for (const f of batch.failed) notify('error', { key: 'electron:opened.failed', params: f });
          void batch.files.reduce<Promise<void>>(
            (p, f) => p.then(() => importRef.current(f)),
            Promise.resolve(),
          );
        },
        (err) => notify('error', { key: 'sync:packageUi.failed', params: { detail: String(err) } }),
      ),
    [notify],
  );

  const run = async () => {
    const [file] = await getHost().openFile({
      filters: [{ name: t('packageUi.filter'), extensions: ['tbpkg', 'zip'] }],
    });
    if (file) await importFile(file);
  };

  return (
    <>
      <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
        {busy ? t('packageUi.importing') : t('packageUi.import')}
      </button>
      {outcome && (
        <OutcomeDialog
          outcome={outcome}
          onClose={() => setOutcome(null)}
          onReplace={(o) => void apply(o.name, o.pkg, true)}
        />
      )}
    </>
  );
}

function OutcomeDialog({
  outcome,
  onClose,
  onReplace,
}: {
  outcome: Outcome;
  onClose(): void;
  onReplace(o: Extract<Outcome, { kind: 'conflicts' }>): void;
}) {
  const { t } = useTranslation('sync');
  const format = useFormatMessage();
  const dialog = useDialog(onClose);
  const replaceable = outcome.kind === 'conflicts' && outcome.conflicts.every((c) => c.replaceable);
  return (
    <div
      className="import-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="package-title"
      {...dialog}
    >
      <h3 id="package-title">
        {outcome.kind === 'refused'
          ? t('packageUi.refused', { file: outcome.name, count: outcome.errors.length })
          : t('packageUi.conflicts', { file: outcome.name, count: outcome.conflicts.length })}
      </h3>
      {outcome.kind === 'refused' ? (
        <ul className="package-errors">
          {outcome.errors.map((e, i) => (
            <li key={i}>
              {t('packageUi.located', {
                where: [e.entry, e.field].filter(Boolean).join(' · ') || '—',
                text: formatPackageError(e, { format }),
              })}
            </li>
          ))}
        </ul>
      ) : (
        <table className="conflict-table">
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('packageUi.here')}</th>
              <th scope="col">{t('packageUi.inPackage')}</th>
            </tr>
          </thead>
          <tbody>
            {outcome.conflicts.map((c, i) => (
              <tr key={i}>
                <th scope="row">
                  {format(c.message)} <span className="muted mono">{c.field}</span>
                </th>
                <td>{shown(c.local)}</td>
                <td>{shown(c.incoming)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="sync-buttons">
        {outcome.kind === 'conflicts' && replaceable && (
          <button type="button" className="primary" onClick={() => onReplace(outcome)}>
            {t('packageUi.replace')}
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose}>
          {t('packageUi.close')}
        </button>
      </div>
    </div>
  );
}
