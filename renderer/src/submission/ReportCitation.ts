/**
 * Indicator citations in the report: an inline atom `<span data-cite="CODE" class="citation">`
 * whose text is always the indicator's current value, so figures in the report match the data.
 * The stored HTML keeps `data-cite`; the text inside is only the figure at the time of writing —
 * counting (shared/domain/report-text.ts) and exports render the current figure from the code.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import type { i18n as I18n } from 'i18next';
import type { Value } from '../../../shared/domain/expr/index.ts';
import { taskIndicators, type Indicator, type Task } from '../../../shared/domain/template.ts';
import { useEditor, type EditorState } from './editor-store.ts';
import { citationText, currentValue } from './report-html.ts';

export interface CitationView {
  /** What the stored HTML carries: value and unit, '' when not filled in. */
  text: string;
  /** What the editor shows: the text, or a placeholder naming the missing indicator. */
  display: string;
  /** Tooltip and accessible description: label, code and value. */
  title: string;
  missing: boolean;
}

export interface IndicatorCitationOptions {
  describe: (code: string) => CitationView;
  /** Calls the listener whenever citations may read differently; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    indicatorCitation: {
      /** Inserts a citation of the indicator at the cursor. */
      insertCitation: (code: string) => ReturnType;
    };
  }
}

const CODE = /^[A-Za-z][A-Za-z0-9_]*$/;

export const IndicatorCitation = Node.create<IndicatorCitationOptions>({
  name: 'indicatorCitation',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return {
      describe: (code: string) => ({ text: '', display: code, title: code, missing: true }),
      subscribe: () => () => {},
    };
  },

  addAttributes() {
    return {
      code: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-cite'),
        renderHTML: (attrs: Record<string, unknown>) => ({ 'data-cite': String(attrs.code) }),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'span[data-cite]',
        // Before other inline rules, and only for real codes; anything else stays plain text.
        priority: 100,
        getAttrs: (el: HTMLElement) => (CODE.test(el.getAttribute('data-cite') ?? '') ? null : false),
      },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const text = this.options.describe(String(node.attrs.code)).text;
    return ['span', mergeAttributes(HTMLAttributes, { class: 'citation' }), text];
  },

  renderText({ node }) {
    return this.options.describe(String(node.attrs.code)).text;
  },

  addCommands() {
    return {
      insertCitation:
        (code: string) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { code } }),
    };
  },

  addNodeView() {
    const { describe, subscribe } = this.options;
    // A plain DOM view: cheap for many citations, and it repaints itself when the data changes
    // without touching the document (so no edit is recorded just because a figure changed).
    return ({ node }) => {
      let code = String(node.attrs.code);
      const dom = document.createElement('span');
      dom.className = 'citation';
      dom.contentEditable = 'false';
      const render = () => {
        const view = describe(code);
        dom.setAttribute('data-cite', code);
        if (dom.textContent !== view.display) dom.textContent = view.display;
        dom.title = view.title;
        dom.classList.toggle('citation-missing', view.missing);
      };
      render();
      const unsubscribe = subscribe(render);
      return {
        dom,
        update: (next) => {
          if (next.type !== node.type) return false;
          code = String(next.attrs.code);
          render();
          return true;
        },
        ignoreMutation: () => true,
        destroy: unsubscribe,
      };
    };
  },
});

const indexes = new WeakMap<Task, Map<string, Indicator>>();

function indicatorIndex(task: Task): Map<string, Indicator> {
  let index = indexes.get(task);
  if (!index) {
    index = new Map(taskIndicators(task).map((i) => [i.code, i]));
    indexes.set(task, index);
  }
  return index;
}

export function findIndicator(task: Task | undefined, code: string): Indicator | undefined {
  return task ? indicatorIndex(task).get(code) : undefined;
}

/** The current value of an indicator as the report shows it, from a store snapshot. */
export function citationValue(
  state: EditorState,
  code: string,
  i18n: I18n,
): { ind?: Indicator; value: Value; text: string } {
  const ind = findIndicator(state.task, code);
  if (!ind) return { value: null, text: '' };
  const value = currentValue(ind, state.values, state.check?.evaluation.calculated);
  const text = citationText(ind, value, {
    choices: ind.choices ? state.template?.choiceLists[ind.choices] : [],
    yes: i18n.t('report:value.yes'),
    no: i18n.t('report:value.no'),
  });
  return { ind, value, text };
}

/** Citation options reading the open submission from the store, in the current language. */
export function storeCitationSource(i18n: I18n): IndicatorCitationOptions {
  return {
    describe(code) {
      const { ind, text } = citationValue(useEditor.getState(), code, i18n);
      if (!ind) {
        const display = i18n.t('report:citation.unknown', { code });
        return { text: '', display, title: display, missing: true };
      }
      const display = text || i18n.t('report:citation.empty', { label: ind.label });
      return {
        text,
        display,
        title: i18n.t('report:citation.title', {
          label: ind.label,
          code,
          value: text || i18n.t('report:picker.notFilled'),
        }),
        missing: !text,
      };
    },
    subscribe(listener) {
      const unsubscribe = useEditor.subscribe((s, p) => {
        if (s.values !== p.values || s.check !== p.check || s.task !== p.task || s.template !== p.template)
          listener();
      });
      i18n.on('languageChanged', listener);
      return () => {
        unsubscribe();
        i18n.off('languageChanged', listener);
      };
    },
  };
}
