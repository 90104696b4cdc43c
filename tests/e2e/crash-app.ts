/**
 * The app in a browser that can be killed three ways, keeping its profile (and IndexedDB) on disk:
 * - close: the tab closes without unload handlers (`page.close({ runBeforeUnload: false })`);
 * - crash: the renderer process dies (CDP `Page.crash`), as when a tab runs out of memory;
 * - browser: the whole browser process is SIGKILLed, as when the machine's app is killed.
 * A persistent context (`launchPersistentContext` with a userDataDir) lets the store outlive all three.
 */
import {
  chromium,
  expect,
  type BrowserContext,
  type CDPSession,
  type LaunchOptions,
  type Page,
} from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { normalise, type StoreState } from './crash-model.ts';

export const SID = 's-e2e';
export const PID = 'p-e2e';
export const YEAR = 2026;

export type KillMode = 'close' | 'crash' | 'browser';

/** The main browser process of a profile: the one with its --user-data-dir and no --type. */
function browserPid(userDataDir: string): number {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m && m[2]!.includes(`--user-data-dir=${userDataDir}`) && !m[2]!.includes('--type='))
      return Number(m[1]);
  }
  throw new Error(`no browser process for ${userDataDir}`);
}

export class KillableApp {
  context!: BrowserContext;
  page!: Page;
  private pid = 0;
  private cdp: CDPSession | null = null;

  constructor(
    private readonly userDataDir: string,
    private readonly options: LaunchOptions & { baseURL: string },
  ) {}

  async launch(): Promise<void> {
    this.context = await chromium.launchPersistentContext(this.userDataDir, {
      ...this.options,
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    // Every wait fails with its own message long before the test's timeout.
    this.context.setDefaultTimeout(30_000);
    this.pid = browserPid(this.userDataDir);
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
  }

  /** Work a kill needs before its moment (a CDP session), so the kill itself is one call. */
  async arm(mode: KillMode): Promise<void> {
    this.cdp = mode === 'crash' ? await this.context.newCDPSession(this.page) : null;
  }

  /** Kills as `mode` says and comes back with a fresh page on the same profile. */
  async killAndRestart(mode: KillMode): Promise<void> {
    const old = this.page;
    if (mode === 'close') {
      await old.close({ runBeforeUnload: false });
    } else if (mode === 'crash') {
      const cdp = this.cdp ?? (await this.context.newCDPSession(old));
      const crashed = old.waitForEvent('crash', { timeout: 15_000 });
      void cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      await old.close().catch(() => undefined);
    } else {
      const closed = new Promise<void>((resolve) => this.context.once('close', () => resolve()));
      process.kill(this.pid, 'SIGKILL');
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      await this.launch();
      this.cdp = null;
      return;
    }
    this.cdp = null;
    this.page = await this.context.newPage();
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}

/** The stored fields of the seeded submission (values by code, targets as `target:CODE`), read raw. */
export async function readStore(page: Page): Promise<StoreState> {
  const { rows, targets } = await page.evaluate(
    async ({ sid, pid, year }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('tianbao');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction(['values', 'projects'], 'readonly');
      const req = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const values = (await req(tx.objectStore('values').index('submissionId').getAll(sid))) as {
        code: string;
        value: unknown;
        raw?: unknown;
      }[];
      const project = (await req(tx.objectStore('projects').get(pid))) as
        { targets: Record<string, Record<string, unknown>> } | undefined;
      db.close();
      return {
        rows: values.map((v) => [v.code, v.value ?? null, v.raw ?? null] as const),
        targets: project?.targets[String(year)] ?? {},
      };
    },
    { sid: SID, pid: PID, year: YEAR },
  );
  const state: StoreState = new Map();
  for (const [code, value, raw] of rows) {
    const v = normalise(code, value, raw);
    if (v !== undefined) state.set(code, v);
  }
  for (const [code, value] of Object.entries(targets)) {
    const v = normalise(code, value, null);
    if (v !== undefined) state.set(`target:${code}`, v);
  }
  return state;
}

export interface StoreCheckResult {
  errors: number;
  warnings: number;
  checked: number;
  problems: string[];
  /** The result as shown: 未发现问题 or 发现 … 个错误, and the records checked per table. */
  summary: string;
}

/** 关于 → 检查本地数据, as an IT admin would run it; the result is read from its data-* counts. */
export async function runStoreCheck(page: Page): Promise<StoreCheckResult> {
  await load(page, '/#/about');
  await page.getByRole('button', { name: '检查本地数据' }).click();
  const result = page.getByTestId('store-check-result');
  await expect(result.or(page.getByTestId('store-check-failed'))).toBeVisible({ timeout: 30_000 });
  if (await page.getByTestId('store-check-failed').isVisible())
    throw new Error(await page.getByTestId('store-check-failed').innerText());
  const num = async (name: string) => Number(await result.getAttribute(name));
  return {
    errors: await num('data-errors'),
    warnings: await num('data-warnings'),
    checked: await num('data-checked'),
    problems: await result.locator('li').allInnerTexts(),
    summary: await result.innerText(),
  };
}

/**
 * Opens the app. The build is served from the shared working tree's dist/, which a concurrent
 * `vite build` empties for a moment: a page the server does not have is asked for again.
 */
async function load(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
    if (!response || response.ok() || attempt === 5) return;
    await page.waitForTimeout(2_000);
  }
}

export async function openSubmission(page: Page): Promise<void> {
  await page.goto(`/#/submission/${SID}`);
  await expect(page.getByRole('heading', { name: /2026年度填报/ })).toBeVisible({ timeout: 30_000 });
}

/**
 * Waits for the acknowledgement of everything typed so far: two frames (React has painted the
 * keystrokes' state, the report editor has flushed its DOM changes into writes), then 已保存.
 */
export async function waitSaved(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 30))),
      ),
  );
  const status = page.locator('[data-save-state]');
  await expect
    .poll(
      async () => {
        const state = await status.getAttribute('data-save-state');
        if (state === 'error') throw new Error(`storage error: ${await status.innerText()}`);
        return state;
      },
      { timeout: 20_000, intervals: [20, 50, 100] },
    )
    .toBe('saved');
}
