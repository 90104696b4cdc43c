/** Both drivers return timestamptz as Date; the API speaks ISO 8601 text. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}
