/**
 * Automatic updates in the UI. `UpdateNotice` is the banner that says a downloaded update is ready
 * and offers 重启并更新 (the app never restarts on its own); `UpdateSettings` turns updates on or off
 * and sets the feed address. Both read the host's update state, so in the browser (updated with the
 * server) the banner never shows and the settings say why there is nothing to set.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { isUpdateFeedUrl, type HostApi, type UpdateState } from '../../../shared/host/api.ts';
import { getHost } from '../host/index.ts';
import { watchUpdateState } from '../host/watch.ts';
import { Field } from './Field.tsx';

function useUpdateState(host: Pick<HostApi, 'updates'>, initial?: UpdateState): UpdateState | undefined {
  const [state, setState] = useState<UpdateState | undefined>(initial);
  useEffect(() => watchUpdateState(host, setState), [host]);
  return state;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const bannerStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: 12,
  padding: '10px 14px',
  margin: '0 0 12px',
  borderRadius: 6,
  background: '#e8f1fb',
};

export interface UpdateNoticeProps {
  host?: Pick<HostApi, 'updates'>;
  /** The state to show before the host answers (tests render with it). */
  initialState?: UpdateState;
}

/** Shown only while a downloaded update waits; 稍后 hides it until another version is ready. */
export function UpdateNotice({ host = getHost(), initialState }: UpdateNoticeProps) {
  const { t } = useTranslation('electron');
  const state = useUpdateState(host, initialState);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!state || state.status !== 'ready') return null;
  const version = state.availableVersion ?? '';
  if (dismissed === version) return null;

  const restart = async () => {
    setBusy(true);
    setError(null);
    try {
      await host.updates.restartToUpdate();
    } catch (err) {
      setError(t('updateUi.restartFailed', { message: errorText(err) }));
      setBusy(false);
    }
  };

  return (
    <div className="update-notice" role="status" style={bannerStyle}>
      <strong>{version ? t('updateUi.ready', { version }) : t('updateUi.readyNoVersion')}</strong>
      <span className="muted">{t('updateUi.readyHint')}</span>
      <button type="button" className="primary" disabled={busy} onClick={() => void restart()}>
        {t('updateUi.restart')}
      </button>
      <button type="button" className="secondary" disabled={busy} onClick={() => setDismissed(version)}>
        {t('updateUi.later')}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The line that says what the updater is doing. */
export function updateStatusText(
  t: (key: string, params?: Record<string, unknown>) => string,
  s: UpdateState,
) {
  switch (s.status) {
    case 'unsupported':
      return t(`updateUi.unsupported.${s.unsupportedReason ?? 'platform'}`);
    case 'disabled':
      return s.enabled && !s.url ? t('updateUi.status.noUrl') : t('updateUi.status.disabled');
    case 'downloading':
      return t('updateUi.status.downloading', { version: s.availableVersion ?? '', percent: s.percent ?? 0 });
    case 'ready':
      return s.availableVersion
        ? t('updateUi.ready', { version: s.availableVersion })
        : t('updateUi.readyNoVersion');
    case 'error':
      return t('updateUi.status.error', { message: s.message ?? '' });
    default:
      return t(`updateUi.status.${s.status}`);
  }
}

export interface UpdateSettingsProps {
  host?: Pick<HostApi, 'updates'>;
  initialState?: UpdateState;
}

/** On/off and the feed address; saved in the main process (update-settings.json in userData). */
export function UpdateSettings({ host = getHost(), initialState }: UpdateSettingsProps) {
  const { t, i18n } = useTranslation('electron');
  const state = useUpdateState(host, initialState);
  const [draft, setDraft] = useState<{ enabled: boolean; url: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!state) return null;

  const heading = <h3 id="update-settings-title">{t('updateUi.title')}</h3>;
  if (state.status === 'unsupported') {
    return (
      <section aria-labelledby="update-settings-title">
        {heading}
        <p className="muted">{updateStatusText(t, state)}</p>
      </section>
    );
  }

  const savedUrl = state.urlSource === 'settings' ? (state.url ?? '') : '';
  const form = draft ?? { enabled: state.enabled, url: savedUrl };
  const trimmed = form.url.trim();
  const urlInvalid = trimmed !== '' && !isUpdateFeedUrl(trimmed);
  const changed = form.enabled !== state.enabled || trimmed !== savedUrl;

  const run = async (action: () => Promise<unknown>, failedKey: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setDraft(null);
    } catch (err) {
      setError(t(failedKey, { message: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(
      () => host.updates.setSettings({ enabled: form.enabled, url: trimmed || null }),
      'updateUi.saveFailed',
    );

  return (
    <section aria-labelledby="update-settings-title">
      {heading}
      <p className="muted">{t('updateUi.current', { version: state.currentVersion })}</p>
      <label>
        <input
          type="checkbox"
          checked={form.enabled}
          disabled={busy}
          onChange={(e) => setDraft({ ...form, enabled: e.target.checked })}
        />{' '}
        {t('updateUi.enable')}
      </label>
      <Field
        label={t('updateUi.url')}
        hint={
          state.urlSource === 'env' && trimmed === ''
            ? t('updateUi.urlFromEnv', { url: state.url ?? '' })
            : t('updateUi.urlHint')
        }
        errors={urlInvalid ? [{ key: 'electron:updateUi.urlInvalid' }] : []}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="url"
            inputMode="url"
            spellCheck={false}
            placeholder="https://"
            value={form.url}
            disabled={busy}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(e) => setDraft({ ...form, url: e.target.value })}
          />
        )}
      </Field>
      <p role="status">
        {updateStatusText(t, state)}
        {state.lastCheckedAt && (
          <span className="muted">
            {' '}
            {t('updateUi.lastChecked', { time: new Date(state.lastCheckedAt).toLocaleString(i18n.language) })}
          </span>
        )}
      </p>
      <div className="sync-buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || urlInvalid || !changed}
          onClick={() => void save()}
        >
          {t('updateUi.save')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || changed || (state.status !== 'idle' && state.status !== 'error')}
          onClick={() => void run(() => host.updates.checkNow(), 'updateUi.checkFailed')}
        >
          {t('updateUi.checkNow')}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
