import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUi, type TopPage } from './store/ui.ts';
import { changeLocale } from './i18n.ts';
import { Notices } from './components/Notices.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { routeToHash } from './store/route-hash.ts';
import { OnlineBadge } from './components/OnlineBadge.tsx';
import { SyncBadge } from './sync/SyncBadge.tsx';
import { useSync } from './sync/sync-service.ts';
import { ProvincePage } from './province/ProvincePage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { UpdateNotice } from './components/UpdateNotice.tsx';
import { getHost } from './host/index.ts';
import { LOCALES, LOCALE_NAMES, localeFrom } from '../../shared/i18n/index.ts';

// The start pages (我的项目, 省级审核) come with the app; the others, the submission editor above all
// (ProseMirror, ~0.5 MB), load when first opened, so the first page parses less.
const UnitProfilePage = lazy(async () => ({
  default: (await import('./pages/UnitProfilePage.tsx')).UnitProfilePage,
}));
const TemplatesPage = lazy(async () => ({
  default: (await import('./pages/TemplatesPage.tsx')).TemplatesPage,
}));
const AboutPage = lazy(async () => ({ default: (await import('./pages/AboutPage.tsx')).AboutPage }));
const SyncPage = lazy(async () => ({ default: (await import('./sync/SyncPage.tsx')).SyncPage }));
const DataPage = lazy(async () => ({ default: (await import('./backup/DataPage.tsx')).DataPage }));
const ProjectPage = lazy(async () => ({ default: (await import('./pages/ProjectPage.tsx')).ProjectPage }));
const SubmissionPage = lazy(async () => ({
  default: (await import('./submission/SubmissionPage.tsx')).SubmissionPage,
}));

const TOP_PAGES: TopPage[] = ['home', 'unit', 'sync', 'templates', 'data', 'about'];
/** Reviewers see their workspace first; units never see it. */
const REVIEWER_PAGES: TopPage[] = ['province', 'sync', 'templates', 'data', 'about'];

export function App() {
  const { t, i18n } = useTranslation();
  const route = useUi((s) => s.route);
  const navigate = useUi((s) => s.navigate);
  const role = useSync((s) => s.status?.user?.role);
  const reviewer = role === 'province' || role === 'ministry';
  // A package the system opened with the app waits in the host until an import button takes it;
  // the start page has one.
  useEffect(
    () =>
      getHost().openedFiles.subscribe(() => {
        const at = useUi.getState().route.name;
        if (at !== 'home' && at !== 'province') navigate({ name: 'home' });
      }),
    [navigate],
  );
  const pages = reviewer ? REVIEWER_PAGES : TOP_PAGES;
  const top: TopPage =
    route.name === 'project' || route.name === 'submission' ? (reviewer ? 'province' : 'home') : route.name;
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">{t('app.title')}</h1>
        <nav aria-label={t('nav.label')}>
          {pages.map((p) => (
            <button
              key={p}
              type="button"
              className={p === top ? 'nav-item active' : 'nav-item'}
              aria-current={p === top ? 'page' : undefined}
              onClick={() => navigate({ name: p })}
            >
              {t(`nav.${p}`)}
            </button>
          ))}
        </nav>
        <div className="header-tools">
          <OnlineBadge />
          <SyncBadge />
          <label className="locale-switch">
            <span className="visually-hidden">{t('locale.label')}</span>
            <select
              value={localeFrom(i18n.language)}
              onChange={(e) => void changeLocale(localeFrom(e.target.value))}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <main className="app-main">
        <UpdateNotice />
        <ErrorBoundary resetKey={routeToHash(route)}>
          <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
            {route.name === 'home' && (reviewer ? <ProvincePage /> : <HomePage />)}
            {route.name === 'province' && <ProvincePage />}
            {route.name === 'unit' && <UnitProfilePage />}
            {route.name === 'sync' && <SyncPage />}
            {route.name === 'templates' && <TemplatesPage />}
            {route.name === 'data' && <DataPage />}
            {route.name === 'about' && <AboutPage />}
            {route.name === 'project' && <ProjectPage projectId={route.projectId} />}
            {route.name === 'submission' && (
              <SubmissionPage key={route.submissionId} submissionId={route.submissionId} />
            )}
          </Suspense>
        </ErrorBoundary>
      </main>
      <Notices />
    </div>
  );
}
