/** 新建项目: template, key task, level, sub-type, name and members; saved as one project record. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { Field } from '../components/Field.tsx';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import {
  MEMBER_ROLES,
  createProject,
  listTemplates,
  toStorageError,
  type TemplateRecord,
  type UnitRecord,
} from '../../../shared/db/index.ts';
import { PROJECT_LEVELS, type ProjectLevel, type Task } from '../../../shared/domain/template.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { newId } from '../../../shared/util/ids.ts';
import { MembersEditor, toMembers, validateMembers, type MemberDraft } from './MembersEditor.tsx';
import { ACTOR, DEFAULT_TEMPLATE_ID, type FieldErrors } from './ProjectCommon.ts';
import './project.css';

export const PROJECT_NAME_MAX = 100;

export interface ProjectBasics {
  taskCode: string;
  level: string;
  subType: string;
  name: string;
}

export function isLevel(s: string): s is ProjectLevel {
  return (PROJECT_LEVELS as readonly string[]).includes(s);
}

/** Checks what the header form and the new-project form share: task, level, sub-type, name. */
export function validateBasics(f: ProjectBasics, task: Task | undefined): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, m: ReturnType<typeof msg>) => (errors[field] ??= []).push(m);
  if (!task) add('taskCode', msg('project:form.taskRequired'));
  if (!f.level) add('level', msg('project:form.levelRequired'));
  else if (task && !task.levels.some((l) => l === f.level))
    add('level', msg('project:form.levelNotAllowed', { allowed: task.levels.join(' / ') }));
  if (task && task.subTypes.length > 0 && !task.subTypes.includes(f.subType))
    add('subType', msg('project:form.subTypeRequired'));
  const name = f.name.trim();
  if (!name) add('name', msg('project:form.nameRequired'));
  else if (Array.from(name).length > PROJECT_NAME_MAX)
    add('name', msg('project:form.nameTooLong', { max: PROJECT_NAME_MAX, length: Array.from(name).length }));
  return errors;
}

/** When the task changes, keep the level if the new task allows it, or take the only one it allows. */
export function levelFor(task: Task | undefined, current: string): string {
  if (!task) return current;
  if (task.levels.some((l) => l === current)) return current;
  return task.levels.length === 1 ? task.levels[0]! : '';
}

interface Props {
  unit: UnitRecord;
  onCancel(): void;
}

export function NewProjectForm({ unit, onCancel }: Props) {
  const templates = useLiveQuery(() => listTemplates(db), []);
  const { t } = useTranslation('project');
  if (!templates) return <p className="loading">{t('common:app.loading')}</p>;
  if (templates.length === 0) return <p role="alert">{t('form.noTemplates')}</p>;
  return <NewProjectFormBody unit={unit} templates={templates} onCancel={onCancel} />;
}

function NewProjectFormBody({ unit, templates, onCancel }: Props & { templates: TemplateRecord[] }) {
  const { t } = useTranslation('project');
  const navigate = useUi((s) => s.navigate);
  const notify = useUi((s) => s.notify);
  const [templateId, setTemplateId] = useState(
    () => (templates.find((r) => r.id === DEFAULT_TEMPLATE_ID) ?? templates[0]!).id,
  );
  const [basics, setBasics] = useState<ProjectBasics>({ taskCode: '', level: '', subType: '', name: '' });
  const [members, setMembers] = useState<MemberDraft[]>(() => [
    { key: newId(), name: unit.name, role: MEMBER_ROLES[0], uscc: unit.uscc },
  ]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);

  const record = templates.find((r) => r.id === templateId);
  const template = record?.template;
  const task = template?.tasks.find((x) => x.code === basics.taskCode);
  const errors: FieldErrors = {
    ...validateBasics(basics, task),
    ...validateMembers(members, { requireLead: true }),
  };
  const shown = (field: string) => attempted || touched.has(field);
  const visible = (field: string) => (shown(field) ? (errors[field] ?? []) : []);
  const leave = (field: string) => setTouched((s) => new Set(s).add(field));

  function chooseTask(code: string) {
    const next = template?.tasks.find((x) => x.code === code);
    setBasics((b) => ({
      ...b,
      taskCode: code,
      level: levelFor(next, b.level),
      subType: next?.subTypes.includes(b.subType) ? b.subType : '',
    }));
  }

  async function save() {
    setAttempted(true);
    if (Object.keys(errors).length > 0 || !record || !task || !isLevel(basics.level)) {
      // Focus the first field that needs attention, as the unit profile form does.
      requestAnimationFrame(() =>
        document
          .querySelector<HTMLElement>('.new-project .field-invalid input, .new-project .field-invalid select')
          ?.focus(),
      );
      return;
    }
    setSaving(true);
    try {
      const project = await createProject(
        db,
        {
          unitId: unit.id,
          templateId: record.id,
          templateVersion: record.version,
          taskCode: task.code,
          level: basics.level,
          ...(task.subTypes.length > 0 ? { subType: basics.subType } : {}),
          name: basics.name.trim(),
          members: toMembers(members),
        },
        ACTOR,
      );
      notify('success', msg('project:form.created', { name: project.name }));
      navigate({ name: 'project', projectId: project.id });
    } catch (e) {
      setSaving(false);
      notify('error', toStorageError(e).userMessage);
    }
  }

  return (
    <form
      className="new-project"
      aria-labelledby="new-project-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="new-project-title">{t('form.title')}</h3>
      <p className="page-intro">{t('form.intro')}</p>
      <div className="form-grid">
        {templates.length > 1 && (
          <Field label={t('form.template')} required>
            {({ id }) => (
              <select
                id={id}
                value={templateId}
                onChange={(e) => {
                  setTemplateId(e.target.value);
                  setBasics((b) => ({ ...b, taskCode: '', level: '', subType: '' }));
                }}
              >
                {templates.map((r) => (
                  <option key={r.key} value={r.id}>
                    {r.template.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('form.task')} required errors={visible('taskCode')}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={basics.taskCode}
              onChange={(e) => chooseTask(e.target.value)}
              onBlur={() => leave('taskCode')}
            >
              <option value="">{t('common:form.choose')}</option>
              {template?.tasks.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('form.level')} required errors={visible('level')}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={basics.level}
              disabled={!task}
              onChange={(e) => setBasics((b) => ({ ...b, level: e.target.value }))}
              onBlur={() => leave('level')}
            >
              <option value="">{t('common:form.choose')}</option>
              {task?.levels.map((l) => (
                <option key={l} value={l}>
                  {t(`level.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {task && task.subTypes.length > 0 && (
          <Field label={t('form.subType')} required errors={visible('subType')}>
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={basics.subType}
                onChange={(e) => setBasics((b) => ({ ...b, subType: e.target.value }))}
                onBlur={() => leave('subType')}
              >
                <option value="">{t('common:form.choose')}</option>
                {task.subTypes.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('form.name')} required errors={visible('name')} hint={t('form.nameHint')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={basics.name}
              maxLength={PROJECT_NAME_MAX + 20}
              onChange={(e) => setBasics((b) => ({ ...b, name: e.target.value }))}
              onBlur={() => leave('name')}
            />
          )}
        </Field>
      </div>
      {task?.description && <p className="task-description muted">{task.description}</p>}

      <fieldset className="members-fieldset">
        <legend>{t('members.title')}</legend>
        <MembersEditor
          members={members}
          onChange={setMembers}
          errors={errors}
          shown={shown}
          onLeave={leave}
        />
      </fieldset>

      <div className="form-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t('form.create')}
        </button>
      </div>
    </form>
  );
}
