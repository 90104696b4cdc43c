/**
 * Seals: scanned seal images cleaned, round draft seals drawn, seals and the hash QR code placed
 * on PDFs. Environment-neutral (the renderer, workers, Node); only ./font-node.ts reads the disk.
 */
export { sealFromScan, sealImageFromScan, MAX_SCAN_BYTES, MAX_SCAN_PIXELS } from './scan.ts';
export type { ScanOptions, SealImage } from './scan.ts';
export { drawRoundSeal, sealPng, sealSvg, SEAL_RED, DRAFT_MARKS } from './draw.ts';
export type { RoundSealOptions, SealDrawing } from './draw.ts';
export { stampPdf, MM } from './stamp.ts';
export type { PlacedBox, SealPlacement, StampOptions, StampResult } from './stamp.ts';
export { qrPayload } from './qr.ts';
export { SealError } from './errors.ts';
