/**
 * Errors the API answers with: an HTTP status, a stable code for programs, and a message key
 * translated per request (zh-CN unless the client asks for English).
 */
import { msg, type Message, type MessageParams } from '../../shared/i18n/message.ts';

export interface LocatedMessage {
  path: string;
  message: Message;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly userMessage: Message,
    readonly extra: { issues?: LocatedMessage[]; details?: Record<string, unknown> } = {},
  ) {
    super(`${code}: ${userMessage.key}`);
    this.name = 'ApiError';
  }
}

/** Shorthand for the common case: the key is `api:error.<code>`. */
export function apiError(
  statusCode: number,
  code: string,
  params?: MessageParams,
  details?: Record<string, unknown>,
): ApiError {
  return new ApiError(statusCode, code, msg(`api:error.${code}`, params), details ? { details } : {});
}
