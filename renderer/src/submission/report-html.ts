/**
 * Pure helpers of the report editor and the evidence panel: the whitelist the stored report HTML
 * is reduced to, how a cited indicator reads in the text, and which evidence files are accepted.
 * No DOM here, so the same rules are unit-tested in Node and hold for whatever wrote the HTML.
 */
import { MAX_EVIDENCE_BYTES } from '../../../shared/db/repos/evidence.ts';
import { msg, type Message } from '../../../shared/i18n/message.ts';

// ---------------------------------------------------------------------------------------------
// Report HTML

/** Elements kept as they are; everything else is unwrapped (its text stays). */
const KEEP = new Set(['p', 'h2', 'h3', 'strong', 'ul', 'ol', 'li', 'table', 'tbody', 'tr', 'th', 'td', 'br']);
/** Equivalent elements written the way the editor writes them. */
const RENAME: Record<string, string> = {
  b: 'strong',
  h1: 'h2',
  h4: 'h3',
  h5: 'h3',
  h6: 'h3',
  thead: 'tbody',
  tfoot: 'tbody',
};
/**
 * Elements whose content is not report text at all (code, styling, embedded objects). Only ones
 * whose end tag HTML requires, so a missing end tag cannot swallow the rest of the text.
 */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'title',
  'template',
  'iframe',
  'object',
  'noscript',
  'svg',
  'math',
  'textarea',
  'select',
  'xml',
]);
const VOID = new Set([
  'br',
  'img',
  'col',
  'hr',
  'input',
  'meta',
  'link',
  'wbr',
  'area',
  'base',
  'source',
  'embed',
]);
const CODE = /^[A-Za-z][A-Za-z0-9_]*$/;

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<[!?][^>]*>|[^<]+|</g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttrs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Escapes markup characters but keeps entities the source already wrote (&nbsp; &amp; …). */
function escapeText(text: string): string {
  return text
    .replace(/&(?![a-zA-Z][a-zA-Z0-9]{1,31};|#\d{1,7};|#x[0-9a-fA-F]{1,6};)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function intAttr(value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function openTag(name: string, attrs: Map<string, string>): string {
  let extra = '';
  if (name === 'td' || name === 'th') {
    for (const a of ['colspan', 'rowspan']) {
      const n = intAttr(attrs.get(a), 2, 1000);
      if (n !== null) extra += ` ${a}="${n}"`;
    }
  } else if (name === 'ol') {
    const start = intAttr(attrs.get('start'), 0, 1_000_000);
    if (start !== null && start !== 1) extra += ` start="${start}"`;
    const type = attrs.get('type');
    if (type && ['a', 'A', 'i', 'I'].includes(type)) extra += ` type="${type}"`;
  }
  return `<${name}${extra}>`;
}

/**
 * Reduces report HTML to what the report may contain: headings (h2/h3), paragraphs, bold, lists,
 * tables (with spans) and indicator citations `<span data-cite="CODE" class="citation">text</span>`.
 * Styles, classes, fonts, images, links and scripts go; tags are balanced; trailing empty
 * paragraphs go, and a document with only empty paragraphs becomes ''. Idempotent, so stored text and a fresh save compare equal.
 */
export function sanitizeReportHtml(html: string): string {
  const out: string[] = [];
  const open: string[] = [];
  /** Inside an element dropped with its content: its name and nesting depth. */
  let skip: { name: string; depth: number } | null = null;
  /** Inside a citation: the text collected and the depth of nested spans. */
  let cite: { code: string; text: string; depth: number } | null = null;

  for (const m of html.matchAll(TOKEN)) {
    const token = m[0];
    const isTag = m[2] !== undefined;
    const closing = m[1] === '/';
    const rawName = (m[2] ?? '').toLowerCase();

    if (skip) {
      if (isTag && rawName === skip.name && !VOID.has(rawName)) {
        skip.depth += closing ? -1 : /\/\s*$/.test(m[3] ?? '') ? 0 : 1;
        if (skip.depth === 0) skip = null;
      }
      continue;
    }
    if (cite) {
      if (!isTag) {
        if (!token.startsWith('<!') && !token.startsWith('<?')) cite.text += token;
      } else if (rawName === 'span') {
        cite.depth += closing ? -1 : 1;
        if (cite.depth === 0) {
          // The pattern shared/domain/report-text.ts matches reads one line, so no newlines inside.
          const text = escapeText(cite.text.replace(/\s+/g, ' ').trim());
          out.push(`<span data-cite="${cite.code}" class="citation">${text}</span>`);
          cite = null;
        }
      }
      continue;
    }
    if (!isTag) {
      if (token.startsWith('<!') || token.startsWith('<?')) continue; // comments, doctype, Word's <![if …]>
      out.push(escapeText(token));
      continue;
    }

    if (DROP_WITH_CONTENT.has(rawName)) {
      if (!closing && !/\/\s*$/.test(m[3] ?? '')) skip = { name: rawName, depth: 1 };
      continue;
    }
    if (rawName === 'span' && !closing) {
      const code = parseAttrs(m[3] ?? '').get('data-cite');
      if (code !== undefined && CODE.test(code)) cite = { code, text: '', depth: 1 };
      continue;
    }
    const name = RENAME[rawName] ?? rawName;
    if (!KEEP.has(name)) continue;
    if (name === 'br') {
      if (!closing) out.push('<br>');
      continue;
    }
    if (!closing) {
      out.push(openTag(name, parseAttrs(m[3] ?? '')));
      open.push(name);
      continue;
    }
    const at = open.lastIndexOf(name);
    if (at < 0) continue; // a close tag with nothing to close
    while (open.length > at) out.push(`</${open.pop()!}>`);
  }
  if (cite)
    out.push(`<span data-cite="${cite.code}" class="citation">${escapeText(cite.text.trim())}</span>`);
  while (open.length) out.push(`</${open.pop()!}>`);

  // Empty paragraphs at the end are invisible (the editor adds one after a closing table).
  const result = out.join('').replace(/(?:<p>(?:<br>)?<\/p>)+$/, '');
  return isBlankReportHtml(result) ? '' : result;
}

/** True when the HTML has nothing a reader would see: no text, no citation, no table. */
export function isBlankReportHtml(html: string): boolean {
  return /^(?:\s|&nbsp;|<\/?p>|<br>)*$/.test(html);
}

// ---------------------------------------------------------------------------------------------
// Citations

// ---------------------------------------------------------------------------------------------
// Evidence

/** File types accepted as evidence, by extension (what users see in a file dialog). */
export const EVIDENCE_EXTENSIONS = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works',
  et: 'application/vnd.ms-excel',
  dps: 'application/vnd.ms-powerpoint',
  zip: 'application/zip',
} as const satisfies Record<string, string>;

type EvidenceExtension = keyof typeof EVIDENCE_EXTENSIONS;

/** The `accept` attribute of the evidence file input. */
export const EVIDENCE_ACCEPT = Object.keys(EVIDENCE_EXTENSIONS)
  .map((ext) => `.${ext}`)
  .join(',');

/** Image types a browser shows in <img> (TIFF is accepted as evidence but not displayable). */
const DISPLAYABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function isEvidenceExtension(ext: string): ext is EvidenceExtension {
  return Object.hasOwn(EVIDENCE_EXTENSIONS, ext);
}

/** The MIME type to store: the browser's when it knows one, else the one the extension implies. */
export function evidenceMimeType(name: string, browserType: string): string {
  if (browserType) return browserType;
  const ext = extensionOf(name);
  return isEvidenceExtension(ext) ? EVIDENCE_EXTENSIONS[ext] : 'application/octet-stream';
}

export type EvidenceKind = 'image' | 'pdf' | 'other';

/**
 * How a file is previewed. Decided by the extension first: a stored MIME type may come from another
 * machine's package, and the preview forces the type it decides on (see previewMimeType).
 */
export function evidenceKind(name: string, mimeType: string): EvidenceKind {
  const ext = extensionOf(name);
  const byExt = isEvidenceExtension(ext) ? EVIDENCE_EXTENSIONS[ext] : '';
  const type = byExt || mimeType.toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (DISPLAYABLE_IMAGES.has(type)) return 'image';
  return 'other';
}

/** The type a preview blob gets, so a mislabelled file can never be rendered as HTML. */
export function previewMimeType(name: string, mimeType: string): string {
  const kind = evidenceKind(name, mimeType);
  if (kind === 'pdf') return 'application/pdf';
  if (kind === 'image') {
    const ext = extensionOf(name);
    return isEvidenceExtension(ext) ? EVIDENCE_EXTENSIONS[ext] : mimeType.toLowerCase();
  }
  return 'application/octet-stream';
}

/**
 * Checks a picked file before a single byte of it is read: type by extension, then size, so a
 * 2 GB file is refused at once. Returns the located message, or null when the file may be attached.
 */
export function checkEvidenceFile(file: { name: string; size: number }): Message | null {
  if (!isEvidenceExtension(extensionOf(file.name)))
    return msg('report:evidence.wrongType', { name: file.name });
  if (file.size > MAX_EVIDENCE_BYTES) {
    return msg('common:evidence.tooLarge', {
      name: file.name,
      sizeMb: (file.size / 2 ** 20).toFixed(1),
      maxMb: MAX_EVIDENCE_BYTES / 2 ** 20,
    });
  }
  if (file.size === 0) return msg('report:evidence.emptyFile', { name: file.name });
  return null;
}

/** 512 B, 12.3 KB, 4.5 MB — one decimal, in the locale's digits and separators. */
export function formatFileSize(bytes: number, locale: string): string {
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${nf.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / (1024 * 1024))} MB`;
}

export { describeTarget, type EvidenceTarget } from '../../../shared/domain/evidence-target.ts';
export { citationText, currentValue } from '../../../shared/domain/report-text.ts';
