/**
 * The QR code a stamped document carries: the SHA-256 of the stamped content and a line saying how
 * to check it. Drawn as vector squares (crisp when printed, no image to interpolate).
 */
import QRCode from 'qrcode';

export const QR_HASH_PREFIX = 'SHA-256:';

export interface QrMatrix {
  size: number;
  dark(row: number, col: number): boolean;
}

/** The text encoded: the label line, then `SHA-256:<hex>`. */
export function qrPayload(sha256: string, label: string): string {
  return `${label}\n${QR_HASH_PREFIX}${sha256}`;
}

export function qrMatrix(payload: string): QrMatrix {
  const code = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const { size } = code.modules;
  return { size, dark: (r, c) => code.modules.get(r, c) === 1 };
}

/** SVG path data of the dark modules, one unit per module, runs of a row merged. */
export function qrPathData(matrix: QrMatrix, offset = 0): string {
  let d = '';
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size;) {
      if (!matrix.dark(r, c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < matrix.size && matrix.dark(r, end)) end++;
      d += `M${c + offset} ${r + offset}H${end + offset}V${r + offset + 1}H${c + offset}Z`;
      c = end;
    }
  }
  return d;
}
