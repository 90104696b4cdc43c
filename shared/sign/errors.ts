/**
 * Errors of the seal and signature code carry a translatable {@link Message}; `message` is its
 * Chinese text so a log or an uncaught error still says what went wrong.
 */
import { createTranslator, type Translator } from '../i18n/index.ts';
import type { Message } from '../i18n/message.ts';

let zh: Translator | undefined;

export class MessageError extends Error {
  constructor(readonly detail: Message) {
    zh ??= createTranslator('zh-CN');
    super(zh.format(detail));
  }
}

/** The PDF cannot be read or appended to (not a PDF, encrypted, damaged). */
export class PdfUpdateError extends MessageError {
  override name = 'PdfUpdateError';
}

/** Signing refused: wrong password, expired certificate, no private key … */
export class SignError extends MessageError {
  override name = 'SignError';
}
