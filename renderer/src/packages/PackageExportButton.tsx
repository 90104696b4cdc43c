/** 导出提交包: the whole submission (data, report, evidence, hashes) as one file for a unit with no network. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../db.ts';
import { getHost } from '../host/index.ts';
import { useUi } from '../store/ui.ts';
import { exportPackage } from '../../../shared/package/from-store.ts';
import { PackageWriteError } from '../../../shared/package/index.ts';
import { StorageError } from '../../../shared/db/index.ts';

export function PackageExportButton({ submissionId, fileName }: { submissionId: string; fileName: string }) {
  const { t } = useTranslation('sync');
  const notify = useUi((s) => s.notify);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const bytes = await exportPackage(db, submissionId);
      const saved = await getHost().saveFile({
        suggestedName: fileName,
        mimeType: 'application/zip',
        data: bytes as Uint8Array<ArrayBuffer>,
        filters: [{ name: t('packageUi.filter'), extensions: ['tbpkg'] }],
      });
      if (saved.saved)
        notify('success', { key: 'sync:packageUi.exported', params: { file: saved.path ?? fileName } });
    } catch (err) {
      if (err instanceof PackageWriteError && err.errors[0]) notify('error', err.errors[0].message);
      else if (err instanceof StorageError) notify('error', err.userMessage);
      else
        notify('error', {
          key: 'sync:packageUi.failed',
          params: { detail: err instanceof Error ? err.message : String(err) },
        });
    } finally {
      setBusy(false);
    }
  };

  return (
    <button type="button" className="secondary" disabled={busy} onClick={() => void run()}>
      {busy ? t('packageUi.exporting') : t('packageUi.export')}
    </button>
  );
}
