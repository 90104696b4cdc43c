/** Builders for the documents and mutations the suites push. */
import { randomUUID } from 'node:crypto';
import type { EntityName } from '../../shared/api/entities.ts';
import type { Mutation } from '../../shared/api/sync.ts';
import { usccCheckChar } from '../../shared/domain/uscc.ts';

export function mutation(
  entity: EntityName,
  id: string,
  baseRev: number,
  doc: Record<string, unknown> | null,
  mutationId = randomUUID(),
): Mutation {
  return { mutationId, entity, id, baseRev, doc };
}

export function unitDoc(id: string, name: string, regionCode: string): Record<string, unknown> {
  const first17 = `12${regionCode}MB1C2345${regionCode.slice(1, 2)}`.slice(0, 17);
  return {
    id,
    name,
    uscc: first17 + usccCheckChar(first17),
    type: '高职',
    regionCode,
    contacts: [{ name: '王老师', phone: '13812345678' }],
  };
}

export function projectDoc(unitId: string, name = '产教融合共同体建设'): Record<string, unknown> {
  return {
    unitId,
    templateId: 'keytasks-2023',
    templateVersion: '2023.1',
    taskCode: 'T01',
    level: '省级',
    name,
    members: [{ name: '某某企业', role: '核心成员' }],
    targets: { '2025': { T01_01: 10 } },
  };
}

export function submissionDoc(
  projectId: string,
  year = 2025,
  values: Record<string, unknown> = {},
): Record<string, unknown> {
  return { projectId, year, values };
}

export function evidenceDoc(
  submissionId: string,
  sha256: string,
  size: number,
  target = 'T01_01',
): Record<string, unknown> {
  return { submissionId, target, sha256, name: '佐证材料.pdf', mimeType: 'application/pdf', size };
}

export function commentDoc(
  submissionId: string,
  text = '请补充佐证材料',
  field = 'T01_01',
): Record<string, unknown> {
  return { submissionId, field, text, resolved: false };
}

export function newId(): string {
  return randomUUID();
}
