import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Fallback({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="storage-error" role="alert">
      <p>
        {t('app.crashed')} <span className="mono">{error.message}</span>
      </p>
      <button type="button" className="secondary" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/**
 * A rendering bug in one page must not blank the whole window: the header stays, the user is
 * told, and nothing already written to IndexedDB is affected.
 */
export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error: Error | null; key: string }
> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (this.state.error)
      return <Fallback error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
