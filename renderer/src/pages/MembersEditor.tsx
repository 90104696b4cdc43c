/**
 * Members of a project (成员单位) with their roles. `MembersEditor` is the controlled list used by
 * the new-project form; `ProjectMembersEditor` writes every change to the project at once.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field.tsx';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import {
  MEMBER_ROLES,
  toStorageError,
  updateProject,
  type MemberRole,
  type ProjectRecord,
} from '../../../shared/db/index.ts';
import { checkUscc } from '../../../shared/domain/uscc.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { newId } from '../../../shared/util/ids.ts';
import { ACTOR, type FieldErrors } from './ProjectCommon.ts';
import './project.css';

export type Member = ProjectRecord['members'][number];

/** A member row as typed; `key` keeps rows (and their errors) apart while names are edited. */
export interface MemberDraft {
  key: string;
  name: string;
  role: MemberRole;
  uscc: string;
}

export const MEMBER_NAME_MAX = 100;

export function toDrafts(members: readonly Member[]): MemberDraft[] {
  return members.map((m) => ({ key: newId(), name: m.name, role: m.role, uscc: m.uscc ?? '' }));
}

export function emptyMember(): MemberDraft {
  return { key: newId(), name: '', role: MEMBER_ROLES[2], uscc: '' };
}

/** Errors keyed `members.<key>.name|uscc`, plus `members` for the list as a whole. */
export function validateMembers(rows: readonly MemberDraft[], { requireLead = false } = {}): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, m: ReturnType<typeof msg>) => (errors[field] ??= []).push(m);
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) add(`members.${row.key}.name`, msg('project:members.nameRequired'));
    else if (Array.from(name).length > MEMBER_NAME_MAX)
      add(`members.${row.key}.name`, msg('project:members.nameTooLong', { max: MEMBER_NAME_MAX }));
    else if (seen.has(name)) add(`members.${row.key}.name`, msg('project:members.duplicate', { name }));
    seen.add(name);
    if (row.uscc.trim()) {
      const r = checkUscc(row.uscc);
      if (!r.ok) for (const e of r.errors) add(`members.${row.key}.uscc`, e.message);
    }
  }
  if (requireLead && !rows.some((r) => r.role === MEMBER_ROLES[0]))
    add('members', msg('project:members.leadRequired'));
  return errors;
}

export function rowIsValid(row: MemberDraft, errors: FieldErrors): boolean {
  return !errors[`members.${row.key}.name`]?.length && !errors[`members.${row.key}.uscc`]?.length;
}

/** Stored form: trimmed names, normalized credit codes, no empty optional fields. */
export function toMembers(rows: readonly MemberDraft[]): Member[] {
  return rows.map((r) => {
    const uscc = r.uscc.trim() ? checkUscc(r.uscc).normalized : '';
    return uscc ? { name: r.name.trim(), role: r.role, uscc } : { name: r.name.trim(), role: r.role };
  });
}

interface MembersEditorProps {
  members: MemberDraft[];
  onChange(next: MemberDraft[]): void;
  errors: FieldErrors;
  /** Field paths whose errors are shown (the others wait until the person has been there). */
  shown: (field: string) => boolean;
  onLeave(field: string): void;
  /** Rows whose content is not yet stored (project page only). */
  unsaved?: (row: MemberDraft) => boolean;
}

export function MembersEditor({ members, onChange, errors, shown, onLeave, unsaved }: MembersEditorProps) {
  const { t } = useTranslation('project');
  const listErrors = shown('members') ? (errors.members ?? []) : [];
  const visible = (field: string) => (shown(field) ? (errors[field] ?? []) : []);
  const change = (key: string, patch: Partial<MemberDraft>) =>
    onChange(members.map((m) => (m.key === key ? { ...m, ...patch } : m)));

  return (
    <div className="members">
      {listErrors.length > 0 && (
        <div className="field-error" role="alert">
          {listErrors.map((m) => t(m.key, m.params ?? {})).join(' ')}
        </div>
      )}
      {members.map((m, i) => (
        <div className="member-row" key={m.key} role="group" aria-label={t('members.rowN', { n: i + 1 })}>
          <Field label={t('members.name')} required errors={visible(`members.${m.key}.name`)}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={m.name}
                maxLength={MEMBER_NAME_MAX + 20}
                onChange={(e) => change(m.key, { name: e.target.value })}
                onBlur={() => onLeave(`members.${m.key}.name`)}
              />
            )}
          </Field>
          <Field label={t('members.role')} required>
            {({ id }) => (
              <select
                id={id}
                value={m.role}
                onChange={(e) => {
                  const role = MEMBER_ROLES.find((r) => r === e.target.value);
                  if (role) change(m.key, { role });
                }}
              >
                {MEMBER_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('members.uscc')} errors={visible(`members.${m.key}.uscc`)}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="mono"
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={m.uscc}
                maxLength={40}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => change(m.key, { uscc: e.target.value })}
                onBlur={() => onLeave(`members.${m.key}.uscc`)}
              />
            )}
          </Field>
          <div className="member-actions">
            {unsaved?.(m) && <span className="tag tag-warning">{t('members.unsaved')}</span>}
            <button
              type="button"
              className="link-button"
              aria-label={t('members.removeN', { n: i + 1, name: m.name.trim() })}
              onClick={() => onChange(members.filter((x) => x.key !== m.key))}
            >
              {t('members.remove')}
            </button>
          </div>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...members, emptyMember()])}>
        {t('members.add')}
      </button>
    </div>
  );
}

/**
 * On the project page each change is stored at once. A row that is not valid yet (a new blank
 * row, a credit code half typed) is marked unsaved and the record keeps that row's last valid
 * version, so it never holds a wrong code and a member being corrected is not dropped.
 */
export function ProjectMembersEditor({ project }: { project: ProjectRecord }) {
  const { t } = useTranslation('project');
  const notify = useUi((s) => s.notify);
  const [rows, setRows] = useState(() => toDrafts(project.members));
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  // Last stored version of each row, by row key; rows start as stored.
  const lastValid = useRef<Map<string, Member> | null>(null);
  lastValid.current ??= new Map(rows.map((r, i) => [r.key, project.members[i]!]));
  const storedJson = useRef(JSON.stringify(project.members));
  const errors = validateMembers(rows);

  function change(next: MemberDraft[]) {
    setRows(next);
    const nextErrors = validateMembers(next);
    const kept = lastValid.current!;
    const members: Member[] = [];
    for (const row of next) {
      if (rowIsValid(row, nextErrors)) {
        const [member] = toMembers([row]);
        kept.set(row.key, member!);
        members.push(member!);
      } else {
        const previous = kept.get(row.key);
        if (previous) members.push(previous);
      }
    }
    const json = JSON.stringify(members);
    if (json === storedJson.current) return;
    storedJson.current = json;
    updateProject(db, project.id, { members }, ACTOR).catch((e: unknown) =>
      notify('error', toStorageError(e).userMessage),
    );
  }

  const hasLead = rows.some((r) => r.role === MEMBER_ROLES[0]);
  return (
    <>
      {!hasLead && <p className="hint-warning">{t('members.noLead')}</p>}
      <MembersEditor
        members={rows}
        onChange={change}
        errors={errors}
        shown={(field) => touched.has(field)}
        onLeave={(field) => setTouched((s) => new Set(s).add(field))}
        unsaved={(row) => !rowIsValid(row, errors)}
      />
    </>
  );
}
