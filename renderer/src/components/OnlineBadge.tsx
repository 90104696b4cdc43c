import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { getHost } from '../host/index.ts';

export function OnlineBadge() {
  const { t } = useTranslation();
  const host = getHost();
  const online = useSyncExternalStore(
    (cb) => host.online.subscribe(cb),
    () => host.online.isOnline(),
  );
  return (
    <span className={`badge ${online ? 'badge-online' : 'badge-offline'}`}>
      {online ? t('status.online') : t('status.offline')}
    </span>
  );
}
