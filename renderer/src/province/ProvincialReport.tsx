/**
 * 省级总结报告 for one task: the office writes the five sections (kept in this store as typed), the
 * figures and tables are generated from the submissions, and it leaves as PDF, Word or Excel. In
 * the desktop app the stamped PDF can also be signed with the office's certificate (签名并保存):
 * the main process opens the certificate, signs and saves; this page only sends the PDF and the
 * password typed here.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { useUi } from '../store/ui.ts';
import { loadReportSources } from '../../../shared/db/index.ts';
import type { Template } from '../../../shared/domain/template.ts';
import type { SigningApi } from '../../../shared/host/api.ts';
import type { Message } from '../../../shared/i18n/message.ts';
import { PROVINCIAL_SECTIONS, type ProvincialSection } from '../../../shared/report/provincial-summary.ts';
import { runReport } from '../reports/report-client.ts';
import { failureMessage, FILE_TYPES } from '../reports/report-files.ts';
import { useFormatMessage } from '../useMessage.ts';

type Narrative = Partial<Record<ProvincialSection, string>>;
type Format = 'pdf' | 'docx' | 'xlsx';

const keyOf = (template: Template, task: string, year: number) => `provincial:${template.id}:${task}:${year}`;

/** Plain text as typed, one paragraph per line, as report HTML. */
function toHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${esc(l)}</p>`)
    .join('');
}

export function ProvincialReport({
  template,
  year,
  office: account,
}: {
  template: Template;
  year: number;
  office: string;
}) {
  const { t } = useTranslation('province');
  const notify = useUi((s) => s.notify);
  const [task, setTask] = useState(template.tasks[0]!.code);
  // The issuing office as it is sealed: the account's name without its role (湖南省教育厅 审核员).
  const [office, setOffice] = useState(() => account.split(/\s+/)[0] || account);
  const [text, setText] = useState<Narrative>({});
  const [busy, setBusy] = useState<number | null>(null);
  const [sealOwn, setSealOwn] = useState(true);
  const [second, setSecond] = useState('');
  const [scan, setScan] = useState<{ name: string; data: Uint8Array } | null>(null);
  const key = keyOf(template, task, year);

  useEffect(() => {
    let live = true;
    void db.meta.get(key).then((row) => live && setText((row?.value as Narrative | undefined) ?? {}));
    return () => {
      live = false;
    };
  }, [key]);

  // Every keystroke is kept, as everywhere else in the app.
  const edit = (section: ProvincialSection, value: string) => {
    const next = { ...text, [section]: value };
    setText(next);
    void db.meta.put({ key, value: next });
  };

  /** The file as the export buttons make it: generated in the worker, stamped when a PDF. */
  const makeFile = async (format: Format): Promise<{ data: Uint8Array; suggestedName: string }> => {
    const sources = await loadReportSources(db, { templateId: template.id, year, taskCode: task });
    const generatedAt = new Date().toISOString();
    const bytes =
      format === 'xlsx'
        ? await runReport({ type: 'summary', sources, template, year, generatedAt }, setBusy)
        : await runReport(
            {
              type: 'provincial',
              format,
              generatedAt,
              seals: [
                ...(sealOwn ? [scan ? { scan: scan.data } : { draw: office }] : []),
                ...(second.trim() ? [{ draw: second.trim() }] : []),
              ],
              qrLabel: t('report.qrLabel', { office, year }),
              input: {
                template,
                taskCode: task,
                year,
                office,
                sources,
                narrative: Object.fromEntries(Object.entries(text).map(([k, v]) => [k, toHtml(v ?? '')])),
              },
            },
            setBusy,
          );
    const name = template.tasks.find((x) => x.code === task)?.name ?? task;
    return {
      data: bytes,
      suggestedName: t('report.fileName', { year, task: name, ext: FILE_TYPES[format].ext }),
    };
  };

  const exportAs = async (format: Format) => {
    setBusy(0);
    try {
      const file = await makeFile(format);
      const type = FILE_TYPES[format];
      const saved = await getHost().saveFile({
        suggestedName: file.suggestedName,
        mimeType: type.mime,
        data: file.data as Uint8Array<ArrayBuffer>,
        filters: [{ name: type.filterName, extensions: [type.ext] }],
      });
      if (saved.saved) notify('success', { key: 'document:ui.saved', params: { file: saved.path ?? '' } });
    } catch (err) {
      notify('error', failureMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const signAndSave = async (password: string) => {
    setBusy(0);
    try {
      const notice = await signStampedPdf({
        signing: getHost().signing,
        makePdf: () => makeFile('pdf'),
        password,
        reason: t('seal:desktop.reason', { office, year }),
      });
      if (notice) notify(notice.kind, notice.message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="provincial-report" aria-labelledby="provincial-title">
      <h3 id="provincial-title">{t('report.title')}</h3>
      <label>
        {t('filter.task')}{' '}
        <select value={task} onChange={(e) => setTask(e.target.value)}>
          {template.tasks.map((x) => (
            <option key={x.code} value={x.code}>
              {x.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('report.office')} <input value={office} onChange={(e) => setOffice(e.target.value)} />
      </label>
      <p className="muted">{t('report.intro')}</p>
      {PROVINCIAL_SECTIONS.map((section) => (
        <label key={section} className="provincial-section">
          {t(`report.section.${section}`)}
          <textarea rows={3} value={text[section] ?? ''} onChange={(e) => edit(section, e.target.value)} />
        </label>
      ))}
      <fieldset className="provincial-seals">
        <legend>{t('seal.legend')}</legend>
        <label>
          <input type="checkbox" checked={sealOwn} onChange={(e) => setSealOwn(e.target.checked)} />{' '}
          {scan ? t('seal.scanned', { file: scan.name }) : t('seal.drawn', { office })}
        </label>
        <button
          type="button"
          className="text-button"
          onClick={() =>
            void getHost()
              .openFile({ filters: [{ name: t('seal.imageFilter'), extensions: ['png', 'jpg', 'jpeg'] }] })
              .then(([f]) => f && setScan({ name: f.name, data: f.data }))
          }
        >
          {t('seal.upload')}
        </button>
        <label>
          {t('seal.second')}{' '}
          <input
            value={second}
            placeholder={t('seal.secondHint')}
            onChange={(e) => setSecond(e.target.value)}
          />
        </label>
      </fieldset>
      <SignControls available={getHost().signing.available} disabled={busy !== null} onSign={signAndSave} />
      <div className="report-actions">
        {(['pdf', 'docx', 'xlsx'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className="secondary"
            disabled={busy !== null}
            onClick={() => void exportAs(f)}
          >
            {t(`report.export.${f}`)}
          </button>
        ))}
        <VerifyButton />
        {busy !== null && (
          <span className="muted" role="status">
            <progress value={busy} max={1} /> {Math.round(busy * 100)}%
          </span>
        )}
      </div>
    </section>
  );
}

/**
 * 签名并保存: makes the stamped PDF, then the host signs it (certificate dialog, signing and save
 * dialog in the Electron main process). Answers the notice to show; null when the user cancelled.
 */
export async function signStampedPdf(options: {
  signing: SigningApi;
  makePdf(): Promise<{ data: Uint8Array; suggestedName: string }>;
  password: string;
  reason: string;
}): Promise<{ kind: 'success' | 'error'; message: Message } | null> {
  try {
    const pdf = await options.makePdf();
    const result = await options.signing.signPdf({
      data: pdf.data,
      suggestedName: pdf.suggestedName,
      password: options.password,
      reason: options.reason,
    });
    if (!result.signed) return null;
    return {
      kind: 'success',
      message: {
        key: 'seal:desktop.signed',
        params: { file: result.path ?? '', signer: result.signer ?? '' },
      },
    };
  } catch (err) {
    // Report failures keep their own wording; the host's refusals arrive as translated text.
    const message = failureMessage(err);
    return {
      kind: 'error',
      message: message.key === 'document:ui.failed' ? { ...message, key: 'seal:desktop.failed' } : message,
    };
  }
}

/**
 * The password field and 签名并保存 where the host signs (the desktop app); the command-line note
 * where it cannot (the browser). The password is handed over once and cleared from the page.
 */
export function SignControls({
  available,
  disabled,
  onSign,
}: {
  available: boolean;
  disabled: boolean;
  onSign(password: string): Promise<void>;
}) {
  const { t } = useTranslation('province');
  const [password, setPassword] = useState('');
  const field = useRef<HTMLInputElement>(null);
  if (!available) return <p className="muted">{t('seal.signNote')}</p>;
  const sign = async () => {
    const typed = password;
    setPassword('');
    await onSign(typed);
    field.current?.focus();
  };
  return (
    <fieldset className="provincial-sign">
      <legend>{t('seal:desktop.legend')}</legend>
      <p className="muted">{t('seal:desktop.note')}</p>
      <form
        className="report-actions"
        onSubmit={(e) => {
          e.preventDefault();
          void sign();
        }}
      >
        <label>
          {t('seal:desktop.password')}{' '}
          <input
            ref={field}
            type="password"
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="secondary" disabled={disabled}>
          {t('seal:desktop.signSave')}
        </button>
      </form>
    </fieldset>
  );
}

interface VerifiedSignature {
  index: number;
  signer?: { commonName?: string; organization?: string };
  signingTime?: string;
  intact: boolean;
  problems: { key: string; params?: Record<string, string | number> }[];
  notes: { key: string; params?: Record<string, string | number> }[];
}

/** 验证 PDF: who signed, when, and whether the file is intact since — checked in the worker. */
function VerifyButton() {
  const { t } = useTranslation('province');
  const format = useFormatMessage();
  const notify = useUi((s) => s.notify);
  const [result, setResult] = useState<{
    file: string;
    signatures: VerifiedSignature[];
    stamp?: { matchesRevision: boolean };
  } | null>(null);
  const run = async () => {
    const [file] = await getHost().openFile({ filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (!file) return;
    try {
      const bytes = await runReport({
        type: 'verify',
        pdf: file.data,
        generatedAt: new Date().toISOString(),
      });
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as {
        signatures: VerifiedSignature[];
        stamp?: { matchesRevision: boolean };
      };
      setResult({ file: file.name, ...parsed });
    } catch (err) {
      notify('error', failureMessage(err));
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void run()}>
        {t('verify.button')}
      </button>
      {result && (
        <div className="verify-result" role="region" aria-label={t('verify.title', { file: result.file })}>
          <h4>{t('verify.title', { file: result.file })}</h4>
          {result.signatures.length === 0 && <p>{t('verify.none')}</p>}
          <ul>
            {result.signatures.map((sig) => (
              <li key={sig.index} className={sig.intact ? 'verify-ok' : 'verify-broken'}>
                {t(sig.intact ? 'verify.intact' : 'verify.broken', {
                  signer: sig.signer?.commonName ?? sig.signer?.organization ?? '—',
                  at: sig.signingTime ? new Date(sig.signingTime).toLocaleString('zh-CN') : '—',
                })}
                {[...sig.problems, ...sig.notes].map((m, i) => (
                  <div key={i} className="muted">
                    {format(m)}
                  </div>
                ))}
              </li>
            ))}
          </ul>
          {result.stamp && <p>{t(result.stamp.matchesRevision ? 'verify.stampOk' : 'verify.stampBad')}</p>}
          <button type="button" className="text-button" onClick={() => setResult(null)}>
            {t('verify.close')}
          </button>
        </div>
      )}
    </>
  );
}
