/** A seal image refused or a seal that cannot be placed, with the reason as a translatable message. */
import { MessageError } from '../sign/errors.ts';

export class SealError extends MessageError {
  override name = 'SealError';
}
