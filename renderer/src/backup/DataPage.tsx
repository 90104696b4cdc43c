/**
 * 数据备份与恢复: back the whole store up to a file (optionally with a passphrase), restore from
 * a file or from a backup kept on this computer, and the list of those (automatic ones before
 * migrations, imports and restores; copies of manual ones). A restore replaces everything, so it
 * is confirmed first with what the backup holds; afterwards the app reloads.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';
import {
  AUTO_BACKUPS_KEPT,
  BACKUP_EXTENSION,
  BACKUP_MIME,
  backupKind,
  deleteLocalBackup,
  listLocalBackups,
  localBackupFile,
  prepareBackup,
  readBackup,
  readLocalBackup,
  type LocalBackup,
} from '../../../shared/backup/index.ts';
import { MIN_PASSPHRASE_CHARS } from '../../../shared/backup/crypto.ts';
import { exactBytes } from '../../../shared/backup/codec.ts';
import { formatBytes } from '../../../shared/host/ipc-result.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { RestoreDialogs, type RestoreFlow } from './RestoreDialogs.tsx';
import { failureMessage } from './failure.ts';
import './backup.css';

/** `20260105-0930`, for file names. */
function stamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}`;
}

export function DataPage() {
  const { t } = useTranslation('backup');
  const [flow, setFlow] = useState<RestoreFlow | null>(null);
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <section className="data-page" aria-labelledby="data-title">
      <h2 id="data-title">{t('ui.title')}</h2>
      <p className="muted">{t('ui.intro')}</p>
      <MakeBackup onMade={changed} />
      <RestoreFromFile onFlow={setFlow} />
      <LocalBackups version={version} onChanged={changed} onFlow={setFlow} />
      {flow && <RestoreDialogs flow={flow} onFlow={setFlow} />}
    </section>
  );
}

function MakeBackup({ onMade }: { onMade(): void }) {
  const { t } = useTranslation('backup');
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const [first, setFirst] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const problem =
    first === '' && again === ''
      ? null
      : first.length < MIN_PASSPHRASE_CHARS
        ? t('ui.make.tooShort', { min: MIN_PASSPHRASE_CHARS })
        : first !== again
          ? t('ui.make.mismatch')
          : null;

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    try {
      const prepared = await prepareBackup(db, first ? { passphrase: first } : {});
      const name = t('ui.make.fileName', { date: stamp() });
      const saved = await getHost().saveFile({
        suggestedName: name,
        mimeType: BACKUP_MIME,
        data: exactBytes(prepared.bytes),
        filters: [{ name: t('ui.make.filter'), extensions: [BACKUP_EXTENSION] }],
      });
      if (!saved.saved) return;
      await prepared.keepLocalCopy();
      setFirst('');
      setAgain('');
      notify(
        'success',
        msg('backup:ui.make.done', {
          file: saved.path ?? name,
          size: formatBytes(prepared.bytes.byteLength),
        }),
      );
      onMade();
    } catch (error) {
      notify('error', msg('backup:ui.make.failed', { detail: format(failureMessage(error)) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="make-title">
      <h3 id="make-title">{t('ui.make.title')}</h3>
      <form className="backup-form" onSubmit={(e) => void run(e)}>
        <label>
          {t('ui.make.passphrase')}
          <input
            type="password"
            autoComplete="new-password"
            value={first}
            onChange={(e) => setFirst(e.target.value)}
          />
        </label>
        <label>
          {t('ui.make.passphraseAgain')}
          <input
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || problem !== null}>
          {busy ? t('ui.make.working') : t('ui.make.button')}
        </button>
      </form>
      {problem && (first !== '' || again !== '') && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <p className="muted">{t('ui.make.hint')}</p>
    </section>
  );
}

function RestoreFromFile({ onFlow }: { onFlow(flow: RestoreFlow | null): void }) {
  const { t } = useTranslation('backup');
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const [busy, setBusy] = useState(false);
  const choose = async () => {
    try {
      const [file] = await getHost().openFile({
        filters: [{ name: t('ui.make.filter'), extensions: [BACKUP_EXTENSION] }],
      });
      if (!file) return;
      if (backupKind(file.data) === 'encrypted') {
        onFlow({ step: 'passphrase', name: file.name, bytes: file.data });
        return;
      }
      setBusy(true);
      const read = await readBackup(file.data);
      onFlow(
        read.ok
          ? { step: 'confirm', name: file.name, backup: read.backup }
          : { step: 'refused', name: file.name, issues: read.issues },
      );
    } catch (error) {
      notify('error', msg('backup:ui.restore.failed', { detail: format(failureMessage(error)) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="restore-title">
      <h3 id="restore-title">{t('ui.restore.title')}</h3>
      <button type="button" className="secondary" disabled={busy} onClick={() => void choose()}>
        {busy ? t('ui.restore.checking') : t('ui.restore.button')}
      </button>
    </section>
  );
}

function LocalBackups({
  version,
  onChanged,
  onFlow,
}: {
  version: number;
  onChanged(): void;
  onFlow(flow: RestoreFlow | null): void;
}) {
  const { t, i18n } = useTranslation('backup');
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const [list, setList] = useState<LocalBackup[] | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    listLocalBackups(db).then(
      (backups) => live && setList(backups),
      (error: unknown) => {
        if (live) setList([]);
        notify('error', failureMessage(error));
      },
    );
    return () => {
      live = false;
    };
  }, [version, notify]);

  const when = (b: LocalBackup) => new Date(b.createdAt).toLocaleString(i18n.language);
  const label = (b: LocalBackup) => `${when(b)} · ${t(`ui.reason.${b.reason}`)}`;

  const act = async (b: LocalBackup, action: () => Promise<void>) => {
    setBusy(b.id!);
    try {
      await action();
    } catch (error) {
      notify('error', msg('backup:ui.restore.failed', { detail: format(failureMessage(error)) }));
    } finally {
      setBusy(null);
    }
  };

  const restore = (b: LocalBackup) =>
    act(b, async () => {
      const read = await readLocalBackup(db, b.id!);
      onFlow(
        read.ok
          ? { step: 'confirm', name: label(b), backup: read.backup }
          : { step: 'refused', name: label(b), issues: read.issues },
      );
    });

  const save = (b: LocalBackup) =>
    act(b, async () => {
      const data = await localBackupFile(db, b.id!);
      await getHost().saveFile({
        suggestedName: t('ui.list.fileName', {
          date: stamp(new Date(b.createdAt)),
          reason: t(`ui.reason.${b.reason}`),
        }),
        mimeType: BACKUP_MIME,
        data: exactBytes(data),
        filters: [{ name: t('ui.make.filter'), extensions: [BACKUP_EXTENSION] }],
      });
    });

  const remove = (b: LocalBackup) =>
    act(b, async () => {
      if (!window.confirm(t('ui.list.deleteConfirm', { name: label(b) }))) return;
      await deleteLocalBackup(db, b.id!);
      notify('success', msg('backup:ui.list.deleted'));
      onChanged();
    });

  return (
    <section aria-labelledby="local-title">
      <h3 id="local-title">{t('ui.list.title')}</h3>
      <p className="muted">{t('ui.list.hint', { count: AUTO_BACKUPS_KEPT })}</p>
      {list === null ? (
        <p className="muted">{t('ui.list.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('ui.list.empty')}</p>
      ) : (
        <table className="data-table compact" aria-labelledby="local-title">
          <thead>
            <tr>
              <th scope="col">{t('ui.list.time')}</th>
              <th scope="col">{t('ui.list.reason')}</th>
              <th scope="col">{t('ui.list.detail')}</th>
              <th scope="col">{t('ui.list.size')}</th>
              <th scope="col">{t('ui.list.schema')}</th>
              <th scope="col">{t('ui.list.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.id}>
                <td>{when(b)}</td>
                <td>{t(`ui.reason.${b.reason}`)}</td>
                <td>{b.detail ? format(b.detail) : ''}</td>
                <td>{formatBytes(b.size)}</td>
                <td>{t('ui.list.schemaVersion', { version: b.schemaVersion })}</td>
                <td className="backup-actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null}
                    onClick={() => void restore(b)}
                  >
                    {t('ui.list.restore')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null}
                    onClick={() => void save(b)}
                  >
                    {t('ui.list.save')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null}
                    onClick={() => void remove(b)}
                  >
                    {t('ui.list.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
