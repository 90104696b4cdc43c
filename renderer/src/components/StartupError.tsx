import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/i18n/message.ts';
import { useFormatMessage } from '../useMessage.ts';

/** Shown when the local store cannot be opened: say why, never show an empty form. */
export function StartupError({ message }: { message: Message }) {
  const { t } = useTranslation();
  const format = useFormatMessage();
  return (
    <main className="startup-error" role="alert">
      <h1>{t('app.startupFailed')}</h1>
      <p>{format(message)}</p>
    </main>
  );
}
