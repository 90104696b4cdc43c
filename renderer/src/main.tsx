import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { i18n } from './i18n.ts';
import { App } from './App.tsx';
import { StartupError } from './components/StartupError.tsx';
import { prepareStore } from './db.ts';
import { startSync } from './sync/sync-service.ts';
import { toStorageError } from '../../shared/db/index.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

function render(node: React.ReactNode): void {
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>{node}</I18nextProvider>
    </StrictMode>,
  );
}

prepareStore().then(
  () => {
    // Lets benchmarks and diagnostics split startup time: store open vs. the first page.
    performance.mark('tianbao:store-ready');
    render(<App />);
    void startSync();
  },
  (error: unknown) => render(<StartupError message={toStorageError(error).userMessage} />),
);
