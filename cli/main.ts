/**
 * The `tianbao` command line over shared/. Exit codes: 0 success, 1 the checked data is invalid,
 * 2 bad command-line usage (one translated line on stderr), 3 unexpected internal error.
 *
 * Commander's own English error texts are suppressed and replaced by one line in the user's
 * language, built from the CommanderError code and the quoted names in its message.
 */
import { Command, CommanderError } from 'commander';
import { createTranslator, localeFrom, type Translator } from '../shared/i18n/index.ts';
import { checkUscc } from '../shared/domain/uscc.ts';
import { regionByCode, regionName } from '../shared/domain/regions.ts';
import pkg from '../package.json';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_INVALID, UsageError, type CliContext } from './context.ts';
import { registerExcelCommands } from './commands/excel.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerPackageCommands } from './commands/package.ts';
import { registerSignCommands } from './commands/sign.ts';
import { registerBackupCommands } from './commands/backup.ts';

export interface CliStream {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Environment for the locale (LC_ALL, LC_MESSAGES, LANG); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

export { EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL } from './context.ts';

/** A usage problem found by a command itself (e.g. an unknown template id): exit 2, one line. */

/** POSIX precedence, skipping the C/POSIX locale so LANG=en_US still counts under LC_ALL=C.UTF-8. */
export function cliLocaleTag(env: Record<string, string | undefined>): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value && !/^(C|POSIX)([._@]|$)/i.test(value)) return value;
  }
  return undefined;
}

/** Terminal columns taken by a string: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000;
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]!))).join('  '))
    .join('\n');
}

/**
 * The subcommand path the user typed (e.g. `tianbao uscc check`) for "run … --help" hints, and the
 * first word that named no command there (`tianbao help foo` → foo).
 */
function commandPath(program: Command, args: string[]): { cmd: Command; unmatched?: string } {
  let cmd = program;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    // `help <command>` names the command after it.
    if (arg === 'help' && cmd.commands.length > 0) continue;
    const next = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) return { cmd, unmatched: arg };
    cmd = next;
  }
  return { cmd };
}

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Joins names the way each language lists them. */
function joinList(items: string[], tr: Translator): string {
  return items.join(tr.t('cli:list.separator'));
}

function visibleCommandNames(cmd: Command, tr: Translator): string {
  return joinList(
    cmd.commands.map((c) => c.name()),
    tr,
  );
}

/** Turns a CommanderError into one translated line. */
function describeCommanderError(
  err: CommanderError,
  { cmd, unmatched }: { cmd: Command; unmatched?: string },
  tr: Translator,
): string {
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(err.message)?.[1];
  const hint = suggestion ? tr.t('cli:error.didYouMean', { suggestion }) : '';
  let detail: string;
  switch (err.code) {
    case 'commander.unknownOption':
      detail = tr.t('cli:error.unknownOption', { option: quoted }) + hint;
      break;
    case 'commander.unknownCommand':
      detail =
        tr.t('cli:error.unknownCommand', { command: quoted, commands: visibleCommandNames(cmd, tr) }) + hint;
      break;
    case 'commander.missingArgument':
      detail = tr.t('cli:error.missingArgument', { argument: quoted });
      break;
    case 'commander.optionMissingArgument':
      detail = tr.t('cli:error.optionMissingArgument', { option: quoted });
      break;
    case 'commander.excessArguments': {
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(err.message);
      detail = tr.t('cli:error.excessArguments', { expected: m?.[1] ?? '?', actual: m?.[2] ?? '?' });
      break;
    }
    case 'commander.help':
      // A group without its subcommand, or `help <unknown>`.
      detail =
        unmatched === undefined
          ? tr.t('cli:error.missingCommand', { commands: visibleCommandNames(cmd, tr) })
          : tr.t('cli:error.unknownCommand', { command: unmatched, commands: visibleCommandNames(cmd, tr) });
      break;
    default:
      detail = tr.t('cli:error.invalidArguments', { detail: err.message.replace(/^error:\s*/, '') });
  }
  return tr.t('cli:error.usage', { detail, help: `${fullName(cmd)} --help` });
}

function buildProgram(tr: Translator, io: CliIo, setExit: (code: number) => void): Command {
  const t = tr.t;
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const headings: Record<string, string> = {
    'Usage:': t('cli:help.usage'),
    'Options:': t('cli:help.options'),
    'Commands:': t('cli:help.commands'),
    'Arguments:': t('cli:help.arguments'),
    'Global Options:': t('cli:help.globalOptions'),
  };

  // Settings made before .command() are inherited by every subcommand.
  const program = new Command('tianbao')
    .description(t('cli:program.description'))
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Errors are reported by run() as one translated line; commander's own output is dropped.
      writeErr: () => {},
      outputError: () => {},
    })
    .configureHelp({ styleTitle: (title) => headings[title] ?? title })
    .helpOption('-h, --help', t('cli:help.option'))
    .helpCommand('help [command]', t('cli:help.command'))
    .version(pkg.version, '-V, --version', t('cli:help.version'))
    .exitOverride();

  const template = program.command('template').description(t('cli:template.description'));

  template
    .command('list')
    .description(t('cli:template.list.description'))
    .option('--json', t('cli:option.json'))
    .action(async (opts: { json?: boolean }) => {
      // Loaded on demand: parsing the templates is work `uscc check` should not pay for.
      const { listBuiltinTemplates } = await import('../shared/templates/index.ts');
      const rows = listBuiltinTemplates().map((tpl) => ({
        id: tpl.id,
        version: tpl.version,
        name: tpl.name,
        taskCount: tpl.tasks.length,
      }));
      if (opts.json) {
        out(JSON.stringify(rows, null, 2));
      } else if (rows.length === 0) {
        out(t('cli:template.list.empty'));
      } else {
        const header = ['id', 'version', 'tasks', 'name'].map((k) => t(`cli:template.list.${k}`));
        out(table([header, ...rows.map((r) => [r.id, r.version, String(r.taskCount), r.name])]));
      }
      setExit(EXIT_OK);
    });

  template
    .command('show')
    .description(t('cli:template.show.description'))
    .argument('<id>', t('cli:template.show.id'))
    .option('--json', t('cli:option.json'))
    .action(async (id: string) => {
      const { getBuiltinTemplate, listBuiltinTemplates } = await import('../shared/templates/index.ts');
      const tpl = getBuiltinTemplate(id);
      if (!tpl) {
        const ids = joinList(
          listBuiltinTemplates().map((x) => x.id),
          tr,
        );
        throw new UsageError(t('cli:template.unknown', { id, ids }));
      }
      // The template is data; JSON is its only faithful text form, with or without --json.
      out(JSON.stringify(tpl, null, 2));
      setExit(EXIT_OK);
    });

  const ctx: CliContext = {
    tr,
    out,
    err: (line) => io.stderr.write(`${line}\n`),
    setExit,
    cwd: process.cwd(),
  };
  registerExcelCommands(program, ctx);
  registerReportCommands(program, ctx);
  registerPackageCommands(program, ctx);
  registerSignCommands(program, ctx);
  registerBackupCommands(program, ctx);

  const uscc = program.command('uscc').description(t('cli:uscc.description'));

  uscc
    .command('check')
    .description(t('cli:uscc.check.description'))
    .argument('<code>', t('cli:uscc.check.code'))
    .option('--json', t('cli:option.json'))
    .action((code: string, opts: { json?: boolean }) => {
      const result = checkUscc(code);
      if (result.ok) {
        const region = usccRegion(result.normalized);
        if (opts.json) {
          out(JSON.stringify({ ok: true, normalized: result.normalized, region }, null, 2));
        } else {
          out(t('cli:uscc.check.valid', { code: result.normalized }));
          if (region) out(t('cli:uscc.check.region', { region }));
        }
        setExit(EXIT_OK);
        return;
      }
      if (opts.json) {
        const errors = result.errors.map((e) => ({
          ...(e.position === undefined ? {} : { position: e.position }),
          key: e.message.key,
          params: e.message.params ?? {},
          message: tr.format(e.message),
        }));
        out(JSON.stringify({ ok: false, input: code, normalized: result.normalized, errors }, null, 2));
      } else {
        out(t('cli:uscc.check.invalid', { code: result.normalized || code, count: result.errors.length }));
        const positions = result.errors.flatMap((e) => (e.position === undefined ? [] : [e.position]));
        // A caret line only lines up when every character is one column wide.
        if (positions.length > 0 && /^[\x21-\x7e]+$/.test(result.normalized)) {
          const marks = Array.from({ length: result.normalized.length }, (_, i) =>
            positions.includes(i + 1) ? '^' : ' ',
          );
          out(`  ${result.normalized}`);
          out(`  ${marks.join('').trimEnd()}`);
        }
        for (const e of result.errors) out(`  - ${tr.format(e.message)}`);
      }
      setExit(EXIT_INVALID);
    });

  return program;
}

/**
 * Region of the registration authority (positions 3–8) when it names a known city or province;
 * the code is usually a county's, so fall back to its city, then its province.
 */
function usccRegion(code: string): string | undefined {
  const region = code.slice(2, 8);
  for (const candidate of [region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`]) {
    if (regionByCode(candidate)) return regionName(candidate);
  }
  return undefined;
}

export async function run(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const tr = createTranslator(localeFrom(cliLocaleTag(io.env ?? process.env)));
  let exitCode = EXIT_OK;
  const program = buildProgram(tr, io, (code) => {
    exitCode = code;
  });
  const args = argv.slice(2);
  const errLine = (line: string) => io.stderr.write(`${line}\n`);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
      // `tianbao help` exits 0; a group called without its subcommand exits 1 — that is a usage error.
      if (err.code === 'commander.help' && err.exitCode === 0) return EXIT_OK;
      errLine(describeCommanderError(err, commandPath(program, args), tr));
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      errLine(tr.t('cli:error.line', { detail: err.message }));
      return EXIT_USAGE;
    }
    errLine(tr.t('cli:error.internal', { detail: err instanceof Error ? err.message : String(err) }));
    return EXIT_INTERNAL;
  }
}
