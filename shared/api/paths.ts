/**
 * Every route of the platform API in one place: Fastify patterns for the server and path
 * builders for the client, so a renamed route cannot drift between them.
 */
export const API_PREFIX = '/api/v1';

export const ROUTES = {
  health: '/api/health',
  login: `${API_PREFIX}/auth/login`,
  refresh: `${API_PREFIX}/auth/refresh`,
  logout: `${API_PREFIX}/auth/logout`,
  me: `${API_PREFIX}/me`,
  templates: `${API_PREFIX}/templates`,
  template: `${API_PREFIX}/templates/:id`,
  push: `${API_PREFIX}/mutations`,
  changes: `${API_PREFIX}/changes`,
  entity: `${API_PREFIX}/entities/:entity/:id`,
  upload: `${API_PREFIX}/blobs/:sha256/upload`,
  uploadComplete: `${API_PREFIX}/blobs/:sha256/complete`,
  blob: `${API_PREFIX}/blobs/:sha256`,
  transitions: `${API_PREFIX}/submissions/:id/transitions`,
  events: `${API_PREFIX}/submissions/:id/events`,
  packages: `${API_PREFIX}/packages`,
} as const;

const seg = encodeURIComponent;

/** Concrete paths for a client. */
export const apiPath = {
  template: (id: string, version?: string) =>
    `${API_PREFIX}/templates/${seg(id)}${version ? `?version=${seg(version)}` : ''}`,
  changes: (since: string, limit?: number) =>
    `${API_PREFIX}/changes?since=${seg(since)}${limit ? `&limit=${limit}` : ''}`,
  entity: (entity: string, id: string) => `${API_PREFIX}/entities/${seg(entity)}/${seg(id)}`,
  upload: (sha256: string) => `${API_PREFIX}/blobs/${sha256}/upload`,
  uploadChunk: (sha256: string, offset: number) => `${API_PREFIX}/blobs/${sha256}/upload?offset=${offset}`,
  uploadComplete: (sha256: string) => `${API_PREFIX}/blobs/${sha256}/complete`,
  blob: (sha256: string) => `${API_PREFIX}/blobs/${sha256}`,
  transitions: (submissionId: string) => `${API_PREFIX}/submissions/${seg(submissionId)}/transitions`,
  events: (submissionId: string) => `${API_PREFIX}/submissions/${seg(submissionId)}/events`,
  /** Where a .tbpkg is posted; `replace` overwrites what the platform holds differently. */
  importPackage: (replace = false) => `${API_PREFIX}/packages${replace ? '?replace=1' : ''}`,
};
