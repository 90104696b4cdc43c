/**
 * Cleans HTML pasted from Word, WPS, Excel or web pages before the editor parses it: keeps
 * headings, paragraphs, bold, lists and tables, drops fonts, colours, sizes, classes and images.
 * Word writes numbered and bulleted lists as styled paragraphs with a typed marker, so those are
 * rebuilt into real <ol>/<ul> first; otherwise "1." would stay in the text as a typed character.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p',
  'div',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'span',
];
// data-cite: citations copied between sections; data-pm-slice: the editor's own copy/paste.
const ALLOWED_ATTR = ['data-cite', 'data-pm-slice', 'colspan', 'rowspan', 'start'];

/** mso-list:l0 level2 lfo1 → list l0, level 2. */
const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i;
/**
 * Typed markers of ordered lists: 1. 1) (1) a. iv. and Chinese 一、（一）, with full-width
 * punctuation. Anything else (•, ·, o, §, ▪) is a bullet.
 */
const ORDERED_MARKER =
  /^[(\uff08]?(?:\d+|[a-z]{1,3}|[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u96f6\u767e]+)[.)\uff09\u3001\uff0e]?$/i;

function styleOf(el: Element): string {
  return el.getAttribute('style') ?? '';
}

function isWordListItem(el: Element): boolean {
  return el.tagName === 'P' && MSO_LIST.test(styleOf(el));
}

/** The next element sibling, or null if real text stands between. */
function nextElement(el: Element): Element | null {
  let n = el.nextSibling;
  while (
    n &&
    (n.nodeType === Node.COMMENT_NODE || (n.nodeType === Node.TEXT_NODE && !n.textContent?.trim()))
  ) {
    n = n.nextSibling;
  }
  return n && n.nodeType === Node.ELEMENT_NODE ? (n as Element) : null;
}

function convertWordLists(doc: Document): void {
  const done = new Set<Element>();
  for (const first of Array.from(doc.body.querySelectorAll('p')).filter(isWordListItem)) {
    if (done.has(first)) continue;
    const run: Element[] = [first];
    for (let n = nextElement(first); n && isWordListItem(n); n = nextElement(n)) run.push(n);
    run.forEach((p) => done.add(p));

    const root = doc.createDocumentFragment();
    const stack: { level: number; list: HTMLElement }[] = [];
    for (const p of run) {
      const level = Number(MSO_LIST.exec(styleOf(p))?.[2] ?? 1);
      const markers = Array.from(p.querySelectorAll('span')).filter((s) =>
        /mso-list:\s*ignore/i.test(styleOf(s)),
      );
      const marker = markers
        .map((s) => s.textContent ?? '')
        .join('')
        .replace(/\s|\u00a0/g, '');
      markers.forEach((s) => s.remove());
      const ordered = ORDERED_MARKER.test(marker);

      while (stack.length && stack.at(-1)!.level > level) stack.pop();
      if (!stack.length || stack.at(-1)!.level < level) {
        const list = doc.createElement(ordered ? 'ol' : 'ul');
        const parent = stack.at(-1)?.list;
        if (parent) {
          const holder =
            (parent.lastElementChild as HTMLElement | null) ?? parent.appendChild(doc.createElement('li'));
          holder.appendChild(list);
        } else root.appendChild(list);
        stack.push({ level, list });
      }
      const li = doc.createElement('li');
      const para = doc.createElement('p');
      while (p.firstChild) para.appendChild(p.firstChild);
      li.appendChild(para);
      stack.at(-1)!.list.appendChild(li);
    }
    first.before(root);
    run.forEach((p) => p.remove());
  }
}

/** Bold written as a style (Word, WPS, web pages) becomes <strong> before styles are dropped. */
function keepStyledBold(doc: Document): void {
  for (const el of Array.from(doc.body.querySelectorAll<HTMLElement>('span[style]'))) {
    const weight = el.style.fontWeight;
    if (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600) {
      const strong = doc.createElement('strong');
      while (el.firstChild) strong.appendChild(el.firstChild);
      el.appendChild(strong);
    }
  }
}

export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  convertWordLists(doc);
  keepStyledBold(doc);
  // The editor has two heading levels: 标题 (h2) and 小标题 (h3).
  for (const h of Array.from(doc.body.querySelectorAll('h1, h4, h5, h6'))) {
    const to = doc.createElement(h.tagName === 'H1' ? 'h2' : 'h3');
    while (h.firstChild) to.appendChild(h.firstChild);
    h.replaceWith(to);
  }
  return DOMPurify.sanitize(doc.body.innerHTML, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    KEEP_CONTENT: true,
  });
}
