/**
 * Signature verification, safe anywhere (renderer, worker, Node). Signing is NOT exported here:
 * it opens the private key, so the CLI and the Electron main process import ./sign.ts directly
 * and nothing the renderer loads may.
 */
export { verifyPdf } from './verify.ts';
export type { SignatureReport, VerifyOptions, VerifyResult } from './verify.ts';
export type { TrustStatus, CertificateSummary } from './x509.ts';
export { MessageError, PdfUpdateError, SignError } from './errors.ts';
