/**
 * The steps of a restore, one dialog each: the passphrase of an encrypted file, the problems of
 * a refused one, and the confirmation that says what will be replaced and what the backup holds.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { useDialog } from '../components/useDialog.ts';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import {
  formatBackupIssue,
  readBackup,
  restoreBackup,
  type BackupIssue,
  type VerifiedBackup,
} from '../../../shared/backup/index.ts';
import { LATEST_SCHEMA_VERSION } from '../../../shared/db/index.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { failureMessage } from './failure.ts';

export type RestoreFlow =
  | { step: 'passphrase'; name: string; bytes: Uint8Array }
  | { step: 'refused'; name: string; issues: BackupIssue[] }
  | { step: 'confirm'; name: string; backup: VerifiedBackup };

function Frame({ label, onClose, children }: { label: string; onClose(): void; children: ReactNode }) {
  const dialog = useDialog(onClose);
  return (
    <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby={label} {...dialog}>
      {children}
    </div>
  );
}

export function RestoreDialogs({
  flow,
  onFlow,
}: {
  flow: RestoreFlow;
  onFlow(flow: RestoreFlow | null): void;
}) {
  const close = () => onFlow(null);
  if (flow.step === 'passphrase') return <Passphrase flow={flow} onFlow={onFlow} onClose={close} />;
  if (flow.step === 'refused') return <Refused flow={flow} onClose={close} />;
  return <Confirm flow={flow} onClose={close} />;
}

function Passphrase({
  flow,
  onFlow,
  onClose,
}: {
  flow: Extract<RestoreFlow, { step: 'passphrase' }>;
  onFlow(flow: RestoreFlow | null): void;
  onClose(): void;
}) {
  const { t } = useTranslation('backup');
  const format = useFormatMessage();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const read = await readBackup(flow.bytes, { passphrase });
      if (read.ok) onFlow({ step: 'confirm', name: flow.name, backup: read.backup });
      else if (read.issues.length === 1 && read.issues[0]!.code === 'decryptFailed') {
        // Most likely a typo: let the user try again here.
        setError(format(read.issues[0]!.message));
      } else onFlow({ step: 'refused', name: flow.name, issues: read.issues });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Frame label="backup-passphrase-title" onClose={onClose}>
      <h3 id="backup-passphrase-title">{t('ui.restore.passphraseTitle', { file: flow.name })}</h3>
      <form className="backup-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('ui.restore.passphrase')}
          <input
            type="password"
            autoComplete="current-password"
            autoFocus
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="primary" disabled={busy || passphrase === ''}>
          {busy ? t('ui.restore.checking') : t('ui.restore.open')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('ui.restore.cancel')}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Frame>
  );
}

function Refused({ flow, onClose }: { flow: Extract<RestoreFlow, { step: 'refused' }>; onClose(): void }) {
  const { t } = useTranslation('backup');
  const format = useFormatMessage();
  return (
    <Frame label="backup-refused-title" onClose={onClose}>
      <h3 id="backup-refused-title">
        {t('ui.restore.refused', { file: flow.name, count: flow.issues.length })}
      </h3>
      <ul className="backup-issues">
        {flow.issues.map((issue, i) => (
          <li key={i}>{formatBackupIssue(issue, { format })}</li>
        ))}
      </ul>
      <div className="backup-actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t('ui.restore.close')}
        </button>
      </div>
    </Frame>
  );
}

function Confirm({ flow, onClose }: { flow: Extract<RestoreFlow, { step: 'confirm' }>; onClose(): void }) {
  const { t, i18n } = useTranslation('backup');
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const { manifest, encrypted } = flow.backup;
  const newer = manifest.schemaVersion > LATEST_SCHEMA_VERSION;
  const schema = newer
    ? t('ui.restore.schemaNewer', { version: manifest.schemaVersion, current: LATEST_SCHEMA_VERSION })
    : manifest.schemaVersion < LATEST_SCHEMA_VERSION
      ? t('ui.restore.schemaOlder', { version: manifest.schemaVersion, current: LATEST_SCHEMA_VERSION })
      : t('ui.restore.schemaSame', { version: manifest.schemaVersion });
  const total = manifest.tables.reduce((n, table) => n + table.rows, 0);

  const apply = async () => {
    setBusy(true);
    try {
      await restoreBackup(db, flow.backup);
      setDone(true);
      // Every screen and store reads the restored data afresh.
      window.setTimeout(() => window.location.reload(), 400);
    } catch (error) {
      notify('error', msg('backup:ui.restore.failed', { detail: format(failureMessage(error)) }));
      setBusy(false);
    }
  };

  return (
    <Frame label="backup-confirm-title" onClose={busy ? () => undefined : onClose}>
      <h3 id="backup-confirm-title">{t('ui.restore.confirmTitle', { file: flow.name })}</h3>
      <p>{t('ui.restore.confirm')}</p>
      <dl className="backup-facts">
        <dt>{t('ui.restore.created')}</dt>
        <dd>{new Date(manifest.createdAt).toLocaleString(i18n.language)}</dd>
        <dt>{t('ui.restore.reason')}</dt>
        <dd>{t(`ui.reason.${manifest.reason}`)}</dd>
        <dt>{t('ui.restore.schema')}</dt>
        <dd>{schema}</dd>
        <dt>{t('ui.restore.app')}</dt>
        <dd>{manifest.appVersion ?? '—'}</dd>
        <dt>{t('ui.restore.encrypted')}</dt>
        <dd>{encrypted ? t('ui.restore.yes') : t('ui.restore.no')}</dd>
      </dl>
      <table className="data-table compact">
        <caption>{t('ui.restore.rows')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ui.restore.table')}</th>
            <th scope="col">{t('ui.restore.count')}</th>
          </tr>
        </thead>
        <tbody>
          {manifest.tables.map((table) => (
            <tr key={table.name}>
              <th scope="row">
                {t(`ui.tables.${table.name}`, { defaultValue: table.name })}{' '}
                <span className="muted mono">{table.name}</span>
              </th>
              <td>{table.rows}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('ui.restore.total')}</th>
            <td>{total}</td>
          </tr>
        </tbody>
      </table>
      {done ? (
        <p role="status">{t('ui.restore.done')}</p>
      ) : (
        <div className="backup-actions">
          <button type="button" className="primary" disabled={busy || newer} onClick={() => void apply()}>
            {busy ? t('ui.restore.working') : t('ui.restore.apply')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={onClose}>
            {t('ui.restore.cancel')}
          </button>
        </div>
      )}
    </Frame>
  );
}
