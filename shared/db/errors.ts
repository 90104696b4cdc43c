/**
 * Storage failures become one typed error with a translatable message, so every write path
 * can tell the user at once what happened instead of failing silently.
 */
import { msg, type Message } from '../i18n/message.ts';

export class StorageError extends Error {
  constructor(
    readonly userMessage: Message,
    cause?: unknown,
  ) {
    super(userMessage.key, { cause });
    this.name = 'StorageError';
  }
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const inner = (error as { inner?: unknown }).inner;
    if (inner && typeof inner === 'object' && 'name' in inner)
      return String((inner as { name: unknown }).name);
    if ('name' in error) return String((error as { name: unknown }).name);
  }
  return '';
}

export function toStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = errorName(error);
  if (name === 'QuotaExceededError') return new StorageError(msg('common:storage.quota'), error);
  if (name === 'VersionError' || name === 'UpgradeError')
    return new StorageError(msg('common:storage.version'), error);
  if (name === 'DatabaseClosedError' || name === 'OpenFailedError' || name === 'MissingAPIError')
    return new StorageError(msg('common:storage.unavailable'), error);
  return new StorageError(
    msg('common:storage.failed', { detail: error instanceof Error ? error.message : String(error) }),
    error,
  );
}

/** Runs a write and rethrows any failure as a StorageError; the transaction itself rolls back. */
export async function guardedWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw toStorageError(error);
  }
}
