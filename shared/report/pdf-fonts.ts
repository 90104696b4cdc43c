/**
 * The PDF's one font family: Noto Sans SC from its npm package (never committed). pdfkit embeds
 * only the glyphs a document uses, so a report stays small while every character of GB 18030's
 * common planes (鄞 濮 亳 邕 瑷珲 …) renders. CJK has no italics; italic maps to upright.
 */
export const PDF_FONT = 'NotoSansSC';

/** Package paths of the two weights, resolved by each host (Node require, Vite asset URL). */
export const PDF_FONT_FILES = {
  normal: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

/** pdfmake's font dictionary for the family, given where each weight can be read from. */
export function pdfFontDictionary(normal: string, bold: string) {
  return { [PDF_FONT]: { normal, bold, italics: normal, bolditalics: bold } };
}
