import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/i18n/message.ts';

/** Formats a domain message in the current language. */
export function useFormatMessage(): (m: Message) => string {
  const { t } = useTranslation();
  return (m) => String(t(m.key, m.params ?? {}));
}
