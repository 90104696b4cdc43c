/**
 * The route lives in the URL hash too, so a reload or a reopened tab lands where the user was
 * (the submission they were typing in), and the browser's back button works.
 */
import type { Route, SubmissionTab } from './ui.ts';

const TABS: SubmissionTab[] = ['indicators', 'funding', 'report', 'evidence', 'self', 'problems'];
const ID = /^[A-Za-z0-9-]{1,64}$/;

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'project':
      return `#/project/${route.projectId}`;
    case 'submission':
      return `#/submission/${route.submissionId}${route.tab ? `/${route.tab}` : ''}`;
    default:
      return `#/${route.name}`;
  }
}

export function hashToRoute(hash: string): Route {
  const [, name, id, tab] = hash.replace(/^#/, '').split('/');
  if (name === 'project' && id && ID.test(id)) return { name: 'project', projectId: id };
  if (name === 'submission' && id && ID.test(id)) {
    return TABS.includes(tab as SubmissionTab)
      ? { name: 'submission', submissionId: id, tab: tab as SubmissionTab }
      : { name: 'submission', submissionId: id };
  }
  if (
    name === 'unit' ||
    name === 'sync' ||
    name === 'province' ||
    name === 'templates' ||
    name === 'data' ||
    name === 'about'
  )
    return { name };
  return { name: 'home' };
}
