import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceRecord, TianbaoDb } from '../../../shared/db/index.ts';
import { db as appDb } from '../db.ts';
import { useEditor } from './editor-store.ts';
import { evidenceKind, previewMimeType } from './report-html.ts';

function useDb(): TianbaoDb {
  return useEditor((s) => s.db) ?? appDb;
}

async function loadBlob(db: TianbaoDb, sha256: string, type: string): Promise<Blob | null> {
  const rec = await db.attachments.get(sha256);
  // Stored bytes are an ArrayBuffer-backed Uint8Array; the cast only narrows TypeScript's view.
  return rec ? new Blob([rec.data as Uint8Array<ArrayBuffer>], { type }) : null;
}

type UrlState =
  { status: 'loading' } | { status: 'ready'; url: string } | { status: 'missing' } | { status: 'failed' };

/** A blob URL of an attachment's bytes, created when enabled and revoked on unmount or change. */
export function useAttachmentUrl(sha256: string, type: string, enabled: boolean): UrlState | null {
  const db = useDb();
  const [state, setState] = useState<{ key: string; value: UrlState } | null>(null);
  const key = `${sha256}|${type}`;

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let url: string | undefined;
    loadBlob(db, sha256, type).then(
      (blob) => {
        if (cancelled) return;
        if (!blob) return setState({ key, value: { status: 'missing' } });
        url = URL.createObjectURL(blob);
        setState({ key, value: { status: 'ready', url } });
      },
      () => {
        if (!cancelled) setState({ key, value: { status: 'failed' } });
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [db, sha256, type, key, enabled]);

  if (!enabled) return null;
  return state && state.key === key ? state.value : { status: 'loading' };
}

/** Images up to this size show a thumbnail at once; bigger ones and PDFs load when asked. */
const AUTO_PREVIEW_BYTES = 5 * 1024 * 1024;

export function EvidencePreview({ record }: { record: EvidenceRecord }) {
  const { t } = useTranslation('report');
  const db = useDb();
  const kind = evidenceKind(record.name, record.mimeType);
  const [shown, setShown] = useState(kind === 'image' && record.size <= AUTO_PREVIEW_BYTES);
  const preview = useAttachmentUrl(
    record.sha256,
    previewMimeType(record.name, record.mimeType),
    kind !== 'other' && shown,
  );
  const downloads = useRef(new Set<string>());
  const [downloadFailed, setDownloadFailed] = useState(false);

  useEffect(() => {
    const urls = downloads.current;
    return () => {
      for (const url of urls) URL.revokeObjectURL(url);
      urls.clear();
    };
  }, []);

  async function download() {
    setDownloadFailed(false);
    try {
      const blob = await loadBlob(db, record.sha256, record.mimeType || 'application/octet-stream');
      if (!blob) return setDownloadFailed(true);
      const url = URL.createObjectURL(blob);
      downloads.current.add(url);
      const a = document.createElement('a');
      a.href = url;
      a.download = record.name;
      a.click();
      // The browser has taken the bytes once the save starts; the URL is not needed after that.
      setTimeout(() => {
        URL.revokeObjectURL(url);
        downloads.current.delete(url);
      }, 60_000);
    } catch {
      setDownloadFailed(true);
    }
  }

  return (
    <div className="evidence-preview">
      <div className="evidence-preview-actions">
        {kind !== 'other' && (
          <button
            type="button"
            className="secondary"
            aria-expanded={shown}
            onClick={() => setShown((v) => !v)}
          >
            {shown ? t('evidence.hidePreview') : t('evidence.preview')}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          aria-label={t('evidence.downloadLabel', { name: record.name })}
          onClick={() => void download()}
        >
          {t('evidence.download')}
        </button>
      </div>
      {downloadFailed && (
        <div className="evidence-error" role="alert">
          {t('evidence.missing', { name: record.name })}
        </div>
      )}
      {preview?.status === 'loading' && <div className="muted">{t('evidence.loading')}</div>}
      {(preview?.status === 'missing' || preview?.status === 'failed') && (
        <div className="evidence-error" role="alert">
          {t('evidence.missing', { name: record.name })}
        </div>
      )}
      {preview?.status === 'ready' && kind === 'image' && (
        <img
          className="evidence-image"
          src={preview.url}
          alt={t('evidence.previewOf', { name: record.name })}
        />
      )}
      {preview?.status === 'ready' && kind === 'pdf' && (
        <iframe
          className="evidence-pdf"
          src={preview.url}
          title={t('evidence.previewOf', { name: record.name })}
        />
      )}
    </div>
  );
}
