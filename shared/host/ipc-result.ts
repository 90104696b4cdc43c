/**
 * What crosses IPC back to the preload: a value or a structured error with a code and a message
 * already in the user's language. Stack traces and OS error text stay in the main process.
 */
export const HOST_ERROR_CODES = [
  'forbidden-sender',
  'invalid-input',
  'too-large',
  'not-found',
  'permission-denied',
  'file-busy',
  'disk-full',
  'io-error',
  'token-storage-unavailable',
  'update-not-ready',
  /** Signing: the data is not a PDF, or one that cannot be signed (encrypted, damaged). */
  'invalid-pdf',
  /** Signing: the PKCS#12 password is wrong (the UI asks for it again). */
  'wrong-password',
  /** Signing: the certificate file cannot sign (expired, not yet valid, no private key …). */
  'certificate-refused',
  /** Signing is not offered by this host (the browser): the CLI signs instead. */
  'signing-unavailable',
  'internal',
] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export interface HostErrorPayload {
  code: HostErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: HostErrorPayload };

/** Thrown to renderer code; over contextBridge only `message` survives, so it is the readable part. */
export class HostError extends Error {
  readonly code: HostErrorCode;
  constructor(code: HostErrorCode, message: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
  }
}

function isHostErrorCode(value: unknown): value is HostErrorCode {
  return typeof value === 'string' && (HOST_ERROR_CODES as readonly string[]).includes(value);
}

/** Returns the value of an IPC result or throws its error; anything malformed is an internal error. */
export function unwrapIpcResult<T>(result: unknown, internalMessage: string): T {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const r = result as { ok: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) return r.value as T;
    const e = r.error as { code?: unknown; message?: unknown } | undefined;
    if (e && isHostErrorCode(e.code) && typeof e.message === 'string') throw new HostError(e.code, e.message);
  }
  throw new HostError('internal', internalMessage);
}

/** Human-readable size for messages: "200 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
