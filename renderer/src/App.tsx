import { useTranslation } from 'react-i18next';
import { useUi, type Page } from './store/ui.ts';
import { changeLocale } from './i18n.ts';
import { Notices } from './components/Notices.tsx';
import { OnlineBadge } from './components/OnlineBadge.tsx';
import { UnitProfilePage } from './pages/UnitProfilePage.tsx';
import { TemplatesPage } from './pages/TemplatesPage.tsx';
import { AboutPage } from './pages/AboutPage.tsx';
import { LOCALES, LOCALE_NAMES, localeFrom } from '../../shared/i18n/index.ts';

const PAGES: Page[] = ['unit', 'templates', 'about'];

export function App() {
  const { t, i18n } = useTranslation();
  const page = useUi((s) => s.page);
  const go = useUi((s) => s.go);
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">{t('app.title')}</h1>
        <nav aria-label={t('nav.label')}>
          {PAGES.map((p) => (
            <button
              key={p}
              type="button"
              className={p === page ? 'nav-item active' : 'nav-item'}
              aria-current={p === page ? 'page' : undefined}
              onClick={() => go(p)}
            >
              {t(`nav.${p}`)}
            </button>
          ))}
        </nav>
        <div className="header-tools">
          <OnlineBadge />
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
        {page === 'unit' && <UnitProfilePage />}
        {page === 'templates' && <TemplatesPage />}
        {page === 'about' && <AboutPage />}
      </main>
      <Notices />
    </div>
  );
}
