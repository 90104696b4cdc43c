/** Where one record stands with the platform, and for a submission the platform's receipt. */
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import { recordSyncStatus } from '../../../shared/sync/engine.ts';
import type { SyncEntity } from '../../../shared/db/index.ts';

export function RecordSyncBadge({ entity, id }: { entity: SyncEntity; id: string }) {
  const { t } = useTranslation('sync');
  const navigate = useUi((s) => s.navigate);
  const state = useLiveQuery(async () => {
    const status = await recordSyncStatus(db, entity, id);
    const receipt = entity === 'submission' ? (await db.submissions.get(id))?.receipt : undefined;
    return { status, receipt };
  }, [entity, id]);
  if (!state) return null;
  const attention = state.status === 'conflict' || state.status === 'stuck';
  return (
    <div className="record-sync">
      <button
        type="button"
        className={`badge badge-button ${attention ? 'badge-offline' : state.status === 'synced' ? 'badge-online' : 'badge-muted'}`}
        onClick={() => navigate({ name: 'sync' })}
      >
        {t(`record.${state.status}`)}
      </button>
      {state.receipt && (
        <span className="muted" title={state.receipt.sha256}>
          {t('record.receipt', {
            rev: state.receipt.rev,
            at: new Date(state.receipt.at).toLocaleString('zh-CN'),
            sha: state.receipt.sha256.slice(0, 16),
          })}
        </span>
      )}
    </div>
  );
}
