import type { TianbaoDb } from '../database.ts';
import { guardedWrite } from '../errors.ts';
import type { TemplateRecord } from '../records.ts';
import type { Template } from '../../domain/template.ts';
import { listBuiltinTemplates } from '../../templates/index.ts';
import { nowIso } from '../../util/ids.ts';

export function templateKey(id: string, version: string): string {
  return `${id}@${version}`;
}

/** Compares dotted numeric versions: 2023.10 > 2023.9. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Puts the built-in templates in the store; an existing version is left as it is. */
export async function installBuiltinTemplates(db: TianbaoDb): Promise<number> {
  const builtins = listBuiltinTemplates();
  return guardedWrite(() =>
    db.transaction('rw', db.templates, async () => {
      let added = 0;
      // Keys only: reading the stored templates themselves would deserialise them at every start.
      const stored = new Set((await db.templates.toCollection().primaryKeys()) as string[]);
      for (const template of builtins) {
        const key = templateKey(template.id, template.version);
        if (stored.has(key)) continue;
        await db.templates.put({
          key,
          id: template.id,
          version: template.version,
          builtin: true,
          template,
          storedAt: nowIso(),
        });
        added++;
      }
      return added;
    }),
  );
}

export async function storeTemplate(db: TianbaoDb, template: Template): Promise<TemplateRecord> {
  const record: TemplateRecord = {
    key: templateKey(template.id, template.version),
    id: template.id,
    version: template.version,
    builtin: false,
    template,
    storedAt: nowIso(),
  };
  await guardedWrite(() => db.templates.put(record));
  return record;
}

/** The latest version of each template id. */
export async function listTemplates(db: TianbaoDb): Promise<TemplateRecord[]> {
  const all = await db.templates.toArray();
  const latest = new Map<string, TemplateRecord>();
  for (const r of all) {
    const seen = latest.get(r.id);
    if (!seen || compareVersions(r.version, seen.version) > 0) latest.set(r.id, r);
  }
  return [...latest.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export async function getTemplate(
  db: TianbaoDb,
  id: string,
  version?: string,
): Promise<Template | undefined> {
  if (version) return (await db.templates.get(templateKey(id, version)))?.template;
  return (await listTemplates(db)).find((r) => r.id === id)?.template;
}
