/** UI state only (where the user is, notices); data lives in IndexedDB. */
import { create } from 'zustand';
import type { Message } from '../../../shared/i18n/message.ts';
import { hashToRoute, routeToHash } from './route-hash.ts';

export type SubmissionTab = 'indicators' | 'funding' | 'report' | 'evidence' | 'self' | 'problems';

export type Route =
  | { name: 'home' }
  | { name: 'unit' }
  | { name: 'templates' }
  | { name: 'about' }
  | { name: 'sync' }
  | { name: 'province' }
  | { name: 'data' }
  | { name: 'project'; projectId: string }
  | { name: 'submission'; submissionId: string; tab?: SubmissionTab; focus?: string };

export type TopPage = 'home' | 'province' | 'unit' | 'sync' | 'templates' | 'data' | 'about';

export interface Notice {
  id: number;
  kind: 'success' | 'error';
  message: Message;
}

interface UiState {
  route: Route;
  notices: Notice[];
  navigate(route: Route): void;
  notify(kind: Notice['kind'], message: Message): void;
  dismiss(id: number): void;
}

let nextNoticeId = 1;

const initialRoute = (): Route =>
  typeof location === 'undefined' ? { name: 'home' } : hashToRoute(location.hash);

export const useUi = create<UiState>((set) => ({
  route: initialRoute(),
  notices: [],
  navigate: (route) => {
    const hash = routeToHash(route);
    if (typeof location !== 'undefined' && location.hash !== hash) history.pushState(null, '', hash);
    set({ route });
  },
  notify: (kind, message) =>
    set((s) => ({ notices: [...s.notices.slice(-4), { id: nextNoticeId++, kind, message }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => useUi.setState({ route: hashToRoute(location.hash) }));
}
