/**
 * Page geometry, fonts and styles of the Word copy of the annual report, after the habits of
 * Chinese official documents (GB/T 9704): A4 with the standard type area, 仿宋 body, 黑体 headings,
 * 楷体 second-level headings, 宋体 tables, Times New Roman for Latin letters and digits, exact
 * 28 pt lines. Every measure is in twips (1/20 pt) and every font size in half-points, as WordprocessingML wants them.
 */
import {
  AlignmentType,
  BorderStyle,
  LevelFormat,
  LineRuleType,
  UnderlineType,
  type IBorderOptions,
  type INumberingOptions,
  type IStylesOptions,
} from 'docx';

/** A4 portrait with the GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: 2098, bottom: 1984, left: 1588, right: 1474, header: 851, footer: 992, gutter: 0 },
} as const;

/** The type area's width: 156 mm. */
export const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/**
 * Font names as Word, WPS and LibreOffice know them on Chinese systems. 方正小标宋简体 is not on
 * every machine: the font table names 宋体 as its alternative (see {@link fontTableXml}).
 */
export const FONT = {
  body: '仿宋',
  heading: '黑体',
  kai: '楷体',
  title: '方正小标宋简体',
  table: '宋体',
  latin: 'Times New Roman',
  mono: 'Courier New',
} as const;

/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 小三 15 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt, 小五 9 pt. */
export const SIZE = {
  coverTitle: 52,
  title: 44,
  coverTask: 36,
  h1: 32,
  h2: 30,
  h3: 28,
  body: 28,
  caption: 24,
  table: 21,
  small: 18,
  hash: 15,
} as const;

/** Exact line pitch of the body: 28 pt. */
export const LINE = 560;

export const COLOR = {
  ink: '000000',
  muted: '595959',
  rule: '808080',
  headerFill: 'E8EEF7',
  groupFill: 'F2F2F2',
  calculatedFill: 'F7F7F7',
  barOk: '2F6FBF',
  barShort: 'D9822B',
  barTrack: 'F2F4F7',
  cite: '1F4E79',
} as const;

/** Style ids: the built-in ones keep Word's ids so the Navigation Pane, TOC and WPS know them. */
export const STYLE = {
  body: 'BodyText',
  muted: 'TbMuted',
  note: 'TbNote',
  tableText: 'TbTableText',
  tableHead: 'TbTableHead',
  contentsTitle: 'TOCHeading',
  header: 'Header',
  footer: 'Footer',
  caption: 'Caption',
  cite: 'TbCite',
  coverProgramme: 'TbCoverProgramme',
  coverTitle: 'Title',
  coverTask: 'Subtitle',
  coverLine: 'TbCoverLine',
} as const;

/** rFonts with the East Asian hint, so quotes and dashes between Chinese text take the Chinese font. */
export function fonts(eastAsia: string, latin: string = FONT.latin) {
  return { ascii: latin, hAnsi: latin, eastAsia, cs: latin, hint: 'eastAsia' };
}

/** Whole twips that add up to the exact total, so no application rounds a table's grid its own way. */
export function integerWidths(widths: number[]): number[] {
  let sum = 0;
  return widths.map((w) => {
    const before = Math.round(sum);
    sum += w;
    return Math.round(sum) - before;
  });
}

export const thin = (color: string = COLOR.rule, size = 4): IBorderOptions => ({
  style: BorderStyle.SINGLE,
  size,
  color,
});
export const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT });
const single = { line: 240, lineRule: LineRuleType.AUTO };

export const BULLET_LIST = 'tb-bullet';
/** One ordered-list definition per start value; each list is its own instance of it. */
export const orderedListRef = (start: number) => `tb-ordered-${start}`;

/** Bullets and numbers hang 2 characters in, where a body paragraph's first line starts. */
const LIST_INDENT = { left: 1120, hanging: 560 };

export function numbering(orderedStarts: Iterable<number>): INumberingOptions {
  const starts = [...new Set([1, ...orderedStarts])].sort((a, b) => a - b);
  return {
    config: [
      {
        reference: BULLET_LIST,
        levels: [
          {
            level: 0,
            format: LevelFormat.BULLET,
            text: '•',
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: LIST_INDENT }, run: { font: fonts(FONT.body, FONT.latin) } },
          },
        ],
      },
      ...starts.map((start) => ({
        reference: orderedListRef(start),
        levels: [
          {
            level: 0,
            format: LevelFormat.DECIMAL,
            text: '%1.',
            start,
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: LIST_INDENT } },
          },
        ],
      })),
    ],
  };
}

export function styles(): IStylesOptions {
  const heading = { keepNext: true, keepLines: true };
  return {
    default: {
      document: {
        run: { font: fonts(FONT.body), size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
        paragraph: { spacing: { ...single, before: 0, after: 0 } },
      },
      title: {
        run: { font: fonts(FONT.title), size: SIZE.coverTitle, bold: false, color: COLOR.ink },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 480, after: 240, ...single } },
      },
      heading1: {
        run: { font: fonts(FONT.heading), size: SIZE.h1, bold: false, color: COLOR.ink },
        paragraph: { ...heading, outlineLevel: 0, spacing: { before: 240, after: 240, ...exact(LINE) } },
      },
      heading2: {
        run: { font: fonts(FONT.kai), size: SIZE.h2, bold: true, italics: false, color: COLOR.ink },
        paragraph: {
          ...heading,
          outlineLevel: 1,
          indent: { firstLine: 600 },
          spacing: { before: 120, after: 0, ...exact(LINE) },
        },
      },
      heading3: {
        run: { font: fonts(FONT.body), size: SIZE.h3, bold: true, italics: false, color: COLOR.ink },
        paragraph: {
          ...heading,
          outlineLevel: 2,
          indent: { firstLine: 560 },
          spacing: { before: 0, after: 0, ...exact(LINE) },
        },
      },
      listParagraph: {
        run: { font: fonts(FONT.body), size: SIZE.body },
        paragraph: { spacing: { before: 0, after: 0, ...exact(LINE) }, contextualSpacing: false },
      },
      caption: {
        run: { font: fonts(FONT.heading), size: SIZE.caption, bold: false, italics: false, color: COLOR.ink },
        paragraph: {
          alignment: AlignmentType.CENTER,
          keepNext: true,
          spacing: { before: 240, after: 120, ...single },
        },
      },
    },
    paragraphStyles: [
      {
        id: STYLE.body,
        name: 'Body Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: { font: fonts(FONT.body), size: SIZE.body },
        paragraph: {
          alignment: AlignmentType.BOTH,
          indent: { firstLine: 560 },
          spacing: { before: 0, after: 0, ...exact(LINE) },
        },
      },
      {
        id: STYLE.muted,
        name: 'Tianbao Empty Note',
        basedOn: STYLE.body,
        run: { color: COLOR.muted },
      },
      {
        id: STYLE.note,
        name: 'Tianbao Note',
        basedOn: 'Normal',
        run: { font: fonts(FONT.body), size: SIZE.small, color: COLOR.muted },
        paragraph: { spacing: { before: 120, after: 120, ...single } },
      },
      {
        id: STYLE.tableText,
        name: 'Tianbao Table Text',
        basedOn: 'Normal',
        run: { font: fonts(FONT.table), size: SIZE.table },
        paragraph: { spacing: { before: 0, after: 0, ...single } },
      },
      {
        id: STYLE.tableHead,
        name: 'Tianbao Table Heading',
        basedOn: STYLE.tableText,
        run: { font: fonts(FONT.heading), size: SIZE.table },
        paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
      },
      {
        id: STYLE.contentsTitle,
        name: 'TOC Heading',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: fonts(FONT.heading), size: SIZE.h1, color: COLOR.ink },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 360, ...single } },
      },
      ...[1, 2, 3].map((level) => ({
        id: `TOC${level}`,
        name: `toc ${level}`,
        basedOn: 'Normal',
        next: 'Normal',
        uiPriority: 39,
        run: { font: fonts(level === 1 ? FONT.heading : FONT.body), size: SIZE.body },
        paragraph: { indent: { left: (level - 1) * 560 }, spacing: { before: 0, after: 0, ...exact(LINE) } },
      })),
      {
        id: STYLE.header,
        name: 'header',
        basedOn: 'Normal',
        run: { font: fonts(FONT.body), size: SIZE.small, color: COLOR.muted },
        paragraph: {
          alignment: AlignmentType.CENTER,
          border: { bottom: thin(COLOR.rule, 4) },
          spacing: { before: 0, after: 0, ...single },
        },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: { font: fonts(FONT.body), size: SIZE.small },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0, ...single } },
      },
      {
        id: STYLE.coverProgramme,
        name: 'Tianbao Cover Programme',
        basedOn: 'Normal',
        run: { font: fonts(FONT.kai), size: SIZE.h1 },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 720, after: 0, ...single } },
      },
      {
        id: STYLE.coverTask,
        name: 'Subtitle',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: fonts(FONT.heading), size: SIZE.coverTask, color: COLOR.ink, italics: false },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 960, ...single } },
      },
      {
        id: STYLE.coverLine,
        name: 'Tianbao Cover Line',
        basedOn: 'Normal',
        run: { font: fonts(FONT.body), size: SIZE.h1 },
        paragraph: { spacing: { before: 60, after: 40, ...single } },
      },
    ],
    characterStyles: [
      {
        id: STYLE.cite,
        name: 'Tianbao Cited Value',
        basedOn: 'DefaultParagraphFont',
        run: { underline: { type: UnderlineType.DOTTED, color: COLOR.cite } },
      },
    ],
  };
}

/**
 * The font table, with the Chinese character set (GB2312, 86), family and pitch of each font, and
 * an alternative for 方正小标宋简体, so a machine without a font still sets the text in a similar one.
 */
export function fontTableXml(): string {
  const entry = (
    name: string,
    o: { alt?: string; panose: string; family: string; pitch: string; charset: string; sig: string },
  ) =>
    `<w:font w:name="${name}">${o.alt ? `<w:altName w:val="${o.alt}"/>` : ''}<w:panose1 w:val="${o.panose}"/>` +
    `<w:charset w:val="${o.charset}"/><w:family w:val="${o.family}"/><w:pitch w:val="${o.pitch}"/>${o.sig}</w:font>`;
  const cjkSig =
    '<w:sig w:usb0="00000003" w:usb1="288F0000" w:usb2="00000016" w:usb3="00000000" w:csb0="00040001" w:csb1="00000000"/>';
  const cjk = { charset: '86', pitch: 'fixed', sig: cjkSig };
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entry(FONT.body, { ...cjk, alt: 'FangSong', panose: '02010609060101010101', family: 'modern' }) +
    entry(FONT.heading, { ...cjk, alt: 'SimHei', panose: '02010609060101010101', family: 'modern' }) +
    entry(FONT.kai, { ...cjk, alt: 'KaiTi', panose: '02010609060101010101', family: 'modern' }) +
    entry(FONT.table, {
      ...cjk,
      alt: 'SimSun',
      panose: '02010600030101010101',
      family: 'auto',
      pitch: 'variable',
    }) +
    entry(FONT.title, { ...cjk, alt: '宋体', panose: '02000000000000000000', family: 'script' }) +
    entry(FONT.latin, {
      panose: '02020603050405020304',
      charset: '00',
      family: 'roman',
      pitch: 'variable',
      sig: '<w:sig w:usb0="E0002EFF" w:usb1="C000785B" w:usb2="00000009" w:usb3="00000000" w:csb0="000001FF" w:csb1="00000000"/>',
    }) +
    entry(FONT.mono, {
      panose: '02070309020205020404',
      charset: '00',
      family: 'modern',
      pitch: 'fixed',
      sig: '<w:sig w:usb0="E0002EFF" w:usb1="C0007843" w:usb2="00000009" w:usb3="00000000" w:csb0="000001FF" w:csb1="00000000"/>',
    }) +
    '</w:fonts>'
  );
}
