/** Projects (建设项目): a unit's work on one task, with members and the plan's yearly targets. */
import { markDirty } from '../../sync/outbox.ts';
import type { TianbaoDb } from '../database.ts';
import { guardedWrite } from '../errors.ts';
import type { ProjectRecord } from '../records.ts';
import type { Value } from '../../domain/expr/index.ts';
import { newId, nowIso } from '../../util/ids.ts';
import { auditEntries } from './audit.ts';

export type NewProject = Omit<ProjectRecord, 'id' | 'createdAt' | 'updatedAt' | 'targets'> & {
  targets?: ProjectRecord['targets'];
};

export async function createProject(db: TianbaoDb, input: NewProject, actor: string): Promise<ProjectRecord> {
  const at = nowIso();
  const record: ProjectRecord = {
    ...input,
    targets: input.targets ?? {},
    id: newId(),
    createdAt: at,
    updatedAt: at,
  };
  return guardedWrite(() =>
    db.transaction('rw', [db.projects, db.audit, db.outbox], async () => {
      await db.projects.add(record);
      await markDirty(db, 'project', record.id);
      await db.audit.add({
        at,
        actor,
        entity: 'project',
        entityId: record.id,
        field: '*',
        before: null,
        after: record.name,
      });
      return record;
    }),
  );
}

export async function updateProject(
  db: TianbaoDb,
  id: string,
  patch: Partial<Omit<ProjectRecord, 'id' | 'createdAt'>>,
  actor: string,
): Promise<ProjectRecord> {
  return guardedWrite(() =>
    db.transaction('rw', [db.projects, db.audit, db.outbox], async () => {
      const before = await db.projects.get(id);
      if (!before) throw new Error(`project ${id} not found`);
      const at = nowIso();
      const after: ProjectRecord = { ...before, ...patch, id, updatedAt: at };
      await db.projects.put(after);
      await markDirty(db, 'project', id);
      const entries = auditEntries({ at, actor, entity: 'project', entityId: id }, before, after);
      if (entries.length) await db.audit.bulkAdd(entries);
      return after;
    }),
  );
}

/** Sets one yearly target of the 建设方案 in its own transaction. */
export async function setTarget(
  db: TianbaoDb,
  projectId: string,
  year: number,
  code: string,
  value: Value,
  actor: string,
): Promise<void> {
  await guardedWrite(() =>
    db.transaction('rw', [db.projects, db.audit, db.outbox], async () => {
      const p = await db.projects.get(projectId);
      if (!p) throw new Error(`project ${projectId} not found`);
      const y = String(year);
      const before = p.targets[y]?.[code] ?? null;
      if (before === value) return;
      const at = nowIso();
      const targets = { ...p.targets, [y]: { ...p.targets[y], [code]: value } };
      await db.projects.put({ ...p, targets, updatedAt: at });
      await markDirty(db, 'project', projectId);
      await db.audit.add({
        at,
        actor,
        entity: 'project',
        entityId: projectId,
        field: `target:${y}:${code}`,
        before,
        after: value,
      });
    }),
  );
}

export async function listProjects(db: TianbaoDb, unitId: string): Promise<ProjectRecord[]> {
  return (await db.projects.where('unitId').equals(unitId).toArray()).sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
}
