/**
 * Seal and signature commands.
 *
 * `stamp --in <pdf> --seal <png> [--seal <png>] [--draw-seal <office>] [--p12 <file> --password-env
 * <VAR>] --out <pdf>`: places the seals over the signature block, adds the QR code with the
 * stamped content's SHA-256, then signs (PAdES, ETSI.CAdES.detached) when a PKCS#12 file is
 * given. The password comes from the named environment variable, never from the command line
 * (which other users can see in the process list). Exit 0 written; 2 unreadable input, refused
 * certificate or bad arguments (one line).
 *
 * `verify <file.pdf> [--json]`: exit 0 every signature intact, 1 any signature broken or the file
 * modified after signing (which and why), 2 unreadable or no signature.
 */
import type { Command } from 'commander';
import type { Message } from '../../shared/i18n/message.ts';
import type { SignatureReport, VerifyResult } from '../../shared/sign/verify.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliContext } from '../context.ts';
import { readInput, requireOption, writeOutput } from '../files.ts';

/** Errors of shared code that carry a translatable message. */
function messageOf(err: unknown): Message | undefined {
  const detail = (err as { detail?: unknown } | null)?.detail;
  return detail && typeof (detail as Message).key === 'string' ? (detail as Message) : undefined;
}

/** Runs shared code; a refusal with a message becomes a one-line usage error naming the file. */
async function attempt<T>(ctx: CliContext, file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const m = messageOf(err);
    if (m) throw new UsageError(ctx.tr.t('seal:cli.failed', { file, reason: ctx.tr.format(m) }));
    throw err;
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface StampOpts {
  in?: string;
  out?: string;
  seal?: string[];
  drawSeal?: string[];
  page?: string;
  p12?: string;
  passwordEnv?: string;
  reason?: string;
  location?: string;
  qr?: boolean;
}

function beijing(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

function printReport(s: SignatureReport, ctx: CliContext): void {
  const t = ctx.tr.t;
  const signer = s.signer
    ? [
        s.signer.commonName,
        s.signer.organization && s.signer.organization !== s.signer.commonName ? s.signer.organization : '',
      ]
        .filter(Boolean)
        .join(t('seal:cli.verify.separator'))
    : t('seal:cli.verify.unknownSigner');
  ctx.out(t('seal:cli.verify.signature', { index: s.index, field: s.fieldName ?? '-', signer }));
  ctx.out(`  ${t(s.intact ? 'seal:cli.verify.intact' : 'seal:cli.verify.broken')}`);
  if (s.signingTime) ctx.out(`  ${t('seal:cli.verify.time', { time: beijing(s.signingTime) })}`);
  ctx.out(`  ${t('seal:cli.verify.subFilter', { subFilter: s.subFilter ?? '-' })}`);
  ctx.out(
    `  ${t('seal:cli.verify.range', {
      range: s.byteRange.join(' '),
      covers: t(s.coversWholeFile ? 'seal:cli.verify.yes' : 'seal:cli.verify.no'),
    })}`,
  );
  if (s.reason) ctx.out(`  ${t('seal:cli.verify.reason', { reason: s.reason })}`);
  for (const p of s.problems) ctx.out(`  - ${ctx.tr.format(p)}`);
  for (const n of s.notes) ctx.out(`  · ${ctx.tr.format(n)}`);
}

function reportJson(result: VerifyResult, file: string, ctx: CliContext) {
  return {
    ok: result.allIntact,
    file,
    fileLength: result.fileLength,
    ...(result.stamp ? { stamp: result.stamp } : {}),
    signatures: result.signatures.map((s) => ({
      ...s,
      problems: s.problems.map((p) => ({ key: p.key, params: p.params ?? {}, message: ctx.tr.format(p) })),
      notes: s.notes.map((n) => ({ key: n.key, params: n.params ?? {}, message: ctx.tr.format(n) })),
    })),
  };
}

export function registerSignCommands(program: Command, ctx: CliContext): void {
  const t = ctx.tr.t;

  program
    .command('stamp')
    .description(t('seal:cli.stamp.description'))
    .option('--in <file>', t('seal:cli.stamp.in'))
    .option('--seal <png>', t('seal:cli.stamp.seal'), collect)
    .option('--draw-seal <office>', t('seal:cli.stamp.drawSeal'), collect)
    .option('--page <n>', t('seal:cli.stamp.page'))
    .option('--p12 <file>', t('seal:cli.stamp.p12'))
    .option('--password-env <name>', t('seal:cli.stamp.passwordEnv'))
    .option('--reason <text>', t('seal:cli.stamp.reason'))
    .option('--location <text>', t('seal:cli.stamp.location'))
    .option('--no-qr', t('seal:cli.stamp.noQr'))
    .option('--out <file>', t('seal:cli.stamp.out'))
    .action(async (opts: StampOpts) => {
      const input = requireOption(opts.in, 'seal:cli.stamp.inRequired', ctx);
      const out = requireOption(opts.out, 'seal:cli.stamp.outRequired', ctx);
      const sealFiles = opts.seal ?? [];
      const drawn = opts.drawSeal ?? [];
      if (sealFiles.length + drawn.length === 0 && !opts.p12)
        throw new UsageError(t('seal:cli.stamp.nothingToDo'));
      let page: number | 'last' = 'last';
      if (opts.page !== undefined && opts.page !== 'last') {
        page = Number(opts.page);
        if (!Number.isInteger(page) || page < 1)
          throw new UsageError(t('seal:cli.stamp.badPage', { page: opts.page }));
      }
      // Everything about the certificate is checked before any work is done.
      let password: string | undefined;
      if (opts.p12) {
        const name = requireOption(opts.passwordEnv, 'seal:cli.stamp.passwordEnvRequired', ctx);
        password = process.env[name];
        if (password === undefined) throw new UsageError(t('seal:cli.stamp.passwordEnvMissing', { name }));
      } else if (opts.passwordEnv) {
        throw new UsageError(t('seal:cli.stamp.p12Required'));
      }

      let pdf = await readInput(input, ctx);
      const { sealFromScan } = await import('../../shared/seal/scan.ts');
      const seals: import('../../shared/seal/stamp.ts').SealPlacement[] = [];
      for (const file of sealFiles) {
        const bytes = await readInput(file, ctx);
        // Scans and seals already cut out alike: paper (or transparency) out, red ink kept.
        const png = await attempt(ctx, file, async () => sealFromScan(bytes));
        seals.push({ png, page });
      }
      if (drawn.length > 0) {
        const { drawRoundSeal } = await import('../../shared/seal/draw.ts');
        const { loadSealFontNode } = await import('../../shared/seal/font-node.ts');
        for (const office of drawn) {
          const drawing = await attempt(ctx, office, async () =>
            drawRoundSeal({ name: office, draft: true }, loadSealFontNode()),
          );
          seals.push({ drawing, page });
        }
      }

      let stampedHash: string | undefined;
      if (seals.length > 0) {
        const { stampPdf } = await import('../../shared/seal/stamp.ts');
        const result = await attempt(ctx, input, () =>
          stampPdf(pdf, seals, opts.qr === false ? { qr: false } : { qr: { label: t('seal:qr.label') } }),
        );
        pdf = result.pdf;
        stampedHash = result.sha256;
      }
      let signer: string | undefined;
      if (opts.p12) {
        const p12 = await readInput(opts.p12, ctx);
        // Key material: loaded only here, in the CLI process.
        const { signPdf } = await import('../../shared/sign/sign.ts');
        const signed = await attempt(ctx, opts.p12, () =>
          signPdf(pdf, {
            p12,
            password: password!,
            ...(opts.reason ? { reason: opts.reason } : {}),
            ...(opts.location ? { location: opts.location } : {}),
            page,
          }),
        );
        pdf = signed.pdf;
        signer = signed.signer.commonName ?? signed.signer.organization ?? '';
      }
      const path = await writeOutput(out, pdf, ctx);
      ctx.out(t('seal:cli.stamp.done', { file: path, count: seals.length }));
      if (stampedHash) ctx.out(t('seal:cli.stamp.hash', { hash: stampedHash }));
      if (signer !== undefined) ctx.out(t('seal:cli.stamp.signed', { signer }));
      ctx.setExit(EXIT_OK);
    });

  program
    .command('verify')
    .description(t('seal:cli.verify.description'))
    .argument('<file>', t('seal:cli.verify.file'))
    .option('--json', t('cli:option.json'))
    .action(async (file: string, opts: { json?: boolean }) => {
      const bytes = await readInput(file, ctx);
      const { verifyPdf } = await import('../../shared/sign/verify.ts');
      let result: VerifyResult;
      try {
        result = await verifyPdf(bytes);
      } catch (err) {
        const m = messageOf(err);
        if (!m) throw err;
        const reason = ctx.tr.format(m);
        if (!opts.json) throw new UsageError(t('seal:cli.failed', { file, reason }));
        ctx.out(JSON.stringify({ ok: false, file, error: { key: m.key, message: reason } }, null, 2));
        ctx.setExit(EXIT_USAGE);
        return;
      }
      if (result.signatures.length === 0) {
        const reason = t('seal:cli.verify.noSignature');
        if (!opts.json) throw new UsageError(t('seal:cli.failed', { file, reason }));
        ctx.out(
          JSON.stringify(
            {
              ...reportJson(result, file, ctx),
              error: { key: 'seal:cli.verify.noSignature', message: reason },
            },
            null,
            2,
          ),
        );
        ctx.setExit(EXIT_USAGE);
        return;
      }
      if (opts.json) {
        ctx.out(JSON.stringify(reportJson(result, file, ctx), null, 2));
      } else {
        for (const s of result.signatures) printReport(s, ctx);
        if (result.stamp) {
          ctx.out(
            t(result.stamp.matchesRevision ? 'seal:cli.verify.stampOk' : 'seal:cli.verify.stampMismatch', {
              hash: result.stamp.sha256,
            }),
          );
        }
        const broken = result.signatures.filter((s) => !s.intact).length;
        ctx.out(
          broken === 0
            ? t('seal:cli.verify.allIntact', { count: result.signatures.length })
            : t('seal:cli.verify.someBroken', { count: result.signatures.length, broken }),
        );
      }
      ctx.setExit(result.allIntact ? EXIT_OK : EXIT_INVALID);
    });
}
