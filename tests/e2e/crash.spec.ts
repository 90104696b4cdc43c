/**
 * Crash safety: the app is killed 50 times at random moments while a unit types (indicator cells,
 * funding cells, report sections) and while it imports a fill-in workbook or a submission package.
 * After every restart, 检查本地数据 on the 关于 page must find no problem, and the stored submission
 * must be the state after some prefix of the writes that includes every acknowledged one
 * (crash-model.ts): an acknowledged edit is never lost, an import is all or nothing.
 *
 * The run is seeded: the seed is printed first; CRASH_SEED=<seed> replays it (CRASH_KILLS=<n> for
 * a shorter or longer run).
 */
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyTasks2023 } from '../../shared/templates/keytasks-2023.ts';
import { seedSubmission } from './seed.ts';
import {
  KillableApp,
  openSubmission,
  readStore,
  runStoreCheck,
  waitSaved,
  type KillMode,
} from './crash-app.ts';
import { judge, prng, WriteLog, type StoreState, type Write } from './crash-model.ts';

const KILLS = Number(process.env.CRASH_KILLS ?? 50);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);

const T01 = keyTasks2023.tasks.find((t) => t.code === 'T01')!;
/** Whole-number indicators a person types (no upper bound, not calculated). */
const COUNTS = T01.groups
  .flatMap((g) => g.indicators)
  .filter((i) => i.type === 'integer' && !i.calculate && i.max === undefined);
const COLUMN = { planned: '计划投入', received: '到位资金', spent: '已支出' } as const;
const FUNDING = keyTasks2023.funding!.sources.flatMap((s) =>
  (Object.keys(COLUMN) as (keyof typeof COLUMN)[]).map((c) => ({
    code: `fund:${s.code}:${c}`,
    label: `${s.name} ${COLUMN[c]}`,
  })),
);
const SECTIONS = keyTasks2023.outline.map((s) => ({ code: `report:${s.code}`, title: s.title }));
const WORDS = '本年度实训基地建设校企合作成效明显学徒制培养规模扩大'.split('');
/** Fill-in sheet columns: 序号, 指标编码, 指标名称, 单位, 年度目标, 本年实际, 备注. */
const COL = { code: 2, target: 5, actual: 6, note: 7 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

type Rng = ReturnType<typeof prng>;
type Tab = 'indicators' | 'funding' | 'report';
const TAB_NAME: Record<Tab, string> = { indicators: '绩效数据', funding: '资金投入', report: '年度工作报告' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: number) => JSON.stringify(v);

async function download(page: Page, button: string): Promise<Buffer> {
  const file = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  return readFile((await (await file).path())!);
}

/** The exported workbook with every actual/target/note blank (blank = no change) except `cells`. */
async function fillWorkbook(
  exported: Buffer,
  cells: Record<string, { actual?: number; target?: number; note?: string }>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(exported as unknown as ExcelJS.Buffer);
  const sheet = wb.worksheets.find((s) => /市域产教联合体/.test(s.name))!;
  sheet.eachRow((row) => {
    const code = String(row.getCell(COL.code).value ?? '');
    if (!/^T01_\d+$/.test(code)) return;
    const fill = cells[code] ?? {};
    row.getCell(COL.actual).value = fill.actual ?? null;
    row.getCell(COL.target).value = fill.target ?? null;
    row.getCell(COL.note).value = fill.note ?? null;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Puts the caret where a field is typed: an indicator's actual cell, a funding cell, the end of a section. */
async function focusField(page: Page, tab: Tab, code: string, label: string): Promise<void> {
  const tabButton = page.getByRole('tab', { name: TAB_NAME[tab] });
  if ((await tabButton.getAttribute('aria-selected')) !== 'true') await tabButton.click();
  if (tab === 'indicators') {
    const find = page.getByRole('searchbox', { name: '查找指标' });
    await find.fill(code);
    await find.press('Enter');
    await expect(page.locator(`[data-cell="${code}:actual"]`)).toBeFocused();
    await page.keyboard.press('ControlOrMeta+A');
  } else if (tab === 'funding') {
    await page.getByRole('textbox', { name: label, exact: true }).click();
    await page.keyboard.press('ControlOrMeta+A');
  } else {
    await page.getByRole('textbox', { name: label, exact: true }).click();
    await page.keyboard.press('ControlOrMeta+End');
  }
}

/** (a) Typing: 1–3 edits, each acknowledged but the last, which is killed mid-typing or right after 已保存. */
async function typingRound(app: KillableApp, rng: Rng, state: StoreState, log: WriteLog, mode: KillMode) {
  const current = new Map(state);
  const afterAck = rng.chance(0.35);
  const edits = rng.int(1, 3);
  const done: string[] = [];
  await app.arm(mode);
  for (let e = 0; e < edits; e++) {
    const page = app.page;
    const last = e === edits - 1;
    const kind = rng.pick(['indicators', 'indicators', 'funding', 'report'] as const);
    let code: string;
    let label: string;
    let text: string;
    if (kind === 'report') {
      ({ code, title: label } = rng.pick(SECTIONS));
      text = Array.from({ length: rng.int(3, 10) }, () => rng.pick(WORDS)).join('');
    } else {
      ({ code, label } = kind === 'funding' ? rng.pick(FUNDING) : rng.pick(COUNTS));
      text = String(rng.int(1, 9)) + Array.from({ length: rng.int(0, 3) }, () => rng.int(0, 9)).join('');
    }
    await focusField(page, kind, code, label);
    // One write per keystroke: the number typed so far, or the section's text so far.
    const base = (current.get(code) ?? 'text:').replace(/^text:/, '');
    for (let k = 1; k <= text.length; k++) {
      const v = kind === 'report' ? `text:${base}${text.slice(0, k)}` : num(Number(text.slice(0, k)));
      log.add(new Map([[code, v]]));
      current.set(code, v);
    }
    done.push(`${code}←${text}`);
    if (!last || afterAck) {
      await page.keyboard.type(text, { delay: 10 });
      await waitSaved(page);
      log.acknowledge();
    } else {
      const delay = 25;
      const typing = page.keyboard.type(text, { delay }).catch(() => undefined);
      await sleep(rng.int(0, text.length * delay + 100));
      await app.killAndRestart(mode);
      await typing;
      return `typed ${done.join(', ')}, killed mid-typing`;
    }
  }
  await app.killAndRestart(mode);
  return `typed ${done.join(', ')}, killed on 已保存`;
}

type ImportPhase = 'reading' | 'applying' | 'acknowledged';

/** (b) A fill-in workbook with new values, targets and notes, killed while read, while applied, or once applied. */
async function workbookRound(
  app: KillableApp,
  rng: Rng,
  log: WriteLog,
  mode: KillMode,
  exported: Buffer,
  round: number,
) {
  const page = app.page;
  const codes = [...COUNTS]
    .sort(() => rng.next() - 0.5)
    .slice(0, rng.int(2, 5))
    .map((i) => i.code);
  const cells: Record<string, { actual?: number; target?: number; note?: string }> = {};
  const write: Write = new Map();
  codes.forEach((c, j) => {
    const v = 70_000 + round * 10 + j;
    cells[c] = { actual: v };
    write.set(c, num(v));
  });
  if (rng.chance(0.6)) {
    cells[codes[0]!]!.target = 90_000 + round;
    write.set(`target:${codes[0]}`, num(90_000 + round));
  }
  if (rng.chance(0.6)) {
    const note = `导入说明第${round}次`;
    cells[codes.at(-1)!]!.note = note;
    write.set(`note:${codes.at(-1)}`, JSON.stringify(note));
  }
  const bytes = await fillWorkbook(exported, cells);
  log.add(write);
  const phase = rng.pick<ImportPhase>(['reading', 'applying', 'applying', 'acknowledged']);
  await app.arm(mode);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入 Excel 填报表' }).click();
  await (
    await chooser
  ).setFiles({
    name: '填报表.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: bytes,
  });
  let delay = 0;
  if (phase === 'reading') {
    delay = rng.int(0, 700);
    await sleep(delay);
  } else {
    const dialog = page.getByRole('dialog', { name: '导入前核对：将要修改的内容' });
    await dialog.getByRole('button', { name: /全部应用/ }).click();
    if (phase === 'applying') {
      delay = rng.int(0, 200);
      await sleep(delay);
    } else {
      await expect(page.getByRole('status').filter({ hasText: '已导入' })).toBeVisible({ timeout: 20_000 });
      log.acknowledge();
    }
  }
  await app.killAndRestart(mode);
  return `workbook import of ${write.size} fields, killed ${phase}${phase === 'acknowledged' ? '' : ` +${delay} ms`}`;
}

/** (b') The submission package exported at the start, imported over the current data (replace). */
async function packageRound(
  app: KillableApp,
  rng: Rng,
  state: StoreState,
  log: WriteLog,
  mode: KillMode,
  pkg: { bytes: Buffer; state: StoreState },
) {
  const page = app.page;
  await page.goto('/#/');
  // Replacing makes the submission exactly the package's: its fields set, every other field cleared.
  const write: Write = new Map();
  for (const f of new Set([...state.keys(), ...pkg.state.keys()])) write.set(f, pkg.state.get(f));
  log.add(write);
  await app.arm(mode);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: '导入提交包' }).click();
  await (await chooser).setFiles({ name: '回传.tbpkg', mimeType: 'application/zip', buffer: pkg.bytes });
  const dialog = page.getByRole('dialog');
  const same = page.getByRole('status').filter({ hasText: '与本机数据一致' });
  await expect(dialog.or(same)).toBeVisible({ timeout: 20_000 });
  let phase: ImportPhase | 'unchanged' = 'unchanged';
  let delay = 0;
  if (await same.isVisible()) log.acknowledge();
  else {
    phase = rng.chance(0.7) ? 'applying' : 'acknowledged';
    await dialog.getByRole('button', { name: '以提交包为准导入' }).click();
    if (phase === 'applying') {
      delay = rng.int(0, 250);
      await sleep(delay);
    } else {
      await expect(page.getByRole('status').filter({ hasText: '已导入提交包' })).toBeVisible({
        timeout: 20_000,
      });
      log.acknowledge();
    }
  }
  await app.killAndRestart(mode);
  return `package import, killed ${phase}${phase === 'applying' ? ` +${delay} ms` : ''}`;
}

test('50 kills during entry and import: the store stays consistent and no acknowledged edit is lost', async ({
  launchOptions,
  baseURL,
}) => {
  test.setTimeout(420_000);
  console.log(`crash.spec: seed ${SEED} (replay with CRASH_SEED=${SEED})`);
  test.info().annotations.push({ type: 'seed', description: String(SEED) });
  const rng = prng(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-crash-'));
  const app = new KillableApp(dir, { ...launchOptions, baseURL: baseURL! });
  await app.launch();
  const started = Date.now();
  const tally = { lostUnacknowledged: 0, keptUnacknowledged: 0, importsNone: 0, importsAll: 0 };
  try {
    // A submission with a value in each kind of field and an evidence file, then its package and workbook.
    await seedSubmission(app.page, keyTasks2023, 'T01');
    await openSubmission(app.page);
    const page = app.page;
    await page
      .getByLabel('为“成员单位总数”上传佐证材料')
      .setInputFiles({ name: '挂牌文件.pdf', mimeType: 'application/pdf', buffer: PDF });
    await focusField(page, 'indicators', 'T01_01', '');
    await page.keyboard.type('100');
    await focusField(page, 'funding', FUNDING[0]!.code, FUNDING[0]!.label);
    await page.keyboard.type('500');
    await focusField(page, 'report', SECTIONS[0]!.code, SECTIONS[0]!.title);
    await page.keyboard.type('联合体运行良好');
    await waitSaved(page);
    const pkg = { state: await readStore(page), bytes: await download(page, '导出提交包') };
    const exported = await download(page, '导出 Excel 填报表');
    let state = pkg.state;

    for (let i = 0; i < KILLS; i++) {
      const mode: KillMode = i % 10 === 9 ? 'browser' : rng.chance(0.5) ? 'crash' : 'close';
      const log = new WriteLog();
      const t0 = Date.now();
      const what =
        i % 2 === 0
          ? await typingRound(app, rng, state, log, mode)
          : i % 6 === 5
            ? await packageRound(app, rng, state, log, mode, pkg)
            : await workbookRound(app, rng, log, mode, exported, i);
      const where = `kill ${i + 1}/${KILLS} (${mode}; ${what}; seed ${SEED})`;

      const check = await runStoreCheck(app.page);
      expect(check.problems, `检查本地数据 after ${where}`).toEqual([]);
      expect(check.errors + check.warnings).toBe(0);
      const stored = await readStore(app.page);
      const verdict = judge(state, log, stored);
      if (!verdict.ok) throw new Error(`${where}: ${verdict.reason}`);

      const kept = Math.max(...verdict.kept);
      if (what.includes('import')) {
        if (kept === 0 && log.writes.length) tally.importsNone++;
        else tally.importsAll++;
      } else if (kept < log.writes.length) tally.lostUnacknowledged++;
      if (kept > log.acknowledged) tally.keptUnacknowledged++;
      state = stored;
      await openSubmission(app.page);
      console.log(
        `${where.replace(`; seed ${SEED}`, '')}: kept ${kept}/${log.writes.length} writes ` +
          `(${log.acknowledged} acknowledged); ${check.checked} records checked, no problems; ${Date.now() - t0} ms`,
      );
    }
    // The check itself can fail: a value row whose submission is gone is found and located.
    const clean = await runStoreCheck(app.page);
    expect(clean.summary).toContain('未发现问题');
    expect(clean.summary).toMatch(/已检查 \d+ 条记录：单位 1 · 项目 1 · 年度填报 1 · 填报数据 \d+/);
    await app.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('tianbao');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('values', 'readwrite');
      tx.objectStore('values').put({
        submissionId: 's-gone',
        code: 'T01_01',
        value: 1,
        updatedAt: new Date().toISOString(),
        updatedBy: 'x',
      });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    });
    const broken = await runStoreCheck(app.page);
    expect(broken.errors).toBe(1);
    expect(broken.summary).toContain('发现 1 个错误、0 个提醒');
    expect(broken.problems).toEqual(['错误 values[s-gone, T01_01]：所属的年度填报“s-gone”不存在']);

    console.log(
      `crash.spec: ${KILLS} kills in ${Math.round((Date.now() - started) / 1000)} s; ` +
        `unacknowledged keystrokes lost in ${tally.lostUnacknowledged} typing rounds, kept beyond the ` +
        `acknowledgement in ${tally.keptUnacknowledged} rounds; imports applied whole ${tally.importsAll}, not at all ${tally.importsNone}`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
