import { useTranslation } from 'react-i18next';
import { useUi } from '../store/ui.ts';
import { useFormatMessage } from '../useMessage.ts';

export function Notices() {
  const { t } = useTranslation();
  const notices = useUi((s) => s.notices);
  const dismiss = useUi((s) => s.dismiss);
  const format = useFormatMessage();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{format(n.message)}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label={t('action.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
