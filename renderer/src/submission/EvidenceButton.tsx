import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_EVIDENCE_BYTES } from '../../../shared/db/repos/evidence.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import { msg, type Message } from '../../../shared/i18n/message.ts';
import { useFormatMessage } from '../useMessage.ts';
import { useEditor } from './editor-store.ts';
import { checkEvidenceFile, describeTarget, EVIDENCE_ACCEPT, evidenceMimeType } from './report-html.ts';
import './report-editor.css';

/** The name users know a target by: the indicator's label or the report section's title. */
export function useTargetLabel(target: string): string {
  const template = useEditor((s) => s.template);
  const task = useEditor((s) => s.task);
  const d = describeTarget(template, task, target);
  return d.kind === 'indicator' ? d.label : d.kind === 'section' ? d.title : d.code;
}

/**
 * Checks and attaches picked files one by one. Type and size are checked from the File object
 * before reading, so a huge file is refused at once instead of being loaded into memory.
 */
export function useEvidenceUpload(target: string) {
  const attach = useEditor((s) => s.attach);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Message[]>([]);

  async function upload(files: File[]): Promise<void> {
    const refused: Message[] = [];
    setBusy(true);
    setErrors([]);
    try {
      for (const file of files) {
        const problem = checkEvidenceFile(file);
        if (problem) {
          refused.push(problem);
          setErrors([...refused]);
          continue;
        }
        let data: Uint8Array;
        try {
          data = new Uint8Array(await file.arrayBuffer());
        } catch {
          refused.push(msg('report:evidence.readFailed', { name: file.name }));
          setErrors([...refused]);
          continue;
        }
        // A storage failure lands in the store's storageError, which the page shows.
        await attach(target, { name: file.name, mimeType: evidenceMimeType(file.name, file.type), data });
      }
    } finally {
      setBusy(false);
      setErrors(refused);
    }
  }

  return { busy, errors, upload, clearErrors: () => setErrors([]) };
}

/**
 * The evidence control of one indicator row or report section: how many files are attached, and
 * a file picker that attaches more. A plain file input works the same in the browser and Electron.
 */
export function EvidenceButton({ target }: { target: string }) {
  const { t } = useTranslation('report');
  const format = useFormatMessage();
  const label = useTargetLabel(target);
  const count = useEditor((s) => s.evidence.reduce((n, e) => (e.target === target ? n + 1 : n), 0));
  const editable = useEditor((s) => (s.submission ? isEditable(s.submission.status) : false));
  const { busy, errors, upload, clearErrors } = useEvidenceUpload(target);
  const countId = useId();
  const maxMb = MAX_EVIDENCE_BYTES / 2 ** 20;

  function onChange(e: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(e.target.files ?? []);
    // Cleared so picking the same file again (after fixing it) fires change again.
    e.target.value = '';
    if (files.length) void upload(files);
  }

  return (
    <span className="evidence-button">
      {editable ? (
        <label
          className={busy ? 'evidence-pick evidence-pick-busy' : 'evidence-pick'}
          title={t('evidence.hint', { maxMb })}
        >
          <input
            type="file"
            className="visually-hidden"
            multiple
            accept={EVIDENCE_ACCEPT}
            aria-label={t('evidence.inputLabel', { label })}
            aria-describedby={countId}
            disabled={busy}
            onChange={onChange}
          />
          <span aria-hidden="true">{busy ? t('evidence.uploading') : t('evidence.upload')}</span>
        </label>
      ) : null}
      <span id={countId} className={count ? 'evidence-count evidence-count-some' : 'evidence-count'}>
        {t('evidence.count', { n: count })}
      </span>
      {errors.length > 0 && (
        <span className="evidence-errors" role="alert">
          {errors.map((m, i) => (
            <span key={i} className="evidence-error">
              {format(m)}
            </span>
          ))}
          <button
            type="button"
            className="evidence-errors-close"
            aria-label={t('evidence.dismiss')}
            onClick={clearErrors}
          >
            ×
          </button>
        </span>
      )}
    </span>
  );
}
