/**
 * Fuzzing template import: the template workbook (`tianbao template import`) and the template as
 * data (parseTemplate, which the workbook reader and every stored template go through).
 *
 * Properties: readTemplateWorkbook never throws and never takes long on a damaged workbook (bytes,
 * XML inside the zip, cells and sheets edited as in Excel); it either returns a template that the
 * template checker accepts as it is, or only errors, each located on its sheet (and cell where there
 * is one) and rendered in zh-CN with no missing key. parseTemplate on a valid template with fields
 * changed, removed or given hostile values and random expressions never throws, and every issue
 * names a path that exists in the template (its parent, for a field that is missing).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTemplate, type TemplateIssue } from '../../shared/domain/template-check.ts';
import { templateSchema, type Template } from '../../shared/domain/template.ts';
import { OPEN_ERROR_CODES } from '../../shared/excel/open.ts';
import {
  readTemplateWorkbook,
  writeTemplateWorkbook,
  type ReadTemplateResult,
} from '../../shared/excel/template-workbook.ts';
import { getBuiltinTemplate } from '../../shared/templates/index.ts';
import { editWorkbook, smallTemplate, smallTemplateInput } from '../fixtures/excel/index.ts';
import { check, checkWorkbookError, zhText } from '../helpers/fuzz-check.ts';
import { nearlyValidSourceArb, tokenSourceArb } from '../helpers/fuzz-expr.ts';
import {
  applyByteEdits,
  applyEntryEdits,
  applyJsonEdits,
  byteEditsArb,
  entryEditsArb,
  getAt,
  hostileTextArb,
  jsonEditArbOf,
  type JsonPath,
} from '../helpers/fuzz-mutate.ts';
import { fuzzParams, testTimeout, type FuzzBudget } from '../helpers/fuzz-run.ts';
import { applyCellEdits, cellEditsArb } from '../helpers/fuzz-workbook.ts';

/** Codes readTemplateWorkbook may report without a sheet: the file as a whole is refused. */
const TEMPLATE_FILE_LEVEL: ReadonlySet<string> = new Set([...OPEN_ERROR_CODES, 'not-template-workbook']);
const PER_RUN_MS = 20_000;

let base: Uint8Array;

beforeAll(async () => {
  base = await writeTemplateWorkbook(smallTemplate());
}, 60_000);

function checkTemplateRead(result: ReadTemplateResult): void {
  if (!result.ok) {
    check(result.errors.length > 0, () => 'refused without a reason');
    for (const e of result.errors) checkWorkbookError(e, TEMPLATE_FILE_LEVEL);
    check(!('template' in result), () => 'a template came back with errors');
    return;
  }
  // Whatever the reader accepts, the checker accepts as it is: no template gets in half-checked.
  const again = parseTemplate(result.template);
  check(again.ok, () => `read a template the checker refuses: ${JSON.stringify(!again.ok && again.issues)}`);
}

const BYTES: FuzzBudget = { runs: 20, budgetMs: 2000, perRunMs: PER_RUN_MS };
const ENTRIES: FuzzBudget = { runs: 30, budgetMs: 5000, perRunMs: PER_RUN_MS };
const CELLS: FuzzBudget = { runs: 25, budgetMs: 5000, perRunMs: PER_RUN_MS };
const DATA: FuzzBudget = { runs: 300, budgetMs: 3000 };

describe('fuzz: template workbook import', () => {
  it(
    'bytes flipped, inserted, deleted or cut: located refusals, never a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(byteEditsArb, async (edits) =>
          checkTemplateRead(await readTemplateWorkbook(applyByteEdits(base, edits))),
        ),
        fuzzParams(BYTES),
      );
    },
    testTimeout(BYTES),
  );

  it(
    'XML inside the zip edited: a valid template or located errors only',
    async () => {
      await fc.assert(
        fc.asyncProperty(entryEditsArb, async (edits) =>
          checkTemplateRead(await readTemplateWorkbook(await applyEntryEdits(base, edits))),
        ),
        fuzzParams(ENTRIES),
      );
    },
    testTimeout(ENTRIES),
  );

  it(
    'cells and sheets edited as in Excel: a valid template or located errors only',
    async () => {
      await fc.assert(
        fc.asyncProperty(cellEditsArb, async (edits) => {
          const bytes = await applyCellEdits(base, edits);
          if (bytes) checkTemplateRead(await readTemplateWorkbook(bytes));
        }),
        fuzzParams(CELLS),
      );
    },
    testTimeout(CELLS),
  );
});

// ─── The template as data ───────────────────────────────────────────────────────────────────────

/** Hostile values, with expressions for the fields that hold them most of the time. */
const jsonValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileTextArb },
  { weight: 3, arbitrary: fc.oneof(tokenSourceArb, nearlyValidSourceArb) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'T01_01',
      'T02_01',
      'governance',
      'G01',
      '$t(expr:type.text)',
      '{{code}}',
      '{T01_01}',
    ),
  },
);

const jsonEditArb = jsonEditArbOf(jsonValueArb);

/** `tasks[0].groups[1].code` → ['tasks', 0, 'groups', 1, 'code']. */
function parsePath(path: string): JsonPath {
  const out: JsonPath = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function checkIssue(issue: TemplateIssue, input: unknown, parsed: Template | undefined): void {
  zhText(issue.message);
  if (issue.path === '') return;
  const path = parsePath(issue.path);
  // Schema issues may name a field that is missing; their parent is there. Semantic issues point
  // into the template as parsed (defaults applied), and there the whole path exists.
  const root = parsed ?? input;
  const target = parsed ? path : path.slice(0, -1);
  check(
    getAt(root, target) !== undefined,
    () => `issue path ${issue.path} does not exist in the template (${issue.message.key})`,
  );
}

describe('fuzz: templates as data (parseTemplate)', () => {
  it(
    'fields changed, removed, repeated or given random expressions: issues located, never a throw',
    () => {
      const inputs = [smallTemplateInput, getBuiltinTemplate('keytasks-2023')!];
      fc.assert(
        fc.property(
          fc.nat({ max: inputs.length - 1 }),
          fc.array(jsonEditArb, { minLength: 1, maxLength: 5 }),
          (which, edits) => {
            const input = applyJsonEdits(inputs[which], edits);
            const result = parseTemplate(input);
            if (result.ok) {
              expect(parseTemplate(result.template).ok).toBe(true);
              return;
            }
            check(result.issues.length > 0, () => 'refused without an issue');
            // Schema issues come when the structure is wrong; semantic ones about the parsed template.
            const parsed = templateSchema.safeParse(input);
            for (const issue of result.issues)
              checkIssue(issue, input, parsed.success ? parsed.data : undefined);
          },
        ),
        fuzzParams(DATA),
      );
    },
    testTimeout(DATA),
  );
});

describe('fuzz regressions: template workbook', () => {
  it('one stray cell in row 1,048,576 of every sheet: read at once, the same template (it ran out of memory)', async () => {
    const stray = await editWorkbook(base, (wb) => {
      for (const ws of wb.worksheets) ws.getCell(1_048_576, 26).value = '备注';
    });
    const start = performance.now();
    const result = await readTemplateWorkbook(stray);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(result.ok && result.template).toStrictEqual(smallTemplate());
  }, 60_000);
});
