/**
 * Domain code returns messages as i18n keys with parameters, never finished strings, so the
 * renderer, the CLI and the Electron shell all show them in the user's language.
 */
export type MessageParams = Record<string, string | number>;

export interface Message {
  /** `namespace:key`, e.g. `validation:uscc.checkDigit`. */
  key: string;
  params?: MessageParams;
}

export function msg(key: string, params?: MessageParams): Message {
  return params ? { key, params } : { key };
}
