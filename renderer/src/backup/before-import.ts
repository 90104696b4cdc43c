/**
 * The automatic backup before an import, as the import buttons use it: true when the store was
 * backed up and the import may go ahead; otherwise the reason is shown and nothing is imported.
 */
import { backupBeforeImport } from '../../../shared/backup/auto.ts';
import { toStorageError, type TianbaoDb } from '../../../shared/db/index.ts';
import type { Message } from '../../../shared/i18n/message.ts';
import { useUi } from '../store/ui.ts';

export async function backedUpForImport(db: TianbaoDb | undefined, source: Message): Promise<boolean> {
  if (!db) return false;
  try {
    await backupBeforeImport(db, source);
    return true;
  } catch (error) {
    useUi.getState().notify('error', toStorageError(error).userMessage);
    return false;
  }
}
