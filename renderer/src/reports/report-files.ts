/** File types the report exports save as, and how a failed export is worded. */
import type { Message } from '../../../shared/i18n/message.ts';
import { StorageError } from '../../../shared/db/index.ts';
import { ReportFailure } from './report-client.ts';

export const FILE_TYPES = {
  pdf: { ext: 'pdf', mime: 'application/pdf', filterName: 'PDF' },
  docx: {
    ext: 'docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    filterName: 'Word',
  },
  xlsx: {
    ext: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filterName: 'Excel',
  },
} as const;

export function failureMessage(error: unknown): Message {
  if (error instanceof ReportFailure && error.failure.message) return error.failure.message;
  if (error instanceof StorageError) return error.userMessage;
  return {
    key: 'document:ui.failed',
    params: { detail: error instanceof Error ? error.message : String(error) },
  };
}
