/**
 * 数据同步: the platform's address, signing in, what is waiting or refused, and the conflicts
 * where both sides changed the same field — each shown with both values to choose from.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { useFormatMessage } from '../useMessage.ts';
import { useSync } from './sync-service.ts';
import { getTemplate } from '../../../shared/db/index.ts';
import type { ConflictRecord, OutboxRecord } from '../../../shared/db/index.ts';
import { findTask, taskIndicators } from '../../../shared/domain/template.ts';
import './sync.css';

export function SyncPage() {
  const { t } = useTranslation('sync');
  const status = useSync((s) => s.status);
  return (
    <section className="sync-page" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('page.title')}</h2>
      <p className="muted">{t('page.intro')}</p>
      <PlatformAddress />
      {status?.user ? <Account /> : <LoginForm />}
      <Conflicts />
      <Waiting />
    </section>
  );
}

function PlatformAddress() {
  const { t } = useTranslation('sync');
  const url = useSync((s) => s.url);
  const setUrl = useSync((s) => s.setUrl);
  const [draft, setDraft] = useState(url);
  useEffect(() => setDraft(url), [url]);
  return (
    <form
      className="sync-url"
      onSubmit={(e) => {
        e.preventDefault();
        void setUrl(draft);
      }}
    >
      <label>
        {t('page.url')}
        <input type="url" value={draft} placeholder="https://" onChange={(e) => setDraft(e.target.value)} />
      </label>
      <button type="submit" className="secondary" disabled={draft.trim() === url}>
        {t('page.saveUrl')}
      </button>
    </form>
  );
}

function LoginForm() {
  const { t } = useTranslation('sync');
  const format = useFormatMessage();
  const { login, busy, error, url } = useSync();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await login(username.trim(), password)) setPassword('');
  };
  return (
    <form className="sync-login" onSubmit={(e) => void submit(e)} aria-label={t('login.title')}>
      <h3>{t('login.title')}</h3>
      <label>
        {t('login.username')}
        <input
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('login.password')}
        <input
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {format(error)}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !url}>
        {t('login.submit')}
      </button>
    </form>
  );
}

function Account() {
  const { t } = useTranslation('sync');
  const format = useFormatMessage();
  const { status, busy, unreachable, error, syncNow, logout } = useSync();
  if (!status?.user) return null;
  return (
    <div className="sync-account">
      <p>{t('account.signedIn', { name: status.user.displayName, role: t(`role.${status.user.role}`) })}</p>
      <ul className="sync-facts">
        <li>
          {status.lastSyncAt
            ? t('account.lastSync', { at: new Date(status.lastSyncAt).toLocaleString('zh-CN') })
            : t('account.never')}
        </li>
        <li>{t('account.pending', { count: status.pending })}</li>
        {unreachable && <li className="field-error">{t('error.unreachable')}</li>}
        {error && <li className="field-error">{format(error)}</li>}
      </ul>
      <div className="sync-buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void syncNow()}>
          {busy ? t('account.syncing') : t('account.syncNow')}
        </button>
        <button type="button" className="secondary" onClick={() => void logout()}>
          {t('account.logout')}
        </button>
      </div>
    </div>
  );
}

/** Labels for the fields of a conflict: indicator names for a submission's values. */
async function fieldLabels(c: ConflictRecord): Promise<Record<string, string>> {
  if (c.entity !== 'submission') return {};
  const s = await db.submissions.get(c.entityId);
  const p = s && (await db.projects.get(s.projectId));
  const template = p && (await getTemplate(db, p.templateId, p.templateVersion));
  const task = template && p && findTask(template, p.taskCode);
  return Object.fromEntries((task ? taskIndicators(task) : []).map((i) => [`values.${i.code}`, i.label]));
}

async function recordTitle(c: { entity: string; entityId: string }): Promise<string> {
  if (c.entity === 'submission') {
    const s = await db.submissions.get(c.entityId);
    const p = s && (await db.projects.get(s.projectId));
    return p && s ? `${p.name} · ${s.year}` : c.entityId;
  }
  if (c.entity === 'project') return (await db.projects.get(c.entityId))?.name ?? c.entityId;
  if (c.entity === 'unit') return (await db.units.get(c.entityId))?.name ?? c.entityId;
  return c.entityId;
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function Conflicts() {
  const { t } = useTranslation('sync');
  const conflicts = useLiveQuery(async () => {
    const all = await db.conflicts.toArray();
    return Promise.all(
      all.map(async (c) => ({ c, labels: await fieldLabels(c), title: await recordTitle(c) })),
    );
  }, []);
  if (!conflicts?.length) return null;
  return (
    <div className="sync-conflicts">
      <h3>{t('conflict.title', { count: conflicts.length })}</h3>
      <p className="muted">{t('conflict.intro')}</p>
      {conflicts.map(({ c, labels, title }) => (
        <ConflictCard key={c.key} conflict={c} labels={labels} title={title} />
      ))}
    </div>
  );
}

function ConflictCard({
  conflict,
  labels,
  title,
}: {
  conflict: ConflictRecord;
  labels: Record<string, string>;
  title: string;
}) {
  const { t } = useTranslation('sync');
  const resolve = useSync((s) => s.resolve);
  const [choices, setChoices] = useState<Record<string, 'local' | 'server'>>(() =>
    Object.fromEntries(conflict.fields.map((f) => [f.path, 'local' as const])),
  );
  return (
    <form
      className="conflict-card"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void resolve(conflict.key, choices);
      }}
    >
      <h4>
        {t(`entity.${conflict.entity}`)}：{title}
      </h4>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">{t('conflict.field')}</th>
            <th scope="col">{t('conflict.local')}</th>
            <th scope="col">{t('conflict.server')}</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => {
            const label = labels[f.path] ?? f.path;
            return (
              <tr key={f.path}>
                <th scope="row">
                  {label} <span className="muted mono">{f.path.replace(/^values\./, '')}</span>
                </th>
                {(['local', 'server'] as const).map((side) => (
                  <td key={side}>
                    <label className="conflict-choice">
                      <input
                        type="radio"
                        name={`${conflict.key}:${f.path}`}
                        checked={choices[f.path] === side}
                        onChange={() => setChoices({ ...choices, [f.path]: side })}
                        aria-label={t(`conflict.keep.${side}`, { field: label })}
                      />
                      {shown(side === 'local' ? f.local : f.server)}
                    </label>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="submit" className="primary">
        {t('conflict.apply')}
      </button>
    </form>
  );
}

function Waiting() {
  const { t } = useTranslation('sync');
  const stuck = useLiveQuery(async () => {
    const rows = (await db.outbox.toArray()).filter((o) => o.stuck);
    return Promise.all(rows.map(async (o) => ({ o, title: await recordTitle(o) })));
  }, []);
  if (!stuck?.length) return null;
  const retry = (o: OutboxRecord) =>
    db.outbox.update(o.seq!, { stuck: undefined, nextTryAt: undefined, attempts: 0 });
  return (
    <div className="sync-stuck">
      <h3>{t('stuck.title', { count: stuck.length })}</h3>
      <ul>
        {stuck.map(({ o, title }) => (
          <li key={o.seq}>
            <strong>
              {t(`entity.${o.entity}`)}：{title}
            </strong>{' '}
            — {o.lastError}{' '}
            <button type="button" className="text-button" onClick={() => void retry(o)}>
              {t('stuck.retry')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
