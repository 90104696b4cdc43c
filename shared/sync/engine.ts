/**
 * Sync with the platform: push the outbox, then pull what changed since the cursor.
 *
 * - A mutation is sealed (document + base revision frozen) before its first send and retried
 *   unchanged, so the platform's idempotency key always means the same change.
 * - Records go one mutation at a time in outbox order; different records never wait on each other,
 *   and a refused ("stuck") or conflicting record blocks only itself.
 * - A conflict is merged field by field (merge.ts). What collides waits for the user, with the
 *   local values kept on screen meanwhile, so nothing typed is dropped.
 * - Failures back off exponentially with jitter; "online" means the platform answered, not
 *   navigator.onLine.
 */
import type { TianbaoDb } from '../db/database.ts';
import type { OutboxRecord, SubmissionRecord, SyncDoc, SyncEntity, SyncStateRecord } from '../db/records.ts';
import { storeTemplate, templateKey } from '../db/repos/templates.ts';
import type { ApiUser, Mutation } from '../api/index.ts';
import { nowIso } from '../util/ids.ts';
import { sha256Hex } from '../util/sha256.ts';
import { PlatformClient, PlatformError } from './api-client.ts';
import { applyDoc, docTables, readLocalDoc } from './local-docs.ts';
import { mergeDocs, resolveConflicts } from './merge.ts';
import { syncKey } from './outbox.ts';
import { backoffDelay } from './backoff.ts';

/** Parents before children, so the platform sees a project before its submission. */
const ENTITY_ORDER: Record<SyncEntity, number> = {
  unit: 0,
  project: 1,
  submission: 2,
  evidence: 3,
  comment: 4,
  review: 5,
};
const CURSOR_KEY = 'sync.cursor';
const LAST_SYNC_KEY = 'sync.lastSyncAt';
/** The same key the unit repository uses for the app's own unit. */
const ACTIVE_UNIT_KEY = 'activeUnitId';
const PUSH_BATCH = 200;
/** Rounds of push per sync: a merged conflict re-queues its record for the next round. */
const MAX_ROUNDS = 5;

export type SyncPhase = 'signed-out' | 'offline' | 'syncing' | 'idle' | 'error';

export interface SyncStatus {
  phase: SyncPhase;
  user: ApiUser | null;
  /** Changes not yet on the platform. */
  pending: number;
  /** Refused for good; each needs the user. */
  stuck: number;
  conflicts: number;
  lastSyncAt?: string;
  lastError?: string;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  conflicts: number;
  failed: number;
  reachable: boolean;
}

export interface EngineOptions {
  db: TianbaoDb;
  client: PlatformClient;
  now?: () => Date;
  random?: () => number;
}

type Sealed = OutboxRecord & { seq: number; sealed: NonNullable<OutboxRecord['sealed']> };

export class SyncEngine {
  private readonly db: TianbaoDb;
  private readonly client: PlatformClient;
  private readonly now: () => Date;
  private readonly random: () => number;
  private running: Promise<SyncReport> | null = null;

  constructor(options: EngineOptions) {
    this.db = options.db;
    this.client = options.client;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** One full sync; concurrent calls share the run in progress. */
  sync(): Promise<SyncReport> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  async status(phase?: SyncPhase, lastError?: string): Promise<SyncStatus> {
    const user = await this.client.user();
    const outbox = await this.db.outbox.toArray();
    const conflicts = await this.db.conflicts.count();
    const lastSyncAt = (await this.db.meta.get(LAST_SYNC_KEY))?.value as string | undefined;
    return {
      phase: phase ?? (user ? 'idle' : 'signed-out'),
      user,
      pending: outbox.filter((o) => !o.stuck).length,
      stuck: outbox.filter((o) => o.stuck).length,
      conflicts,
      lastSyncAt,
      lastError: lastError ?? outbox.find((o) => o.lastError)?.lastError,
    };
  }

  private async run(): Promise<SyncReport> {
    const report: SyncReport = { pushed: 0, pulled: 0, conflicts: 0, failed: 0, reachable: false };
    if (!(await this.client.user())) return report;
    if (!(await this.client.reachable())) return report;
    report.reachable = true;
    try {
      await this.pullTemplates();
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const before = report.pushed + report.conflicts;
        await this.pushRound(report);
        if (report.pushed + report.conflicts === before) break;
      }
      report.pulled = await this.pull();
      await this.adoptUnit();
      await this.db.meta.put({ key: LAST_SYNC_KEY, value: this.now().toISOString() });
    } catch (err) {
      if (err instanceof PlatformError && err.unreachable) report.reachable = false;
      else throw err;
    }
    return report;
  }

  /**
   * A unit account on a fresh install: the unit pulled from the platform becomes this app's unit,
   * so the unit's own screens show what the platform holds. An existing local unit is left alone.
   */
  private async adoptUnit(): Promise<void> {
    const user = await this.client.user();
    if (user?.role !== 'unit' || !user.unitId) return;
    if ((await this.db.meta.get(ACTIVE_UNIT_KEY))?.value) return;
    if (await this.db.units.get(user.unitId))
      await this.db.meta.put({ key: ACTIVE_UNIT_KEY, value: user.unitId });
  }

  private async pullTemplates(): Promise<void> {
    const { templates } = await this.client.templates();
    for (const t of templates) {
      if (await this.db.templates.get(templateKey(t.id, t.version))) continue;
      const { template } = await this.client.template(t.id, t.version);
      await storeTemplate(this.db, template);
    }
  }

  /** The first waiting mutation of each record that may go now, parents first. */
  private async ready(): Promise<OutboxRecord[]> {
    const all = await this.db.outbox.orderBy('seq').toArray();
    const conflicted = new Set((await this.db.conflicts.toCollection().primaryKeys()) as string[]);
    const seen = new Set<string>();
    const due = this.now().toISOString();
    const out: OutboxRecord[] = [];
    for (const o of all) {
      const key = syncKey(o.entity, o.entityId);
      if (seen.has(key)) continue;
      seen.add(key);
      if (o.stuck || conflicted.has(key) || (o.nextTryAt && o.nextTryAt > due)) continue;
      out.push(o);
    }
    return out.sort((a, b) => ENTITY_ORDER[a.entity] - ENTITY_ORDER[b.entity] || a.seq! - b.seq!);
  }

  /** Freezes an entry's document and base revision before its first send. */
  private async seal(o: OutboxRecord): Promise<Sealed> {
    if (o.sealed) return o as Sealed;
    return this.db.transaction('rw', [...docTables(this.db), this.db.outbox, this.db.syncState], async () => {
      const doc = await readLocalDoc(this.db, o.entity, o.entityId);
      const state = await this.db.syncState.get(syncKey(o.entity, o.entityId));
      const sealed = { baseRev: state?.rev ?? 0, doc };
      await this.db.outbox.update(o.seq!, { sealed });
      return { ...o, sealed } as Sealed;
    });
  }

  private async failed(o: OutboxRecord, reason: string, retryable: boolean): Promise<void> {
    const attempts = o.attempts + 1;
    const delay = backoffDelay(attempts, this.random);
    await this.db.outbox.update(o.seq!, {
      attempts,
      lastError: reason,
      stuck: !retryable || undefined,
      nextTryAt: new Date(this.now().getTime() + delay).toISOString(),
    });
  }

  private async pushRound(report: SyncReport): Promise<void> {
    const ready = await this.ready();
    const docs: Sealed[] = [];
    for (const o of ready) {
      if (o.kind === 'transition') {
        await this.sendTransition(o, report);
        continue;
      }
      const sealed = await this.seal(o);
      // A deletion of a record the platform never had: nothing to tell it.
      if (sealed.sealed.doc === null && sealed.sealed.baseRev === 0) {
        await this.db.outbox.delete(sealed.seq);
        continue;
      }
      if (sealed.entity === 'evidence' && sealed.sealed.doc) {
        try {
          await this.uploadEvidenceBlob(String(sealed.sealed.doc.sha256));
        } catch (err) {
          if (err instanceof PlatformError && err.unreachable) throw err;
          await this.failed(sealed, err instanceof Error ? err.message : String(err), true);
          report.failed++;
          continue;
        }
      }
      docs.push(sealed);
    }
    for (let i = 0; i < docs.length; i += PUSH_BATCH) {
      const batch = docs.slice(i, i + PUSH_BATCH);
      let results;
      try {
        results = (await this.client.push(batch.map(toMutation))).results;
      } catch (err) {
        for (const o of batch) await this.failed(o, err instanceof Error ? err.message : String(err), true);
        report.failed += batch.length;
        if (err instanceof PlatformError && err.unreachable) throw err;
        continue;
      }
      const byId = new Map(results.map((r) => [r.mutationId, r]));
      for (const o of batch) {
        const r = byId.get(o.mutationId);
        if (!r) continue;
        if (r.status === 'applied' || r.status === 'duplicate') {
          const rev = r.status === 'applied' ? r.rev : r.result.rev;
          await this.acknowledge(o, rev);
          report.pushed++;
        } else if (r.status === 'conflict') {
          await this.merge(o, r.serverRev, r.serverDoc);
          report.conflicts++;
        } else {
          await this.failed(o, r.reason, r.retryable);
          report.failed++;
        }
      }
    }
  }

  private async acknowledge(o: Sealed, rev: number): Promise<void> {
    await this.db.transaction('rw', [this.db.outbox, this.db.syncState], async () => {
      await this.db.outbox.delete(o.seq);
      await this.db.syncState.put({
        key: syncKey(o.entity, o.entityId),
        entity: o.entity,
        entityId: o.entityId,
        rev,
        baseDoc: o.sealed.doc,
        syncedAt: nowIso(),
      });
    });
  }

  /**
   * The platform has a newer revision. Merge field by field against what both last agreed on:
   * a clean merge is written locally and queued on the new revision; colliding fields keep the
   * local value on screen and wait in `conflicts` for the user's choice.
   */
  private async merge(o: Sealed, serverRev: number, serverDoc: SyncDoc | null): Promise<void> {
    const key = syncKey(o.entity, o.entityId);
    await this.db.transaction(
      'rw',
      [...docTables(this.db), this.db.outbox, this.db.syncState, this.db.conflicts],
      async () => {
        const state = await this.db.syncState.get(key);
        const local = await readLocalDoc(this.db, o.entity, o.entityId);
        await this.db.outbox.delete(o.seq);
        await this.db.syncState.put({
          key,
          entity: o.entity,
          entityId: o.entityId,
          rev: serverRev,
          baseDoc: serverDoc,
          syncedAt: nowIso(),
        });
        if (serverDoc === null || local === null) {
          // Deleted on one side: keep whichever still exists, as a fresh change on the new revision.
          if (local !== null) await this.requeue(o, serverRev, local);
          else if (serverDoc !== null) await applyDoc(this.db, o.entity, o.entityId, serverDoc, 'sync');
          return;
        }
        const { merged, conflicts } = mergeDocs(o.entity, state?.baseDoc ?? null, local, serverDoc);
        const keepLocal = Object.fromEntries(conflicts.map((c) => [c.path, 'local' as const]));
        await applyDoc(this.db, o.entity, o.entityId, resolveConflicts(merged, conflicts, keepLocal), 'sync');
        if (conflicts.length === 0) {
          await this.requeue(o, serverRev, merged);
          return;
        }
        await this.db.conflicts.put({
          key,
          entity: o.entity,
          entityId: o.entityId,
          serverRev,
          serverDoc,
          merged,
          fields: conflicts,
          detectedAt: nowIso(),
        });
      },
    );
  }

  private async requeue(
    o: { entity: SyncEntity; entityId: string },
    baseRev: number,
    doc: SyncDoc,
  ): Promise<void> {
    await this.db.outbox.add({
      mutationId: globalThis.crypto.randomUUID(),
      kind: 'doc',
      entity: o.entity,
      entityId: o.entityId,
      sealed: { baseRev, doc },
      createdAt: nowIso(),
      attempts: 0,
    });
  }

  /**
   * The user's choice for each colliding field. The chosen platform values are written locally;
   * the record then goes out as a fresh change on the platform's revision.
   */
  async resolve(key: string, choices: Record<string, 'local' | 'server'>): Promise<void> {
    await this.db.transaction(
      'rw',
      [...docTables(this.db), this.db.outbox, this.db.syncState, this.db.conflicts],
      async () => {
        const conflict = await this.db.conflicts.get(key);
        if (!conflict) return;
        const local = await readLocalDoc(this.db, conflict.entity, conflict.entityId);
        if (local) {
          const chosen = resolveConflicts(local, conflict.fields, {
            ...Object.fromEntries(conflict.fields.map((f) => [f.path, 'local' as const])),
            ...choices,
          });
          await applyDoc(this.db, conflict.entity, conflict.entityId, chosen, 'sync');
          await this.requeue(conflict, conflict.serverRev, chosen);
        }
        await this.db.conflicts.delete(key);
      },
    );
  }

  private async sendTransition(o: OutboxRecord, report: SyncReport): Promise<void> {
    const t = o.transition!;
    try {
      const res = await this.client.transition(o.entityId, {
        action: t.action,
        requestId: o.mutationId,
        ...(t.reason ? { reason: t.reason } : {}),
      });
      await this.db.transaction(
        'rw',
        [...docTables(this.db), this.db.outbox, this.db.syncState],
        async () => {
          await this.db.outbox.delete(o.seq!);
          const key = syncKey('submission', o.entityId);
          await this.db.syncState.put({
            key,
            entity: 'submission',
            entityId: o.entityId,
            rev: res.record.rev,
            baseDoc: res.record.doc,
            syncedAt: nowIso(),
          });
          const s = await this.db.submissions.get(o.entityId);
          if (s) {
            const next: SubmissionRecord = { ...s, status: res.event.to };
            if (res.receipt)
              next.receipt = { rev: res.receipt.rev, at: res.receipt.at, sha256: res.receipt.sha256 };
            await this.db.submissions.put(next);
          }
        },
      );
      report.pushed++;
    } catch (err) {
      if (err instanceof PlatformError && err.unreachable) throw err;
      // A status change the platform refuses (already moved, wrong state) needs the user.
      await this.failed(o, err instanceof Error ? err.message : String(err), false);
      report.failed++;
    }
  }

  private async uploadEvidenceBlob(sha256: string): Promise<void> {
    const blob = await this.db.attachments.get(sha256);
    if (blob) await this.client.uploadBlob(sha256, blob.data);
  }

  /** Pulls every change since the cursor; records with local changes waiting are merged on push. */
  private async pull(): Promise<number> {
    let cursor = ((await this.db.meta.get(CURSOR_KEY))?.value as string | undefined) ?? '0';
    let applied = 0;
    const missingBlobs = new Set<string>();
    for (;;) {
      const page = await this.client.pull(cursor);
      await this.db.transaction(
        'rw',
        [
          ...docTables(this.db),
          this.db.outbox,
          this.db.syncState,
          this.db.conflicts,
          this.db.meta,
          this.db.attachments,
        ],
        async () => {
          // One look-up per page, not per change: which records wait locally or conflict.
          const keys = page.changes.map((c) => syncKey(c.entity, c.id));
          const states = await this.db.syncState.bulkGet(keys);
          const waiting = new Set((await this.db.outbox.toArray()).map((o) => syncKey(o.entity, o.entityId)));
          const conflicted = new Set((await this.db.conflicts.toCollection().primaryKeys()) as string[]);
          const fresh: SyncStateRecord[] = [];
          for (const [i, c] of page.changes.entries()) {
            const key = keys[i]!;
            const state = states[i];
            if (state && state.rev >= c.rev) continue;
            if (waiting.has(key) || conflicted.has(key)) continue;
            const doc = c.deleted ? null : (c.doc as SyncDoc | null);
            await applyDoc(this.db, c.entity, c.id, doc, `sync:${c.updatedBy}`);
            fresh.push({
              key,
              entity: c.entity,
              entityId: c.id,
              rev: c.rev,
              baseDoc: doc,
              syncedAt: nowIso(),
            });
            if (c.entity === 'evidence' && doc && !(await this.db.attachments.get(String(doc.sha256))))
              missingBlobs.add(String(doc.sha256));
            applied++;
          }
          await this.db.syncState.bulkPut(fresh);
          await this.db.meta.put({ key: CURSOR_KEY, value: page.cursor });
        },
      );
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    for (const sha256 of missingBlobs) await this.fetchBlob(sha256);
    return applied;
  }

  private async fetchBlob(sha256: string): Promise<void> {
    const evidence = await this.db.evidence.where('sha256').equals(sha256).first();
    const data = await this.client.downloadBlob(sha256);
    // The name is the hash: a blob that does not match it is not the file the record points to.
    if ((await sha256Hex(data)) !== sha256)
      throw new PlatformError(502, 'blobHash', `blob ${sha256}: hash mismatch`);
    await this.db.attachments.put({
      sha256,
      name: evidence?.name ?? sha256,
      mimeType: evidence?.mimeType ?? 'application/octet-stream',
      size: data.length,
      data,
      storedAt: nowIso(),
    });
  }
}

function toMutation(o: Sealed): Mutation {
  return {
    mutationId: o.mutationId,
    entity: o.entity,
    id: o.entityId,
    baseRev: o.sealed.baseRev,
    doc: o.sealed.doc,
  };
}

/** Where one record stands, for the badge beside it. */
export type RecordSyncStatus = 'local' | 'pending' | 'synced' | 'conflict' | 'stuck';

export async function recordSyncStatus(
  db: TianbaoDb,
  entity: SyncEntity,
  id: string,
): Promise<RecordSyncStatus> {
  const key = syncKey(entity, id);
  if (await db.conflicts.get(key)) return 'conflict';
  const waiting = await db.outbox.where('[entity+entityId]').equals([entity, id]).toArray();
  if (waiting.some((o) => o.stuck)) return 'stuck';
  if (waiting.length) return 'pending';
  return (await db.syncState.get(key)) ? 'synced' : 'local';
}
