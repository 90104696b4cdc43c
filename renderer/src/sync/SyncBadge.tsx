/** The header's sync state: signed out, offline, syncing, n changes waiting, conflicts, synced. */
import { useTranslation } from 'react-i18next';
import { useUi } from '../store/ui.ts';
import { useSync } from './sync-service.ts';

export function SyncBadge() {
  const { t } = useTranslation('sync');
  const navigate = useUi((s) => s.navigate);
  const { status, busy, unreachable } = useSync();
  if (!status) return null;
  let kind = 'badge-online';
  let text: string;
  if (!status.user) {
    kind = 'badge-muted';
    text = t('badge.signedOut');
  } else if (status.conflicts > 0) {
    kind = 'badge-offline';
    text = t('badge.conflicts', { count: status.conflicts });
  } else if (busy) text = t('badge.syncing');
  else if (unreachable) {
    kind = 'badge-offline';
    text = t('badge.unreachable', { count: status.pending });
  } else if (status.stuck > 0) {
    kind = 'badge-offline';
    text = t('badge.stuck', { count: status.stuck });
  } else if (status.pending > 0) text = t('badge.pending', { count: status.pending });
  else text = t('badge.synced');
  return (
    <button type="button" className={`badge badge-button ${kind}`} onClick={() => navigate({ name: 'sync' })}>
      {text}
    </button>
  );
}
