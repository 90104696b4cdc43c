/**
 * Input validation with the shared zod schemas. Every problem becomes a located, translated
 * message (`mutations[0].baseRev：应为整数`) and the request is answered 400 with all of them.
 */
import type { z } from 'zod';
import { msg, type Message, type MessageParams } from '../../shared/i18n/message.ts';
import { ApiError, type LocatedMessage } from './errors.ts';

export type InputPart = 'body' | 'query' | 'params';

/** `mutations[0].doc.values.T01_01`; array indexes in brackets as people read them. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

const KNOWN_TYPES = new Set(['string', 'number', 'int', 'boolean', 'object', 'array', 'record', 'null']);

const KNOWN_NAMESPACE = /^(validation|api|common):[\w.]+$/;

function bound(v: unknown): string | number {
  return typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? v : String(v);
}

/** One zod issue as a message key of the `api` namespace (or the key a domain schema gave it). */
export function issueMessage(issue: z.core.$ZodIssue): Message {
  // Domain schemas (the unit profile) put i18n keys in their messages, with parameters beside.
  if (KNOWN_NAMESPACE.test(issue.message)) {
    const params = (issue as { params?: { i18n?: MessageParams } }).params?.i18n;
    return msg(issue.message, params);
  }
  const missing = !('input' in issue) || issue.input === undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return msg('api:validation.required');
      return msg(`api:validation.type.${KNOWN_TYPES.has(issue.expected) ? issue.expected : 'other'}`);
    case 'too_small':
      return msg(`api:validation.tooSmall.${origin(issue.origin)}`, { min: bound(issue.minimum) });
    case 'too_big':
      return msg(`api:validation.tooBig.${origin(issue.origin)}`, { max: bound(issue.maximum) });
    case 'invalid_format':
      return msg(issue.format === 'uuid' ? 'api:validation.uuid' : 'api:validation.format');
    case 'invalid_value':
      return msg('api:validation.oneOf', { values: issue.values.map((v) => String(v)).join('、') });
    case 'unrecognized_keys':
      return msg('api:validation.unknownKeys', { keys: issue.keys.join('、') });
    case 'not_multiple_of':
      return msg('api:validation.type.int');
    default:
      return msg('api:validation.invalid');
  }
}

function origin(o: string): 'string' | 'number' | 'array' | 'other' {
  if (o === 'string' || o === 'array') return o;
  if (o === 'number' || o === 'int' || o === 'bigint') return 'number';
  return 'other';
}

export function locatedIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): LocatedMessage[] {
  return error.issues.map((issue) => {
    let path = [...prefix, ...issue.path];
    // An unknown key is located at the key itself, not at the object holding it.
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path = [...path, issue.keys[0]!];
    return { path: formatPath(path), message: issueMessage(issue) };
  });
}

/** Parses one part of a request or throws a 400 that names every wrong field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): z.output<S> {
  const result = schema.safeParse(value ?? (part === 'body' ? undefined : {}), { reportInput: true });
  if (result.success) return result.data;
  const issues = locatedIssues(result.error);
  const first = issues[0]!;
  throw new ApiError(400, 'validation', msg(`api:error.validation.${part}`, { path: first.path || '—' }), {
    issues,
  });
}
