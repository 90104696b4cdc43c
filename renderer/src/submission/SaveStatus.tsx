import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-store.ts';

/**
 * The autosave acknowledgement users know from WPS: 正在保存… while a write is open, then
 * 已保存 with the time it committed. An edit shown as saved survives a crash or a power cut.
 */
export function SaveStatus() {
  const { t, i18n } = useTranslation();
  const pending = useEditor((s) => s.pendingWrites > 0);
  const savedAt = useEditor((s) => s.savedAt);
  const failed = useEditor((s) => s.storageError !== undefined);
  const state = pending ? 'saving' : failed ? 'error' : savedAt ? 'saved' : 'idle';
  const time = savedAt ? new Date(savedAt).toLocaleTimeString(i18n.language, { hour12: false }) : '';
  return (
    <span className={`save-status save-${state}`} role="status" aria-live="polite" data-save-state={state}>
      {state === 'saving' && t('editor:save.saving')}
      {state === 'saved' && t('editor:save.saved', { time })}
      {state === 'error' && t('editor:save.failed')}
      {state === 'idle' && t('editor:save.idle')}
    </span>
  );
}
