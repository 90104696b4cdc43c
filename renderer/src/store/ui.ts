/** UI state only (which page, notices); data lives in IndexedDB. */
import { create } from 'zustand';
import type { Message } from '../../../shared/i18n/message.ts';

export type Page = 'unit' | 'templates' | 'about';

export interface Notice {
  id: number;
  kind: 'success' | 'error';
  message: Message;
}

interface UiState {
  page: Page;
  notices: Notice[];
  go(page: Page): void;
  notify(kind: Notice['kind'], message: Message): void;
  dismiss(id: number): void;
}

let nextNoticeId = 1;

export const useUi = create<UiState>((set) => ({
  page: 'unit',
  notices: [],
  go: (page) => set({ page }),
  notify: (kind, message) =>
    set((s) => ({ notices: [...s.notices.slice(-4), { id: nextNoticeId++, kind, message }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
