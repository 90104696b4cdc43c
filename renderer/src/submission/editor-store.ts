/**
 * State of the open submission. Every edit is parsed, written to IndexedDB in its own
 * transaction at once (accepted value, or the refused text kept as raw input), and the checks
 * are recomputed synchronously; cells subscribe to their own slice so one keystroke repaints
 * one cell and the few that show its issues.
 */
import { create } from 'zustand';
import {
  applyFillImport,
  attachEvidence,
  changeStatus,
  detachEvidence,
  evidenceOf,
  getTemplate,
  getValueRows,
  setTarget,
  setValues,
  toStorageError,
  type CommentRecord,
  type EvidenceRecord,
  type ProjectRecord,
  type SubmissionRecord,
  type TianbaoDb,
} from '../../../shared/db/index.ts';
import type { Value } from '../../../shared/domain/expr/index.ts';
import {
  checkSubmission,
  type SubmissionCheck,
  type SubmissionIssue,
} from '../../../shared/domain/submission-checks.ts';
import { isEditable } from '../../../shared/domain/submission-status.ts';
import {
  findTask,
  taskIndicators,
  type Indicator,
  type Task,
  type Template,
} from '../../../shared/domain/template.ts';
import { parseInput } from '../../../shared/domain/value-input.ts';
import { areaOf } from '../../../shared/domain/fields.ts';
import { msg, type Message } from '../../../shared/i18n/message.ts';

export const ACTOR = 'local-user';

interface CellState {
  value: Value;
  raw?: string;
}

/** One undoable step: a typed cell, or a whole pasted block. */
interface UndoEntry {
  before: Record<string, CellState>;
  after: Record<string, CellState>;
  /** An imported workbook also changes the year's targets; undo restores both at once. */
  targets?: { before: Record<string, Value>; after: Record<string, Value> };
}

export interface EditorState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError?: Message;
  db?: TianbaoDb;
  submission?: SubmissionRecord;
  project?: ProjectRecord;
  template?: Template;
  task?: Task;
  values: Record<string, Value>;
  raw: Record<string, string>;
  targets: Record<string, Value>;
  lastYear: Record<string, Value>;
  evidence: EvidenceRecord[];
  comments: CommentRecord[];
  check?: SubmissionCheck;
  /** Issues by field, identity-stable across edits when unchanged (cheap cell re-render checks). */
  issuesByField: Record<string, SubmissionIssue[]>;
  undoStack: UndoEntry[];
  redoStack: UndoEntry[];
  /** The last storage failure, shown at once with a way to export what is there. */
  storageError?: Message;
  /** Writes started and not yet committed: the page says 正在保存 until this is 0. */
  pendingWrites: number;
  /** When the last write committed (ISO time): the page's 已保存 acknowledgement. */
  savedAt?: string;

  load(db: TianbaoDb, submissionId: string): Promise<void>;
  /** Text typed into a field: parsed by the field's type, persisted at once. */
  edit(code: string, text: string): Promise<void>;
  /** A block pasted from Excel/WPS: rows × fields, written as one transaction and one undo step. */
  editMany(cells: { code: string; text: string }[]): Promise<{ refused: number }>;
  /** Sets a plan target for this submission's year. */
  editTarget(code: string, text: string): Promise<Message | null>;
  /** Applies an imported fill-in workbook all or nothing, as one undo step. */
  applyImport(values: Record<string, Value>, targets: Record<string, Value>): Promise<boolean>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  attach(target: string, file: { name: string; mimeType: string; data: Uint8Array }): Promise<void>;
  detach(evidenceId: string): Promise<void>;
  submit(): Promise<{ ok: true } | { ok: false; issues: SubmissionIssue[] }>;
  clearStorageError(): void;
}

function sameIssues(a: SubmissionIssue[] | undefined, b: SubmissionIssue[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every(
    (x, i) => x.severity === b[i]!.severity && JSON.stringify(x.message) === JSON.stringify(b[i]!.message),
  );
}

function indexIssues(
  prev: Record<string, SubmissionIssue[]>,
  issues: SubmissionIssue[],
): Record<string, SubmissionIssue[]> {
  const next: Record<string, SubmissionIssue[]> = {};
  for (const issue of issues) (next[issue.field] ??= []).push(issue);
  for (const [k, list] of Object.entries(next)) if (sameIssues(prev[k], list)) next[k] = prev[k]!;
  return next;
}

/** Non-indicator fields are stored as typed: report HTML, notes and the conclusion as text, the rest as numbers. */
function fieldIndicator(template: Template, task: Task, code: string): Indicator | undefined {
  const area = areaOf(code);
  if (area === 'indicator') return taskIndicators(task).find((i) => i.code === code);
  const [, a, b] = code.split(':');
  const base = { required: false, min: 0, decimals: 2, evidenceRequired: false, rules: [] };
  if (area === 'funding') {
    const label = template.funding?.sources.find((x) => x.code === a)?.name ?? code;
    return { ...base, code: 'FUND', label, unit: template.funding?.unit ?? '', type: 'money' };
  }
  if (area === 'score' && code !== 'score:conclusion') {
    const dim = template.scoring?.parts.find((p) => p.code === a)?.dimensions.find((d) => d.code === b);
    return {
      ...base,
      code: 'SCORE',
      label: dim?.name ?? code,
      unit: '',
      type: 'decimal',
      max: dim?.maxScore,
    };
  }
  return undefined;
}

export const useEditor = create<EditorState>((set, get) => {
  /** Counts a store write as pending until it settles; a commit is acknowledged with its time. */
  function tracked<T>(write: Promise<T>): Promise<T> {
    set({ pendingWrites: get().pendingWrites + 1 });
    return write.then(
      (result) => {
        set({ pendingWrites: get().pendingWrites - 1, savedAt: new Date().toISOString() });
        return result;
      },
      (error: unknown) => {
        set({ pendingWrites: get().pendingWrites - 1 });
        throw error;
      },
    );
  }

  function recheck(patch: Partial<EditorState> = {}) {
    const s = { ...get(), ...patch };
    if (!s.template || !s.task) return set(patch);
    const evidenceFields = new Set(s.evidence.map((e) => e.target));
    const check = checkSubmission({
      template: s.template,
      taskCode: s.task.code,
      values: s.values,
      raw: s.raw,
      targets: s.targets,
      lastYear: s.lastYear,
      evidenceFields,
    });
    set({ ...patch, check, issuesByField: indexIssues(get().issuesByField, check.issues) });
  }

  /** Puts one side of an undo entry back: cells alone, or cells and targets in one transaction. */
  async function applyEntry(entry: UndoEntry, side: 'before' | 'after'): Promise<boolean> {
    if (!entry.targets) return writeCells(entry[side], false, false);
    const s = get();
    if (!s.db || !s.submission) return false;
    const values = Object.fromEntries(Object.entries(entry[side]).map(([c, cell]) => [c, cell.value]));
    const targets = entry.targets[side];
    try {
      await tracked(applyFillImport(s.db, { submissionId: s.submission.id, values, targets }, ACTOR));
      const raw = { ...get().raw };
      for (const c of Object.keys(values)) delete raw[c];
      recheck({ values: { ...get().values, ...values }, raw, targets: { ...get().targets, ...targets } });
      return true;
    } catch (error) {
      set({ storageError: toStorageError(error).userMessage });
      return false;
    }
  }

  let pendingCheck: Promise<void> | null = null;
  /**
   * Runs the checks once the keystroke's frame is painted: the cell shows the key at once and the
   * problem markers follow a frame later. Several keys in one frame share one check.
   */
  function scheduleRecheck(): Promise<void> {
    if (pendingCheck) return pendingCheck;
    pendingCheck = new Promise<void>((resolve) => {
      let done = false;
      const run = () => {
        if (done) return;
        done = true;
        pendingCheck = null;
        recheck();
        resolve();
      };
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
      // rAF pauses in hidden windows; the checks must still run.
      setTimeout(run, 100);
    });
    return pendingCheck;
  }

  function parseFor(
    code: string,
    text: string,
  ): { ok: true; value: Value } | { ok: false; message: Message } {
    const { template, task } = get();
    const ind = template && task ? fieldIndicator(template, task, code) : undefined;
    if (!ind) return { ok: true, value: text };
    return parseInput(ind, text, ind.choices ? template!.choiceLists[ind.choices] : []);
  }

  function cellOf(code: string): CellState {
    const { values, raw } = get();
    return raw[code] !== undefined
      ? { value: values[code] ?? null, raw: raw[code] }
      : { value: values[code] ?? null };
  }

  /** Writes cells to the store and IndexedDB; on failure the screen returns to the last good state. */
  async function writeCells(
    cells: Record<string, CellState>,
    pushUndo: boolean,
    clearRedo: boolean,
  ): Promise<boolean> {
    const s = get();
    if (!s.db || !s.submission) return false;
    const before: Record<string, CellState> = {};
    for (const code of Object.keys(cells)) before[code] = cellOf(code);
    const values = { ...s.values };
    const raw = { ...s.raw };
    for (const [code, cell] of Object.entries(cells)) {
      values[code] = cell.value;
      if (cell.raw === undefined) delete raw[code];
      else raw[code] = cell.raw;
    }
    const undoStack = pushUndo ? [...s.undoStack.slice(-199), { before, after: cells }] : s.undoStack;
    // The write is queued before the screen is re-checked, so IndexedDB works while React renders.
    const edits = Object.entries(cells).map(([code, c]) => ({
      code,
      value: c.value,
      ...(c.raw === undefined ? {} : { raw: c.raw }),
    }));
    const written = tracked(setValues(s.db, s.submission.id, edits, ACTOR));
    set({ values, raw, undoStack, ...(clearRedo ? { redoStack: [] } : {}) });
    // Checks wait for the commit, so the write is never queued behind them.
    const checked = written.then(scheduleRecheck, scheduleRecheck);
    try {
      await written;
      // Lets benchmarks and diagnostics see when an edit became durable (transaction committed).
      performance.mark('tianbao:durable');
      await checked;
      return true;
    } catch (error) {
      // Back to what is really stored, and say so at once.
      const restoreValues = { ...get().values };
      const restoreRaw = { ...get().raw };
      for (const [code, cell] of Object.entries(before)) {
        restoreValues[code] = cell.value;
        if (cell.raw === undefined) delete restoreRaw[code];
        else restoreRaw[code] = cell.raw;
      }
      recheck({
        values: restoreValues,
        raw: restoreRaw,
        undoStack: s.undoStack,
        storageError: toStorageError(error).userMessage,
      });
      return false;
    }
  }

  return {
    status: 'idle',
    values: {},
    raw: {},
    targets: {},
    lastYear: {},
    evidence: [],
    comments: [],
    issuesByField: {},
    undoStack: [],
    redoStack: [],
    pendingWrites: 0,

    async load(db, submissionId) {
      set({
        status: 'loading',
        db,
        loadError: undefined,
        undoStack: [],
        redoStack: [],
        issuesByField: {},
        savedAt: undefined,
      });
      try {
        const submission = await db.submissions.get(submissionId);
        if (!submission) throw new Error('missing');
        const project = await db.projects.get(submission.projectId);
        if (!project) throw new Error('missing');
        const template = await getTemplate(db, project.templateId, project.templateVersion);
        const task = template && findTask(template, project.taskCode);
        if (!template || !task)
          return set({
            status: 'error',
            loadError: msg('common:editor.templateMissing', {
              id: project.templateId,
              version: project.templateVersion,
            }),
          });
        const rows = await getValueRows(db, submissionId);
        const previous = await db.submissions
          .where('[projectId+year]')
          .equals([project.id, submission.year - 1])
          .first();
        const lastRows = previous ? await getValueRows(db, previous.id) : [];
        const values: Record<string, Value> = {};
        const raw: Record<string, string> = {};
        for (const r of rows) {
          values[r.code] = r.value;
          if (r.raw !== undefined) raw[r.code] = r.raw;
        }
        const evidence = await evidenceOf(db, submissionId);
        const comments = await db.comments.where('submissionId').equals(submissionId).toArray();
        recheck({
          status: 'ready',
          submission,
          project,
          template,
          task,
          values,
          raw,
          targets: project.targets[String(submission.year)] ?? {},
          lastYear: Object.fromEntries(lastRows.map((r) => [r.code, r.value])),
          evidence,
          comments,
        });
      } catch (error) {
        set({
          status: 'error',
          loadError:
            error instanceof Error && error.message === 'missing'
              ? msg('common:submission.missing')
              : toStorageError(error).userMessage,
        });
      }
    },

    async edit(code, text) {
      const s = get();
      if (!s.submission || !isEditable(s.submission.status)) return;
      const parsed = parseFor(code, text);
      const cell: CellState = parsed.ok
        ? { value: parsed.value }
        : { value: s.values[code] ?? null, raw: text };
      // Typing into the same cell extends the last undo step, so undo goes back per edit, not per key.
      const last = s.undoStack.at(-1);
      const merge = last && Object.keys(last.after).length === 1 && last.after[code] !== undefined;
      if (merge) {
        set({ undoStack: [...s.undoStack.slice(0, -1), { before: last.before, after: { [code]: cell } }] });
        await writeCells({ [code]: cell }, false, true);
      } else {
        await writeCells({ [code]: cell }, true, true);
      }
    },

    async editMany(cells) {
      const s = get();
      if (!s.submission || !isEditable(s.submission.status)) return { refused: 0 };
      const out: Record<string, CellState> = {};
      let refused = 0;
      for (const { code, text } of cells) {
        const parsed = parseFor(code, text);
        if (parsed.ok) out[code] = { value: parsed.value };
        else {
          refused++;
          out[code] = { value: s.values[code] ?? null, raw: text };
        }
      }
      await writeCells(out, true, true);
      return { refused };
    },

    async editTarget(code, text) {
      const s = get();
      if (!s.db || !s.project || !s.submission || !s.task) return null;
      const ind = taskIndicators(s.task).find((i) => i.code === code);
      if (!ind) return null;
      const parsed = parseInput(ind, text, ind.choices ? s.template!.choiceLists[ind.choices] : []);
      if (!parsed.ok) return parsed.message;
      try {
        await tracked(setTarget(s.db, s.project.id, s.submission.year, code, parsed.value, ACTOR));
        recheck({ targets: { ...get().targets, [code]: parsed.value } });
        return null;
      } catch (error) {
        set({ storageError: toStorageError(error).userMessage });
        return toStorageError(error).userMessage;
      }
    },

    async applyImport(values, targets) {
      const s = get();
      if (!s.db || !s.submission || !isEditable(s.submission.status)) return false;
      const before: Record<string, CellState> = {};
      for (const code of Object.keys(values)) before[code] = cellOf(code);
      const targetsBefore = Object.fromEntries(Object.keys(targets).map((c) => [c, s.targets[c] ?? null]));
      const entry: UndoEntry = {
        before,
        after: Object.fromEntries(Object.entries(values).map(([c, v]) => [c, { value: v }])),
        targets: { before: targetsBefore, after: targets },
      };
      if (!(await applyEntry(entry, 'after'))) return false;
      set({ undoStack: [...get().undoStack.slice(-199), entry], redoStack: [] });
      return true;
    },

    async undo() {
      const s = get();
      const entry = s.undoStack.at(-1);
      if (!entry) return;
      set({ undoStack: s.undoStack.slice(0, -1), redoStack: [...s.redoStack, entry] });
      await applyEntry(entry, 'before');
    },

    async redo() {
      const s = get();
      const entry = s.redoStack.at(-1);
      if (!entry) return;
      set({ redoStack: s.redoStack.slice(0, -1), undoStack: [...s.undoStack, entry] });
      await applyEntry(entry, 'after');
    },

    async attach(target, file) {
      const s = get();
      if (!s.db || !s.submission) return;
      try {
        const record = await tracked(attachEvidence(s.db, s.submission.id, target, file, ACTOR));
        recheck({ evidence: [...get().evidence, record] });
      } catch (error) {
        set({ storageError: toStorageError(error).userMessage });
      }
    },

    async detach(evidenceId) {
      const s = get();
      if (!s.db) return;
      try {
        await tracked(detachEvidence(s.db, evidenceId, ACTOR));
        recheck({ evidence: get().evidence.filter((e) => e.id !== evidenceId) });
      } catch (error) {
        set({ storageError: toStorageError(error).userMessage });
      }
    },

    async submit() {
      const s = get();
      if (!s.db || !s.submission || !s.check) return { ok: false, issues: [] };
      const errors = s.check.issues.filter((i) => i.severity === 'error');
      if (errors.length) return { ok: false, issues: errors };
      try {
        const action = s.submission.status === 'returned' ? 'resubmit' : 'submit';
        const submission = await changeStatus(s.db, s.submission.id, action, 'unit', ACTOR);
        set({ submission });
        return { ok: true };
      } catch (error) {
        set({ storageError: toStorageError(error).userMessage });
        return { ok: false, issues: [] };
      }
    },

    clearStorageError() {
      set({ storageError: undefined });
    },
  };
});
