/**
 * Fuzzing submission packages (.tbpkg): reading (readPackage) and importing into a province's
 * store (importPackage).
 *
 * Inputs: a real package damaged at the byte level and inside its zip entries; its manifest and
 * submission.json changed field by field (hostile values, ids of records the store already holds)
 * and then either left as they are, re-listed in the manifest or resealed with every hash redone;
 * random bytes and random zips.
 *
 * Properties: readPackage never throws and never reports `internal` (a caught crash); every error
 * names its entry (the file as a whole only for the file-level codes) and renders in zh-CN; an
 * accepted package whose bytes were damaged carries exactly the original content. importPackage of
 * whatever readPackage accepts either imports, or refuses with located conflicts, or fails with a
 * zh-CN StorageError — and after a refusal or a failure every table of the store is exactly as it
 * was; whatever it does, it never touches the records of another submission in the store.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, type TianbaoDb } from '../../shared/db/index.ts';
import type { Value } from '../../shared/domain/expr/index.ts';
import { sha256HexSync } from '../../shared/util/sha256.ts';
import { writePackage } from '../../shared/package/write.ts';
import { LIMITS, type PackageContent } from '../../shared/package/format.ts';
import { packageContentFromStore } from '../../shared/package/from-store.ts';
import { importPackage, type ImportResult } from '../../shared/package/import-to-store.ts';
import { readPackage, type ReadResult, type VerifiedPackage } from '../../shared/package/read.ts';
import { storedZip } from '../fixtures/excel/index.ts';
import {
  entriesOf,
  jsonOf,
  relist,
  reseal,
  seedSubmission,
  setJson,
  zipEntries,
} from '../fixtures/package.ts';
import { check, checkPackageError, zhText } from '../helpers/fuzz-check.ts';
import {
  applyByteEdits,
  applyEntryEdits,
  applyJsonEdits,
  byteEditsArb,
  entryEditsArb,
  hostileTextArb,
  jsonEditArbOf,
} from '../helpers/fuzz-mutate.ts';
import { fuzzParams, testTimeout, type FuzzBudget } from '../helpers/fuzz-run.ts';
import { storeDigest } from '../helpers/fuzz-store.ts';
import { memoryDb } from '../helpers/memory-db.ts';

const PROVINCE = '湖南省教育厅 王老师';
const CREATED = '2026-03-05T08:00:00.000Z';
/** Codes readPackage may report without naming an entry: the file as a whole. */
const PACKAGE_FILE_LEVEL: ReadonlySet<string> = new Set([
  'notZip',
  'truncated',
  'tooManyEntries',
  'tooLarge',
  'tooManyErrors',
]);
const CONFLICT_ENTITIES = new Set([
  'unit',
  'project',
  'submission',
  'value',
  'evidence',
  'comment',
  'snapshot',
]);
const PER_RUN_MS = 20_000;

let unitDb: TianbaoDb;
let seeded: { submissionId: string };
/** A draft (editable) submission's package: content edits can pass the reader. */
let draft: Uint8Array;
let draftRead: VerifiedPackage;
/** A submitted (locked) submission's package, with its snapshot and receipt hash. */
let submitted: Uint8Array;
let submittedRead: VerifiedPackage;
/** Ids the province store holds for another submission (the bystander), offered to the JSON edits. */
let bystanderIds: string[] = [];

async function verified(bytes: Uint8Array): Promise<VerifiedPackage> {
  const r = await readPackage(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

async function packageOf(db: TianbaoDb, submissionId: string): Promise<Uint8Array> {
  const content: PackageContent = await packageContentFromStore(db, submissionId);
  return writePackage(content, { createdAt: CREATED, appVersion: '0.1.0' });
}

beforeAll(async () => {
  unitDb = memoryDb();
  seeded = await seedSubmission(unitDb, { submit: false });
  draft = await packageOf(unitDb, seeded.submissionId);
  draftRead = await verified(draft);
  // Another project's submitted submission: the province's bystander. Its comment gets an id of its
  // own (both fixtures use c-1; a package may not take over another submission's records).
  const lockedDb = memoryDb();
  const lockedSeed = await seedSubmission(lockedDb);
  const comment = (await lockedDb.comments.get('c-1'))!;
  await lockedDb.comments.delete('c-1');
  await lockedDb.comments.put({ ...comment, id: 'c-2' });
  submitted = await packageOf(lockedDb, lockedSeed.submissionId);
  submittedRead = await verified(submitted);
  lockedDb.close();
  const { unit, project, submission, evidence, comments, snapshots } = submittedRead.content;
  bystanderIds = [
    unit.id,
    project.id,
    submission.id,
    ...[...evidence, ...comments, ...snapshots].map((r) => r.id),
  ];
}, 120_000);

afterAll(() => unitDb.close());

// ─── Reading ────────────────────────────────────────────────────────────────────────────────────

function checkRead(result: ReadResult): void {
  if (result.ok) return;
  check(result.errors.length > 0, () => 'refused without a reason');
  check(result.errors.length <= LIMITS.reportedErrors + 1, () => `${result.errors.length} errors reported`);
  for (const e of result.errors) checkPackageError(e, PACKAGE_FILE_LEVEL);
}

// ─── Importing ──────────────────────────────────────────────────────────────────────────────────

/**
 * A province store holding another submission of the same unit (the bystander: the submitted
 * package, with its evidence, comment and snapshot) and, when given, the original package too.
 */
async function provinceStore(original: VerifiedPackage | undefined): Promise<TianbaoDb> {
  const db = memoryDb();
  const first = await importPackage(db, submittedRead, { actor: PROVINCE });
  check(first.ok, () => `the bystander package does not import: ${JSON.stringify(first)}`);
  if (original) {
    const mine = await recordsOf(db);
    const second = await importPackage(db, original, { actor: PROVINCE });
    check(second.ok, () => `the original package does not import: ${JSON.stringify(second)}`);
    expect(await recordsOf(db), 'importing the original package changed the bystander').toEqual(mine);
  }
  return db;
}

/** Everything the store holds of the bystander submission (its records and its project). */
async function recordsOf(db: TianbaoDb): Promise<unknown> {
  const sid = submittedRead.content.submission.id;
  return {
    submission: await db.submissions.get(sid),
    project: await db.projects.get(submittedRead.content.project.id),
    values: await db.values.where('submissionId').equals(sid).sortBy('code'),
    evidence: await db.evidence.where('submissionId').equals(sid).sortBy('id'),
    comments: await db.comments.where('submissionId').equals(sid).sortBy('id'),
    snapshots: await db.snapshots.where('submissionId').equals(sid).sortBy('id'),
  };
}

function checkConflicts(result: Extract<ImportResult, { ok: false }>): void {
  check(result.conflicts.length > 0, () => 'import refused without a conflict');
  for (const c of result.conflicts) {
    check(CONFLICT_ENTITIES.has(c.entity), () => `conflict on ${c.entity}`);
    check(typeof c.id === 'string' && c.id !== '', () => `conflict without an id: ${JSON.stringify(c)}`);
    check(
      typeof c.field === 'string' && c.field !== '',
      () => `conflict without a field: ${JSON.stringify(c)}`,
    );
    zhText(c.message);
  }
}

/** Imports into a store and checks the outcome: imported, refused untouched, or failed untouched. */
async function importChecked(db: TianbaoDb, pkg: VerifiedPackage, replace: boolean): Promise<void> {
  const before = await storeDigest(db);
  const mine = await recordsOf(db);
  let result: ImportResult | undefined;
  try {
    result = await importPackage(db, pkg, { actor: PROVINCE, replace });
  } catch (error) {
    check(error instanceof StorageError, () => `import threw ${String(error)}`);
    zhText(error.userMessage);
  }
  if (!result?.ok) {
    if (result) checkConflicts(result);
    expect(await storeDigest(db)).toEqual(before);
  }
  // Whatever happened, another submission's records are as they were.
  expect(await recordsOf(db)).toEqual(mine);
}

async function importEverywhere(pkg: VerifiedPackage, replace: boolean): Promise<void> {
  for (const original of [undefined, draftRead]) {
    const db = await provinceStore(original);
    try {
      await importChecked(db, pkg, replace);
    } finally {
      db.close();
    }
  }
}

// ─── JSON edits of a package ────────────────────────────────────────────────────────────────────

const idLike = fc.oneof(
  fc.constantFrom('c-1', 'unit-hngy', '', ' ', 'x'.repeat(300)),
  // Chained so the ids are read when values are drawn (after beforeAll), not when this is defined.
  fc.constant(null).chain(() => fc.constantFrom(...bystanderIds)),
);

const jsonValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileTextArb },
  { weight: 3, arbitrary: idLike },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(2025, 1999, 2101, -1, 0, 1e21, 'submitted', 'returned', 'draft', 'accepted'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2026-03-05T08:00:00.000Z', '2026-13-45T99:00:00Z', sha256HexSync('x')),
  },
);

interface PackageEdit {
  entry: 'submission.json' | 'manifest.json';
  edits: ReturnType<typeof jsonEditArbOf> extends fc.Arbitrary<infer E> ? E[] : never;
  /** none: edited and left; relist: the manifest's sizes and hashes redone; reseal: its own hash too. */
  seal: 'none' | 'relist' | 'reseal';
}

const packageEditArb: fc.Arbitrary<PackageEdit> = fc.record({
  entry: fc.constantFrom('submission.json' as const, 'submission.json' as const, 'manifest.json' as const),
  edits: fc.array(jsonEditArbOf(jsonValueArb), { minLength: 1, maxLength: 4 }),
  seal: fc.constantFrom('reseal' as const, 'reseal' as const, 'relist' as const, 'none' as const),
});

async function editPackage(bytes: Uint8Array, e: PackageEdit): Promise<Uint8Array> {
  const entries = await entriesOf(bytes);
  setJson(entries, e.entry, applyJsonEdits(jsonOf(entries, e.entry), e.edits));
  try {
    if (e.seal === 'reseal') reseal(entries);
    else if (e.seal === 'relist') relist(entries);
  } catch {
    // The manifest was edited out of shape (no file list …): it goes as it is, unsealed.
  }
  return zipEntries(entries);
}

/**
 * Edits that keep the content well formed (so the reader lets most of them through): values and
 * refused input typed over, comments and evidence renamed, re-targeted, dropped, or given the ids of
 * records the store already holds.
 */
type BodyEdit =
  | { kind: 'value'; code: string; value: Value | undefined }
  | { kind: 'raw'; code: string; text: string | undefined }
  | { kind: 'comment'; which: number; id?: string; text?: string; field?: string; drop: boolean }
  | { kind: 'evidence'; which: number; id?: string; name?: string; target?: string };

const fieldCodeArb = fc.oneof(
  fc.constantFrom(
    'T01_01',
    'T01_02',
    'T01_03',
    'T01_04',
    'report:overview',
    'fund:central:received',
    'note:T01_01',
  ),
  fc.string({ minLength: 1, maxLength: 20 }),
);
const bodyValueArb: fc.Arbitrary<Value | undefined> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  hostileTextArb,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const textArb = fc.oneof(hostileTextArb, fc.constant(undefined));
const bodyEditArb: fc.Arbitrary<BodyEdit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('value' as const), code: fieldCodeArb, value: bodyValueArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('raw' as const), code: fieldCodeArb, text: textArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('comment' as const),
        which: fc.nat(),
        id: idLike,
        text: hostileTextArb,
        field: fieldCodeArb,
        drop: fc.boolean(),
      },
      { requiredKeys: ['kind', 'which', 'drop'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('evidence' as const),
        which: fc.nat(),
        id: idLike,
        name: hostileTextArb,
        target: fieldCodeArb,
      },
      { requiredKeys: ['kind', 'which'] },
    ),
  },
);

interface Body {
  submission: { doc: { values: Record<string, unknown>; raw?: Record<string, string> } };
  comments: { id: string; doc: Record<string, unknown> }[];
  evidence: { id: string; doc: Record<string, unknown> }[];
}

async function editBody(bytes: Uint8Array, edits: readonly BodyEdit[]): Promise<Uint8Array> {
  const entries = await entriesOf(bytes);
  const body = jsonOf(entries, 'submission.json') as unknown as Body;
  for (const e of edits) {
    const doc = body.submission.doc;
    if (e.kind === 'value') {
      if (e.value === undefined) delete doc.values[e.code];
      else doc.values[e.code] = e.value;
    } else if (e.kind === 'raw') {
      doc.raw ??= {};
      if (e.text === undefined) delete doc.raw[e.code];
      else doc.raw[e.code] = e.text;
    } else if (e.kind === 'comment') {
      const c = body.comments[e.which % Math.max(1, body.comments.length)];
      if (!c) continue;
      if (e.drop) body.comments.splice(body.comments.indexOf(c), 1);
      if (e.id !== undefined) c.id = e.id;
      if (e.text !== undefined) c.doc.text = e.text;
      if (e.field !== undefined) c.doc.field = e.field;
    } else {
      const ev = body.evidence[e.which % Math.max(1, body.evidence.length)];
      if (!ev) continue;
      if (e.id !== undefined) ev.id = e.id;
      if (e.name !== undefined) ev.doc.name = e.name;
      if (e.target !== undefined) ev.doc.target = e.target;
    }
  }
  setJson(entries, 'submission.json', body);
  reseal(entries);
  return zipEntries(entries);
}

// ─── Properties ─────────────────────────────────────────────────────────────────────────────────

const BYTES: FuzzBudget = { runs: 60, budgetMs: 2000, perRunMs: PER_RUN_MS };
const ENTRIES: FuzzBudget = { runs: 50, budgetMs: 3000, perRunMs: PER_RUN_MS };
const JSON_EDITS: FuzzBudget = { runs: 60, budgetMs: 4000, perRunMs: PER_RUN_MS };
const BODY_EDITS: FuzzBudget = { runs: 25, budgetMs: 7000, perRunMs: PER_RUN_MS };
const RANDOM: FuzzBudget = { runs: 200, budgetMs: 1500, perRunMs: PER_RUN_MS };

describe('fuzz: reading packages', () => {
  it(
    'bytes flipped, inserted, deleted or cut: located refusals, or exactly the original content',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), byteEditsArb, async (locked, edits) => {
          const original = locked ? submittedRead : draftRead;
          const result = await readPackage(applyByteEdits(locked ? submitted : draft, edits));
          checkRead(result);
          if (result.ok) {
            expect(result.content).toEqual(original.content);
            expect(result.manifest).toEqual(original.manifest);
          }
        }),
        fuzzParams(BYTES),
      );
    },
    testTimeout(BYTES),
  );

  it(
    'entries damaged, removed or added inside the zip: located refusals, or the original content',
    async () => {
      await fc.assert(
        fc.asyncProperty(entryEditsArb, async (edits) => {
          const result = await readPackage(await applyEntryEdits(submitted, edits));
          checkRead(result);
          if (result.ok) expect(result.content).toEqual(submittedRead.content);
        }),
        fuzzParams(ENTRIES),
      );
    },
    testTimeout(ENTRIES),
  );

  it(
    'random bytes and random zips with package-like entries: refused, located, never thrown',
    async () => {
      const names = fc.constantFrom(
        'manifest.json',
        'manifest.sha256',
        'submission.json',
        `evidence/${sha256HexSync('x')}`,
        '../manifest.json',
        '/etc/passwd',
        'a//manifest.json',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 600 }),
            fc
              .array(fc.tuple(names, fc.oneof(hostileTextArb, fc.json())), { maxLength: 5 })
              .map((f) => storedZip(f)),
          ),
          async (bytes) => checkRead(await readPackage(bytes)),
        ),
        fuzzParams(RANDOM),
      );
    },
    testTimeout(RANDOM),
  );
});

describe('fuzz: importing packages into a province store', () => {
  it(
    'fields of the manifest and the content changed (and resealed): read, then imported or refused untouched',
    async () => {
      await fc.assert(
        fc.asyncProperty(packageEditArb, fc.boolean(), async (edit, replace) => {
          const result = await readPackage(await editPackage(draft, edit));
          checkRead(result);
          if (result.ok) await importEverywhere(result, replace);
        }),
        fuzzParams(JSON_EDITS),
      );
    },
    testTimeout(JSON_EDITS),
  );

  it(
    'values, comments and evidence of a resealed package changed: imported, or refused with the store untouched',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(bodyEditArb, { minLength: 1, maxLength: 5 }),
          fc.boolean(),
          async (edits, replace) => {
            const result = await readPackage(await editBody(draft, edits));
            checkRead(result);
            if (result.ok) await importEverywhere(result, replace);
          },
        ),
        fuzzParams(BODY_EDITS),
      );
    },
    testTimeout(BODY_EDITS),
  );
});

describe('fuzz regressions: package import', () => {
  it('a package cannot take over another submission’s comment or evidence by using its id', async () => {
    // Both fixtures' comments are c-1: the province holds the submitted one's, the draft brings its own.
    const lockedDb = memoryDb();
    const other = await seedSubmission(lockedDb);
    const otherPkg = await verified(await packageOf(lockedDb, other.submissionId));
    lockedDb.close();
    const db = memoryDb();
    expect((await importPackage(db, otherPkg, { actor: PROVINCE })).ok).toBe(true);
    const before = await storeDigest(db);
    for (const replace of [false, true]) {
      const result = await importPackage(db, draftRead, { actor: PROVINCE, replace });
      if (result.ok) throw new Error('the package took over another submission’s comment');
      expect(result.conflicts.map((c) => [c.entity, c.id, c.field, c.replaceable])).toEqual([
        ['comment', 'c-1', 'T01_01', false],
      ]);
      expect(zhText(result.conflicts[0]!.message)).toBe(
        `提交包中对 T01_01 的审核意见与本机另一份填报（${other.submissionId}）的审核意见编号相同（c-1），导入会覆盖它，不能导入`,
      );
      expect(await storeDigest(db)).toEqual(before);
    }

    // An evidence id of the other submission, in a package resealed after the edit.
    const theirs = otherPkg.content.evidence[0]!;
    const entries = await entriesOf(draft);
    const body = jsonOf(entries, 'submission.json') as { evidence: { id: string }[]; comments: unknown[] };
    body.evidence[0]!.id = theirs.id;
    body.comments = [];
    setJson(entries, 'submission.json', body);
    reseal(entries);
    const forged = await verified(await zipEntries(entries));
    const result = await importPackage(db, forged, { actor: PROVINCE, replace: true });
    if (result.ok) throw new Error('the package took over another submission’s evidence');
    expect(result.conflicts.filter((c) => !c.replaceable).map((c) => [c.entity, c.id])).toEqual([
      ['evidence', theirs.id],
    ]);
    expect(await storeDigest(db)).toEqual(before);
    db.close();
  });
});
