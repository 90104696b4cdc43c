import { useTranslation } from 'react-i18next';
import { useUi, type TopPage } from './store/ui.ts';
import { changeLocale } from './i18n.ts';
import { Notices } from './components/Notices.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { routeToHash } from './store/route-hash.ts';
import { OnlineBadge } from './components/OnlineBadge.tsx';
import { SyncBadge } from './sync/SyncBadge.tsx';
import { SyncPage } from './sync/SyncPage.tsx';
import { useSync } from './sync/sync-service.ts';
import { ProvincePage } from './province/ProvincePage.tsx';
import { UnitProfilePage } from './pages/UnitProfilePage.tsx';
import { TemplatesPage } from './pages/TemplatesPage.tsx';
import { AboutPage } from './pages/AboutPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ProjectPage } from './pages/ProjectPage.tsx';
import { SubmissionPage } from './submission/SubmissionPage.tsx';
import { DataPage } from './backup/DataPage.tsx';
import { LOCALES, LOCALE_NAMES, localeFrom } from '../../shared/i18n/index.ts';

const TOP_PAGES: TopPage[] = ['home', 'unit', 'sync', 'templates', 'data', 'about'];
/** Reviewers see their workspace first; units never see it. */
const REVIEWER_PAGES: TopPage[] = ['province', 'sync', 'templates', 'data', 'about'];

export function App() {
  const { t, i18n } = useTranslation();
  const route = useUi((s) => s.route);
  const navigate = useUi((s) => s.navigate);
  const role = useSync((s) => s.status?.user?.role);
  const reviewer = role === 'province' || role === 'ministry';
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
        <ErrorBoundary resetKey={routeToHash(route)}>
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
        </ErrorBoundary>
      </main>
      <Notices />
    </div>
  );
}
