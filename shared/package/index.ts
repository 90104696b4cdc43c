/**
 * Submission packages (提交包): one file a unit with no network hands to its province. See
 * format.ts for the layout. The store helpers are separate entry points so a Web Worker that only
 * verifies files does not load Dexie code.
 */
export * from './format.ts';
export { readPackage, type ReadResult, type VerifiedPackage } from './read.ts';
export { writePackage, manifestHash, PackageWriteError, type WriteOptions } from './write.ts';
export { submissionDocumentOf } from './checks.ts';
