/** Request and response schemas of the platform API (`/api/v1`), shared by platform and client. */
export * from './common.ts';
export * from './paths.ts';
export * from './health.ts';
export * from './auth.ts';
export * from './templates.ts';
export * from './entities.ts';
export * from './sync.ts';
export * from './blobs.ts';
export * from './submissions.ts';
export * from './packages.ts';
