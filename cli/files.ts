/**
 * Reading and writing the CLI's files: located, translated reasons when a file cannot be read or
 * written, and outputs written whole or not at all (temp file + rename).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Template } from '../shared/domain/template.ts';
import { UsageError, type CliContext } from './context.ts';

/** Node's errno codes as reasons a school's IT staff can act on. */
function reasonOf(err: unknown, ctx: CliContext, writing = false): string {
  const code = (err as { code?: unknown } | null)?.code;
  const t = ctx.tr.t;
  if (code === 'ENOENT') return t(writing ? 'excel:cli.reason.noDirectory' : 'excel:cli.reason.notFound');
  if (code === 'EISDIR') return t('excel:cli.reason.isDirectory');
  if (code === 'EACCES' || code === 'EPERM') return t('excel:cli.reason.permission');
  return t('excel:cli.reason.other', { detail: err instanceof Error ? err.message : String(err) });
}

export async function readInput(file: string, ctx: CliContext): Promise<Uint8Array> {
  try {
    const buffer = await readFile(resolve(ctx.cwd, file));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (err) {
    throw new UsageError(ctx.tr.t('excel:cli.readFailed', { file, reason: reasonOf(err, ctx) }));
  }
}

/** Writes beside the target, then renames: a failed write never leaves half a workbook behind. */
export async function writeOutput(file: string, bytes: Uint8Array, ctx: CliContext): Promise<string> {
  const target = resolve(ctx.cwd, file);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, target);
    return target;
  } catch (err) {
    await rm(temp, { force: true });
    throw new UsageError(ctx.tr.t('excel:cli.writeFailed', { file, reason: reasonOf(err, ctx, true) }));
  }
}

export async function builtinTemplate(id: string, ctx: CliContext): Promise<Template> {
  const { getBuiltinTemplate, listBuiltinTemplates } = await import('../shared/templates/index.ts');
  const template = getBuiltinTemplate(id);
  if (template) return template;
  const ids = listBuiltinTemplates()
    .map((x) => x.id)
    .join(ctx.tr.t('cli:list.separator'));
  throw new UsageError(ctx.tr.t('cli:template.unknown', { id, ids }));
}

export function requireOption(value: string | undefined, key: string, ctx: CliContext): string {
  if (value === undefined || value.trim() === '') throw new UsageError(ctx.tr.t(key));
  return value;
}
