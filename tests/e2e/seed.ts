/**
 * Puts a unit, a template, a project and a draft submission straight into the app's IndexedDB
 * (after the app has created its schema), so a test can start on the screen it is about.
 */
import type { Page } from '@playwright/test';
import { templateSchema, type TemplateInput } from '../../shared/domain/template.ts';

export interface Seeded {
  submissionId: string;
  projectId: string;
}

export async function seedSubmission(
  page: Page,
  input: TemplateInput,
  taskCode: string,
  year = 2026,
): Promise<Seeded> {
  await page.goto('/');
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  const template = templateSchema.parse(input);
  return page.evaluate(
    async ({ tpl, taskCode, year }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('tianbao');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const now = new Date().toISOString();
      const tx = db.transaction(['units', 'templates', 'projects', 'submissions', 'meta'], 'readwrite');
      tx.objectStore('units').put({
        id: 'u-e2e',
        name: '湖南工业职业技术学院',
        uscc: '12430000444880189T',
        type: '高职',
        regionCode: '430100',
        contacts: [{ name: '李老师', phone: '0731-82208888' }],
        updatedAt: now,
      });
      tx.objectStore('meta').put({ key: 'activeUnitId', value: 'u-e2e' });
      tx.objectStore('templates').put({
        key: `${tpl.id}@${tpl.version}`,
        id: tpl.id,
        version: tpl.version,
        builtin: false,
        template: tpl,
        storedAt: now,
      });
      tx.objectStore('projects').put({
        id: 'p-e2e',
        unitId: 'u-e2e',
        templateId: tpl.id,
        templateVersion: tpl.version,
        taskCode,
        level: '省级',
        name: '长沙智能制造产教融合项目',
        members: [],
        targets: {},
        createdAt: now,
        updatedAt: now,
      });
      tx.objectStore('submissions').put({
        id: 's-e2e',
        projectId: 'p-e2e',
        year,
        status: 'draft',
        createdAt: now,
        updatedAt: now,
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return { submissionId: 's-e2e', projectId: 'p-e2e' };
    },
    { tpl: template, taskCode, year },
  );
}

/** Fires a paste of tab-separated text at the focused element, as Excel/WPS put it on the clipboard. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.activeElement?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
    );
  }, text);
}
