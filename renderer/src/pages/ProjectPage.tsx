/** One project (建设项目): its header, members, the 建设方案 yearly targets and its yearly submissions. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { Field } from '../components/Field.tsx';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import {
  getTemplate,
  submissionsOfProject,
  toStorageError,
  updateProject,
  type ProjectRecord,
} from '../../../shared/db/index.ts';
import { findTask, type Task, type Template } from '../../../shared/domain/template.ts';
import { msg } from '../../../shared/i18n/message.ts';
import { ProjectMembersEditor } from './MembersEditor.tsx';
import {
  isLevel,
  levelFor,
  PROJECT_NAME_MAX,
  validateBasics,
  type ProjectBasics,
} from './NewProjectForm.tsx';
import { PlanTargetsGrid } from './PlanTargetsGrid.tsx';
import { ACTOR } from './ProjectCommon.ts';
import { ProjectYearsList } from './ProjectYears.tsx';
import './project.css';

export function ProjectPage({ projectId }: { projectId: string }) {
  const { t } = useTranslation('project');
  const navigate = useUi((s) => s.navigate);
  // Wrapped so "still loading" (undefined) differs from "no such project".
  const loaded = useLiveQuery(async () => ({ project: await db.projects.get(projectId) }), [projectId]);
  const project = loaded?.project;
  const templateId = project?.templateId;
  const templateVersion = project?.templateVersion;
  const templateLoaded = useLiveQuery(
    async () => ({ template: templateId ? await getTemplate(db, templateId, templateVersion) : undefined }),
    [templateId, templateVersion],
  );
  const submissions = useLiveQuery(() => submissionsOfProject(db, projectId), [projectId]);

  const back = (
    <button type="button" className="back-button" onClick={() => navigate({ name: 'home' })}>
      ← {t('page.back')}
    </button>
  );
  if (!loaded || (project && (!templateLoaded || !submissions)))
    return <p className="loading">{t('common:app.loading')}</p>;
  if (!project)
    return (
      <div className="project-page">
        {back}
        <p role="alert">{t('page.missing')}</p>
      </div>
    );
  const template = templateLoaded?.template;
  const task = template ? findTask(template, project.taskCode) : undefined;
  if (!template || !task)
    return (
      <div className="project-page">
        {back}
        <h2>{project.name}</h2>
        <p role="alert">
          {t('page.templateMissing', {
            id: project.templateId,
            version: project.templateVersion,
            task: project.taskCode,
          })}
        </p>
      </div>
    );

  return (
    <div className="project-page">
      {back}
      <ProjectHeader key={project.id} project={project} task={task} template={template} />

      <section aria-labelledby="members-title">
        <h3 id="members-title">{t('members.title')}</h3>
        <p className="page-intro">{t('members.intro')}</p>
        <ProjectMembersEditor key={project.id} project={project} />
      </section>

      <section aria-labelledby="plan-title">
        <h3 id="plan-title">{t('plan.title')}</h3>
        <p className="page-intro">{t('plan.intro')}</p>
        <PlanTargetsGrid project={project} task={task} years={template.years} />
      </section>

      <section aria-labelledby="years-title">
        <h3 id="years-title">{t('years.title')}</h3>
        <ProjectYearsList projectId={project.id} template={template} submissions={submissions ?? []} />
      </section>
    </div>
  );
}

interface HeaderProps {
  project: ProjectRecord;
  task: Task;
  template: Template;
}

function ProjectHeader({ project, task, template }: HeaderProps) {
  const { t } = useTranslation('project');
  const notify = useUi((s) => s.notify);
  const [editing, setEditing] = useState<ProjectBasics | null>(null);
  const [attempted, setAttempted] = useState(false);

  async function save(form: ProjectBasics) {
    setAttempted(true);
    if (Object.keys(validateBasics(form, task)).length > 0 || !isLevel(form.level)) return;
    try {
      await updateProject(
        db,
        project.id,
        {
          name: form.name.trim(),
          level: form.level,
          subType: task.subTypes.length > 0 ? form.subType : undefined,
        },
        ACTOR,
      );
      setEditing(null);
      setAttempted(false);
      notify('success', msg('project:page.saved'));
    } catch (e) {
      notify('error', toStorageError(e).userMessage);
    }
  }

  if (!editing)
    return (
      <section className="project-header" aria-labelledby="project-title">
        <div className="project-header-top">
          <h2 id="project-title">{project.name}</h2>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              setEditing({
                taskCode: task.code,
                level: levelFor(task, project.level),
                subType: project.subType ?? '',
                name: project.name,
              })
            }
          >
            {t('page.edit')}
          </button>
        </div>
        <dl className="project-facts">
          <dt>{t('form.task')}</dt>
          <dd>{task.name}</dd>
          <dt>{t('form.level')}</dt>
          <dd>{t(`level.${project.level}`)}</dd>
          {project.subType && (
            <>
              <dt>{t('form.subType')}</dt>
              <dd>{project.subType}</dd>
            </>
          )}
          <dt>{t('form.template')}</dt>
          <dd>
            {template.name} <span className="muted">{template.issuer}</span>
          </dd>
        </dl>
      </section>
    );

  const errors = attempted ? validateBasics(editing, task) : {};
  const set = (patch: Partial<ProjectBasics>) => setEditing({ ...editing, ...patch });
  return (
    <form
      className="project-header project-header-edit"
      aria-labelledby="project-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(editing);
      }}
    >
      <h2 id="project-title">{project.name}</h2>
      <p className="muted">{task.name}</p>
      <div className="form-grid">
        <Field label={t('form.name')} required errors={errors.name}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={editing.name}
              maxLength={PROJECT_NAME_MAX + 20}
              onChange={(e) => set({ name: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('form.level')} required errors={errors.level}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={editing.level}
              onChange={(e) => set({ level: e.target.value })}
            >
              <option value="">{t('common:form.choose')}</option>
              {task.levels.map((l) => (
                <option key={l} value={l}>
                  {t(`level.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {task.subTypes.length > 0 && (
          <Field label={t('form.subType')} required errors={errors.subType}>
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={editing.subType}
                onChange={(e) => set({ subType: e.target.value })}
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
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setEditing(null);
            setAttempted(false);
          }}
        >
          {t('form.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('common:action.save')}
        </button>
      </div>
    </form>
  );
}
