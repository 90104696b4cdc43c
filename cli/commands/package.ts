/**
 * Submission package commands: `package verify <file>` checks a `.tbpkg` the way the province
 * app does before importing it. Exit codes: 0 intact, 1 the package is damaged or was changed
 * (every problem listed, located), 2 the file cannot be read at all (missing, not a zip) or bad
 * arguments.
 */
import type { Command } from 'commander';
import { regionName } from '../../shared/domain/regions.ts';
import type { PackageError } from '../../shared/package/format.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliContext } from '../context.ts';
import { readInput } from '../files.ts';

/** Sizes as people read them; the units are the same in every language. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Not a zip at all: nothing in it could be looked at, as opposed to a damaged package. */
function isUnreadable(errors: PackageError[]): boolean {
  return errors.length === 1 && errors[0]!.code === 'notZip';
}

export function registerPackageCommands(program: Command, ctx: CliContext): void {
  const t = ctx.tr.t;
  const group = program.command('package').description(t('cli:package.description'));

  group
    .command('verify')
    .description(t('cli:package.verify.description'))
    .argument('<file>', t('cli:package.verify.file'))
    .option('--json', t('cli:option.json'))
    .action(async (file: string, opts: { json?: boolean }) => {
      const bytes = await readInput(file, ctx);
      // Loaded on demand: jszip and the schemas are work other commands should not pay for.
      const { readPackage } = await import('../../shared/package/read.ts');
      const { formatPackageError, packageErrorJson } = await import('../../shared/package/format.ts');
      const result = await readPackage(bytes);

      if (!result.ok) {
        if (isUnreadable(result.errors)) {
          const reason = formatPackageError(result.errors[0]!, ctx.tr);
          if (!opts.json) throw new UsageError(t('cli:package.verify.unreadable', { file, reason }));
          ctx.out(
            JSON.stringify(
              { ok: false, file, errors: [packageErrorJson(result.errors[0]!, ctx.tr)] },
              null,
              2,
            ),
          );
          ctx.setExit(EXIT_USAGE);
          return;
        }
        if (opts.json) {
          const errors = result.errors.map((e) => packageErrorJson(e, ctx.tr));
          ctx.out(JSON.stringify({ ok: false, file, errors }, null, 2));
        } else {
          ctx.out(t('cli:package.verify.invalid', { file, count: result.errors.length }));
          for (const e of result.errors) ctx.out(`  - ${formatPackageError(e, ctx.tr)}`);
        }
        ctx.setExit(EXIT_INVALID);
        return;
      }

      const { content, manifest, manifestSha256 } = result;
      const { unit, project, submission } = content;
      const region = regionName(unit.doc.regionCode) ?? unit.doc.regionCode;
      const unpacked = manifest.files.reduce((n, f) => n + f.size, 0);
      const counts = {
        values: new Set([...Object.keys(submission.doc.values), ...Object.keys(submission.doc.raw ?? {})])
          .size,
        evidence: content.evidence.length,
        files: Object.keys(content.blobs).length,
        comments: content.comments.length,
        snapshots: content.snapshots.length,
      };
      if (opts.json) {
        const summary = {
          ok: true,
          file,
          format: manifest.format,
          formatVersion: manifest.formatVersion,
          createdAt: manifest.createdAt,
          ...(manifest.appVersion ? { appVersion: manifest.appVersion } : {}),
          manifestSha256,
          unit: {
            id: unit.id,
            name: unit.doc.name,
            uscc: unit.doc.uscc,
            regionCode: unit.doc.regionCode,
            region,
          },
          project: { id: project.id, name: project.doc.name, taskCode: project.doc.taskCode },
          submission: {
            id: submission.id,
            year: submission.doc.year,
            status: submission.doc.status,
            snapshotSha256: submission.doc.snapshotSha256 ?? null,
            submittedAt: submission.doc.submittedAt ?? null,
          },
          counts,
          size: bytes.byteLength,
          unpackedSize: unpacked,
          files: manifest.files,
        };
        ctx.out(JSON.stringify(summary, null, 2));
        ctx.setExit(EXIT_OK);
        return;
      }
      const p = 'cli:package.verify.';
      ctx.out(t(`${p}ok`, { file, count: manifest.files.length + 2 }));
      const lines = [
        t(`${p}unit`, { name: unit.doc.name, uscc: unit.doc.uscc, region }),
        t(`${p}project`, { name: project.doc.name, task: project.doc.taskCode }),
        t(`${p}year`, { year: submission.doc.year }),
        t(`${p}status`, { status: t(`editor:status.${submission.doc.status}`) }),
        t(`${p}contents`, counts),
        t(`${p}size`, { size: formatBytes(bytes.byteLength), unpacked: formatBytes(unpacked) }),
        submission.doc.snapshotSha256
          ? t(`${p}snapshot`, { sha: submission.doc.snapshotSha256 })
          : t(`${p}noSnapshot`),
        t(`${p}created`, { createdAt: manifest.createdAt }),
        t(`${p}manifest`, { sha: manifestSha256 }),
      ];
      for (const line of lines) ctx.out(`  ${line}`);
      ctx.setExit(EXIT_OK);
    });
}
