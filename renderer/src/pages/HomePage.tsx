/** 我的项目: the unit's projects, each year's status and due date; the unit profile on first start. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db.ts';
import { useUi } from '../store/ui.ts';
import {
  getActiveUnit,
  listProjects,
  listTemplates,
  templateKey,
  type ProjectRecord,
  type SubmissionRecord,
  type UnitRecord,
} from '../../../shared/db/index.ts';
import { findTask, type Template } from '../../../shared/domain/template.ts';
import { UnitProfilePage } from './UnitProfilePage.tsx';
import { NewProjectForm } from './NewProjectForm.tsx';
import {
  currentYear,
  DEFAULT_TEMPLATE_ID,
  useFormatDate,
  useTemplateVersions,
  yearInfo,
} from './ProjectCommon.ts';
import { ProjectYearsStrip } from './ProjectYears.tsx';
import { SummaryExportButton } from '../reports/SummaryExportButton.tsx';
import { PackageImportButton } from '../packages/PackageImportButton.tsx';
import './project.css';

export function HomePage() {
  const { t } = useTranslation('project');
  // Wrapped so "still loading" (undefined) differs from "no unit yet".
  const active = useLiveQuery(async () => ({ unit: await getActiveUnit(db) }), []);
  if (!active) return <p className="loading">{t('common:app.loading')}</p>;
  if (!active.unit)
    return (
      <div className="home-welcome">
        <p className="welcome-line">{t('home.welcome')}</p>
        <UnitProfilePage />
      </div>
    );
  return <ProjectsHome unit={active.unit} />;
}

function ProjectsHome({ unit }: { unit: UnitRecord }) {
  const { t } = useTranslation('project');
  const navigate = useUi((s) => s.navigate);
  const [creating, setCreating] = useState(false);
  const data = useLiveQuery(async () => {
    const projects = await listProjects(db, unit.id);
    const submissions = await db.submissions
      .where('projectId')
      .anyOf(projects.map((p) => p.id))
      .toArray();
    return { projects, submissions };
  }, [unit.id]);
  const versions = useTemplateVersions();
  const latest = useLiveQuery(() => listTemplates(db), []);
  if (!data || !versions || !latest) return <p className="loading">{t('common:app.loading')}</p>;

  const templateOf = (p: ProjectRecord) => versions.get(templateKey(p.templateId, p.templateVersion));
  const fallback = (latest.find((r) => r.id === DEFAULT_TEMPLATE_ID) ?? latest[0])?.template;

  return (
    <section className="home" aria-labelledby="home-title">
      <div className="home-head">
        <div>
          <h2 id="home-title">{t('home.title')}</h2>
          <p className="home-unit">
            <span>{unit.name}</span>
            <button type="button" className="text-button" onClick={() => navigate({ name: 'unit' })}>
              {t('home.editUnit')}
            </button>
          </p>
        </div>
        <div className="home-actions">
          {fallback && data.projects.length > 0 && (
            <SummaryExportButton template={fallback} year={currentYear(new Date())} />
          )}
          <PackageImportButton actor={unit.name} />
          {!creating && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t('home.newProject')}
            </button>
          )}
        </div>
      </div>

      <DeadlineBanner
        projects={data.projects}
        submissions={data.submissions}
        templateOf={templateOf}
        fallback={fallback}
      />

      {creating && <NewProjectForm unit={unit} onCancel={() => setCreating(false)} />}

      {data.projects.length === 0 && !creating && <p className="empty-state">{t('home.empty')}</p>}

      <div className="project-cards">
        {data.projects.map((p) => (
          <ProjectCard
            key={p.id}
            project={p}
            template={templateOf(p)}
            submissions={data.submissions.filter((s) => s.projectId === p.id)}
          />
        ))}
      </div>
    </section>
  );
}

interface BannerProps {
  projects: ProjectRecord[];
  submissions: SubmissionRecord[];
  templateOf(p: ProjectRecord): Template | undefined;
  fallback: Template | undefined;
}

/**
 * This year's deadline, one line per distinct deadline among the unit's templates (normally one).
 * Past the deadline it turns red only while some project still has this year's data to submit.
 */
function DeadlineBanner({ projects, submissions, templateOf, fallback }: BannerProps) {
  const { t } = useTranslation('project');
  const formatDate = useFormatDate();
  const now = new Date();
  const year = currentYear(now);

  const byDeadline = new Map<string, { template: Template; projects: ProjectRecord[] }>();
  for (const p of projects) {
    const template = templateOf(p);
    if (!template || !template.years.includes(year)) continue;
    const entry = byDeadline.get(template.deadline) ?? { template, projects: [] };
    entry.projects.push(p);
    byDeadline.set(template.deadline, entry);
  }
  if (byDeadline.size === 0 && fallback?.years.includes(year))
    byDeadline.set(fallback.deadline, { template: fallback, projects: [] });
  if (byDeadline.size === 0) return null;

  return (
    <div className="deadline-banner">
      {[...byDeadline.values()].map(({ template, projects: ps }) => {
        const infos = ps.map((p) =>
          yearInfo(
            template,
            year,
            submissions.find((s) => s.projectId === p.id && s.year === year),
            now,
          ),
        );
        const first = yearInfo(template, year, undefined, now);
        const date = formatDate(first.deadline);
        const pending = infos.filter((i) => i.overdue).length;
        const open = infos.filter(
          (i) => i.state === 'notStarted' || i.state === 'draft' || i.state === 'returned',
        );
        const days = first.days;
        const cls =
          days < 0
            ? pending > 0
              ? 'deadline deadline-overdue'
              : 'deadline'
            : days <= 14
              ? 'deadline deadline-soon'
              : 'deadline';
        return (
          <p key={template.deadline} className={cls} role={days < 0 && pending > 0 ? 'alert' : undefined}>
            <strong>{t('deadline.title', { year })}</strong>{' '}
            {days > 0 && t('deadline.daysLeft', { date, count: days })}
            {days === 0 && t('deadline.today', { date })}
            {days < 0 &&
              (pending > 0
                ? t('deadline.overdue', { date, count: -days, pending })
                : t('deadline.closed', { date }))}
            {days >= 0 && open.length > 0 && (
              <span className="muted"> {t('deadline.open', { n: open.length, total: ps.length })}</span>
            )}
          </p>
        );
      })}
    </div>
  );
}

interface CardProps {
  project: ProjectRecord;
  template: Template | undefined;
  submissions: SubmissionRecord[];
}

function ProjectCard({ project, template, submissions }: CardProps) {
  const { t } = useTranslation('project');
  const navigate = useUi((s) => s.navigate);
  const task = template ? findTask(template, project.taskCode) : undefined;
  const titleId = `project-${project.id}`;
  return (
    <article className="project-card" aria-labelledby={titleId}>
      <header className="project-card-head">
        <h3 id={titleId}>
          <button
            type="button"
            className="project-link"
            onClick={() => navigate({ name: 'project', projectId: project.id })}
          >
            {project.name}
          </button>
        </h3>
        <div className="project-meta">
          <span>{task?.name ?? project.taskCode}</span>
          <span className="tag">{t(`level.${project.level}`)}</span>
          {project.subType && <span className="tag">{project.subType}</span>}
        </div>
      </header>
      {template ? (
        <ProjectYearsStrip projectId={project.id} template={template} submissions={submissions} />
      ) : (
        <p role="alert">
          {t('page.templateMissing', {
            id: project.templateId,
            version: project.templateVersion,
            task: project.taskCode,
          })}
        </p>
      )}
    </article>
  );
}
