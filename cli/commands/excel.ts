/** Excel commands: template import/export, fill-in workbooks. Filled in by the Excel work. */
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';

export function registerExcelCommands(_program: Command, _ctx: CliContext): void {}
