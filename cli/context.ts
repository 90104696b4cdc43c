/** What every command module gets: the translator, output lines, the exit code, usage errors. */
import type { Command } from 'commander';
import type { Translator } from '../shared/i18n/index.ts';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Bad arguments: reported as one translated line with exit code 2. */
export class UsageError extends Error {}

export interface CliContext {
  tr: Translator;
  /** One line to stdout. */
  out(line: string): void;
  /** One line to stderr. */
  err(line: string): void;
  setExit(code: number): void;
  /** Writes a file (the CLI's only side effect besides output), creating nothing else. */
  cwd: string;
}

export type RegisterCommands = (program: Command, ctx: CliContext) => void;
