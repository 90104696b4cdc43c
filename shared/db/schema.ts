/**
 * Every schema version the local store has ever had, oldest first. Never edit a released
 * entry: add a new one with an upgrade. The migration harness opens a store at each version,
 * fills it with that version's fixture, and upgrades it to the latest.
 */
import type { Transaction } from 'dexie';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      units: 'id, uscc, regionCode',
      templates: 'key, id, [id+version]',
      projects: 'id, unitId, taskCode, [templateId+templateVersion]',
      submissions: 'id, projectId, [projectId+year], status',
      values: '[submissionId+code], submissionId',
      attachments: 'sha256',
      audit: '++id, [entity+entityId], at',
      meta: 'key',
    },
  },
  {
    // Evidence links, submission snapshots and reviewer comments; values may keep refused raw input.
    version: 2,
    stores: {
      evidence: 'id, submissionId, [submissionId+target], sha256',
      snapshots: 'id, submissionId, at',
      comments: 'id, submissionId, [submissionId+field]',
    },
  },
  {
    // Sync with the platform: the outbox of mutations, what each record last synced as, and the
    // conflicts waiting for the user. Existing records have never synced: the upgrade queues them.
    version: 3,
    stores: {
      outbox: '++seq, &mutationId, [entity+entityId]',
      syncState: 'key',
      conflicts: 'key',
    },
    upgrade: async (tx) => {
      const now = new Date().toISOString();
      const queue = (entity: string, ids: string[]) =>
        tx.table('outbox').bulkAdd(
          ids.map((entityId) => ({
            mutationId: globalThis.crypto.randomUUID(),
            kind: 'doc',
            entity,
            entityId,
            createdAt: now,
            attempts: 0,
          })),
        );
      await queue('unit', (await tx.table('units').toCollection().primaryKeys()) as string[]);
      await queue('project', (await tx.table('projects').toCollection().primaryKeys()) as string[]);
      await queue('submission', (await tx.table('submissions').toCollection().primaryKeys()) as string[]);
      await queue('evidence', (await tx.table('evidence').toCollection().primaryKeys()) as string[]);
    },
  },
  {
    // Reviewers' scores per submission and stage (省评, 复核), synced as the `review` entity.
    version: 4,
    stores: {
      reviews: 'id, submissionId, [submissionId+stage]',
    },
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
