/** Any failure of a backup or restore as the message to show. */
import { BackupError } from '../../../shared/backup/format.ts';
import { StorageError } from '../../../shared/db/index.ts';
import { msg, type Message } from '../../../shared/i18n/message.ts';

function isQuota(error: unknown): boolean {
  if (error instanceof StorageError) return error.userMessage.key === 'common:storage.quota';
  return error instanceof Error && error.name === 'QuotaExceededError';
}

/**
 * Backup problems and the automatic-backup refusals are translatable already; a full disk gets
 * its own words; anything else (a host error is in the user's language already) keeps its text.
 */
export function failureMessage(error: unknown): Message {
  if (error instanceof BackupError) return error.userMessage;
  if (error instanceof StorageError && error.userMessage.key.startsWith('backup:')) return error.userMessage;
  if (isQuota(error)) return msg('backup:ui.noSpace');
  if (error instanceof StorageError) {
    const cause = error.cause;
    return msg('backup:ui.detail', { text: cause instanceof Error ? cause.message : error.message });
  }
  return msg('backup:ui.detail', { text: error instanceof Error ? error.message : String(error) });
}
