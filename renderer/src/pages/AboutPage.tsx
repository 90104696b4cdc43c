import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateSettings } from '../components/UpdateNotice.tsx';
import { getHost } from '../host/index.ts';
import { db } from '../db.ts';
import { useFormatMessage } from '../useMessage.ts';
import type { AppInfo } from '../../../shared/host/api.ts';
import {
  CHECKED_TABLES,
  checkStoreConsistency,
  LATEST_SCHEMA_VERSION,
  type ConsistencyReport,
} from '../../../shared/db/index.ts';

type CheckState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; report: ConsistencyReport }
  | { phase: 'failed'; detail: string };

/**
 * 检查本地数据: for IT staff and support. Reads the whole local store and lists what does not fit,
 * each problem located as table[key]. The result carries data-* counts so tests can read it.
 */
function StoreCheck() {
  const { t } = useTranslation();
  const format = useFormatMessage();
  const [verifyFiles, setVerifyFiles] = useState(true);
  const [state, setState] = useState<CheckState>({ phase: 'idle' });

  const run = async () => {
    setState({ phase: 'running' });
    try {
      setState({ phase: 'done', report: await checkStoreConsistency(db, { verifyFiles }) });
    } catch (error) {
      setState({ phase: 'failed', detail: error instanceof Error ? error.message : String(error) });
    }
  };

  const report = state.phase === 'done' ? state.report : undefined;
  const errors = report?.problems.filter((p) => p.severity === 'error').length ?? 0;
  const warnings = (report?.problems.length ?? 0) - errors;
  const total = report ? Object.values(report.checked).reduce((a, b) => a + b, 0) : 0;
  return (
    <section aria-labelledby="store-check-title" className="store-check">
      <h3 id="store-check-title">{t('diagnostics:ui.title')}</h3>
      <p className="muted">{t('diagnostics:ui.intro')}</p>
      <label>
        <input
          type="checkbox"
          checked={verifyFiles}
          onChange={(e) => setVerifyFiles(e.target.checked)}
          data-testid="store-check-verify-files"
        />{' '}
        {t('diagnostics:ui.verifyFiles')}
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="secondary"
          disabled={state.phase === 'running'}
          onClick={() => void run()}
          data-testid="store-check-run"
        >
          {t('diagnostics:ui.run')}
        </button>
        {state.phase === 'running' && (
          <span className="muted" role="status">
            <progress /> {t('diagnostics:ui.running')}
          </span>
        )}
      </div>
      {state.phase === 'failed' && (
        <p className="field-error" role="alert" data-testid="store-check-failed">
          {t('diagnostics:ui.failed', { detail: state.detail })}
        </p>
      )}
      {report && (
        <div
          role="status"
          data-testid="store-check-result"
          data-errors={errors}
          data-warnings={warnings}
          data-checked={total}
        >
          <p className={errors ? 'field-error' : undefined}>
            <strong>
              {report.problems.length === 0
                ? t('diagnostics:ui.clean')
                : t('diagnostics:ui.found', { errors, warnings })}
            </strong>
          </p>
          <p className="muted" data-testid="store-check-counts">
            {t('diagnostics:ui.checked', { total })}
            {CHECKED_TABLES.map(
              (table) => `${t(`diagnostics:ui.table.${table}`)} ${report.checked[table] ?? 0}`,
            ).join(' · ')}
          </p>
          {report.problems.length > 0 && (
            <>
              <ul className="store-check-problems" data-testid="store-check-problems">
                {report.problems.map((p, i) => (
                  <li
                    key={i}
                    className={`issue-${p.severity}`}
                    data-severity={p.severity}
                    data-table={p.table}
                    data-key={p.key}
                  >
                    <strong>{t(`diagnostics:ui.${p.severity}`)}</strong>{' '}
                    <span className="mono">{format(p.message)}</span>
                  </li>
                ))}
              </ul>
              {errors > 0 && <p className="muted">{t('diagnostics:ui.hint')}</p>}
            </>
          )}
        </div>
      )}
    </section>
  );
}

export function AboutPage() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<AppInfo>();
  useEffect(() => {
    void getHost().appInfo().then(setInfo);
  }, []);
  return (
    <section aria-labelledby="about-title">
      <h2 id="about-title">{t('about.title')}</h2>
      <dl className="about">
        <dt>{t('about.version')}</dt>
        <dd>{info?.version ?? '…'}</dd>
        <dt>{t('about.host')}</dt>
        <dd>{info ? t(`about.hostKind.${info.host}`) : '…'}</dd>
        <dt>{t('about.platform')}</dt>
        <dd>{info?.platform ?? '…'}</dd>
        <dt>{t('about.schema')}</dt>
        <dd>{LATEST_SCHEMA_VERSION}</dd>
        <dt>{t('about.tokens')}</dt>
        <dd>{info ? (info.secureTokenStorage ? t('about.tokensSecure') : t('about.tokensBrowser')) : '…'}</dd>
      </dl>
      <p className="muted">{t('about.offline')}</p>
      <UpdateSettings />
      <StoreCheck />
    </section>
  );
}
