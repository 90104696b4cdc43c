/**
 * pdfmake's browser build inside a worker: the two Noto Sans SC weights are fetched once from the
 * app's own origin (bundled by Vite from the npm package) and handed to pdfmake's in-memory file
 * system; remote URLs are refused, so report content can never make the app fetch anything.
 */
import pdfMake from 'pdfmake/build/pdfmake.js';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import regularUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import boldUrl from '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf?url';
import { pdfFontDictionary } from '../../../shared/report/pdf-fonts.ts';

interface BrowserPdfMake {
  virtualfs: { writeFileSync(name: string, data: ArrayBuffer): void };
  setFonts(fonts: object): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setProgressCallback(cb: (fraction: number) => void): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Uint8Array> };
}

const maker = pdfMake as unknown as BrowserPdfMake;
const REGULAR = 'NotoSansSC-Regular.ttf';
const BOLD = 'NotoSansSC-Bold.ttf';
let fontsReady: Promise<void> | null = null;

async function fetchFont(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`font ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

function loadFonts(): Promise<void> {
  fontsReady ??= Promise.all([fetchFont(regularUrl), fetchFont(boldUrl)]).then(([regular, bold]) => {
    maker.virtualfs.writeFileSync(REGULAR, regular);
    maker.virtualfs.writeFileSync(BOLD, bold);
    maker.setFonts(pdfFontDictionary(REGULAR, BOLD));
    maker.setUrlAccessPolicy(() => false);
  });
  // A failed fetch is retried next time rather than remembered.
  fontsReady.catch(() => (fontsReady = null));
  return fontsReady;
}

/** The bold weight's bytes, for drawing a seal's lettering. */
export async function boldFontBytes(): Promise<Uint8Array> {
  return new Uint8Array(await fetchFont(boldUrl));
}

export async function renderPdfInBrowser(
  doc: TDocumentDefinitions,
  onProgress: (fraction: number) => void,
): Promise<Uint8Array> {
  await loadFonts();
  maker.setProgressCallback(onProgress);
  const buffer = await maker.createPdf(doc).getBuffer();
  return new Uint8Array(buffer);
}
