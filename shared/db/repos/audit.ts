import type { TianbaoDb } from '../database.ts';
import type { AuditRecord } from '../records.ts';

/** Top-level fields whose values differ (structural compare), in a stable order. */
export function changedFields(before: object | undefined, after: object): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...keys].filter((k) => k !== 'updatedAt' && JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

export function auditEntries(
  base: Omit<AuditRecord, 'field' | 'before' | 'after' | 'id'>,
  before: object | undefined,
  after: object,
): AuditRecord[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return changedFields(before, after).map((field) => ({
    ...base,
    field,
    before: b[field] ?? null,
    after: a[field] ?? null,
  }));
}

/** Change history of one entity, newest first; optionally one field only. */
export async function historyOf(
  db: TianbaoDb,
  entity: AuditRecord['entity'],
  entityId: string,
  field?: string,
): Promise<AuditRecord[]> {
  const rows = await db.audit.where('[entity+entityId]').equals([entity, entityId]).toArray();
  return rows.filter((r) => field === undefined || r.field === field).reverse();
}
