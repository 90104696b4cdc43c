/**
 * Backup file commands: `backup verify <file> [--password-env VAR]` checks a `.tbbak` the way the
 * app does before restoring it (passphrase, every entry's hash, every table's rows, the store
 * digest) and says what it holds. The passphrase comes from an environment variable, never from
 * the command line, where other users of the machine could read it in the process list.
 * Exit codes: 0 intact, 1 damaged or the passphrase is wrong (every problem listed, located),
 * 2 the file cannot be read at all, is no backup, needs a passphrase, or bad arguments.
 */
import type { Command } from 'commander';
import type { BackupIssue } from '../../shared/backup/format.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliContext } from '../context.ts';
import { readInput } from '../files.ts';

/** Problems that mean "this is not something to verify" rather than "this backup is damaged". */
const UNREADABLE = new Set(['empty', 'notBackup', 'passphraseRequired']);

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  const t = ctx.tr.t;
  const group = program.command('backup').description(t('backup:cli.description'));

  group
    .command('verify')
    .description(t('backup:cli.verify.description'))
    .argument('<file>', t('backup:cli.verify.file'))
    .option('--password-env <name>', t('backup:cli.verify.passwordEnv'))
    .option('--json', t('cli:option.json'))
    .action(async (file: string, opts: { passwordEnv?: string; json?: boolean }) => {
      let passphrase: string | undefined;
      if (opts.passwordEnv !== undefined) {
        passphrase = process.env[opts.passwordEnv];
        if (!passphrase) throw new UsageError(t('backup:cli.verify.envMissing', { name: opts.passwordEnv }));
      }
      const bytes = await readInput(file, ctx);
      // Loaded on demand: jszip and the schemas are work other commands should not pay for.
      const { readBackup } = await import('../../shared/backup/read.ts');
      const { formatBackupIssue } = await import('../../shared/backup/format.ts');
      const result = await readBackup(bytes, passphrase === undefined ? {} : { passphrase });
      const asJson = (issue: BackupIssue) => ({
        code: issue.code,
        entry: issue.entry,
        ...(issue.line !== undefined ? { line: issue.line } : {}),
        ...(issue.field !== undefined ? { field: issue.field } : {}),
        key: issue.message.key,
        params: issue.message.params ?? {},
        message: formatBackupIssue(issue, ctx.tr),
      });

      if (!result.ok) {
        const unreadable = result.issues.length === 1 && UNREADABLE.has(result.issues[0]!.code);
        if (opts.json) {
          ctx.out(JSON.stringify({ ok: false, file, errors: result.issues.map(asJson) }, null, 2));
        } else if (unreadable) {
          throw new UsageError(`${file}: ${formatBackupIssue(result.issues[0]!, ctx.tr)}`);
        } else {
          ctx.out(t('backup:cli.verify.invalid', { file, count: result.issues.length }));
          for (const issue of result.issues) ctx.out(`  - ${formatBackupIssue(issue, ctx.tr)}`);
        }
        ctx.setExit(unreadable ? EXIT_USAGE : EXIT_INVALID);
        return;
      }

      const { manifest, encrypted, manifestSha256 } = result.backup;
      if (opts.json) {
        ctx.out(
          JSON.stringify(
            {
              ok: true,
              file,
              encrypted,
              format: manifest.format,
              formatVersion: manifest.formatVersion,
              createdAt: manifest.createdAt,
              reason: manifest.reason,
              appVersion: manifest.appVersion ?? null,
              schemaVersion: manifest.schemaVersion,
              database: manifest.database,
              rows: Object.fromEntries(manifest.tables.map((x) => [x.name, x.rows])),
              files: manifest.files.length,
              size: bytes.byteLength,
              storeDigest: manifest.storeDigest,
              manifestSha256,
            },
            null,
            2,
          ),
        );
        ctx.setExit(EXIT_OK);
        return;
      }
      const p = 'backup:cli.verify.';
      ctx.out(t(`${p}ok`, { file }));
      ctx.out(
        `  ${t(`${p}created`, { createdAt: manifest.createdAt, reason: t(`backup:ui.reason.${manifest.reason}`) })}`,
      );
      ctx.out(`  ${t(`${p}schema`, { version: manifest.schemaVersion, app: manifest.appVersion ?? '—' })}`);
      ctx.out(
        `  ${t(`${p}encrypted`, { value: t(encrypted ? 'backup:ui.restore.yes' : 'backup:ui.restore.no') })}`,
      );
      for (const table of manifest.tables) {
        ctx.out(`  ${t(`${p}rows`, { table: table.name, count: table.rows })}`);
      }
      ctx.out(`  ${t(`${p}digest`, { digest: manifest.storeDigest })}`);
      ctx.setExit(EXIT_OK);
    });
}
