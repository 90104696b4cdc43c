/**
 * The platform's HTTP API for a client, answers parsed with the same zod schemas the platform
 * validates with. An expired access token is refreshed once and the request repeated; tokens live
 * in the host's token store (Electron safeStorage, IndexedDB on the web), never in app data.
 */
import type { z } from 'zod';
import {
  apiErrorSchema,
  apiPath,
  blobCompleteResponseSchema,
  healthResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  ROUTES,
  templateListResponseSchema,
  templateResponseSchema,
  tokenResponseSchema,
  transitionResponseSchema,
  uploadStateSchema,
  MAX_CHUNK_BYTES,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type TokenResponse,
  type TransitionResponse,
  type ApiUser,
} from '../api/index.ts';
import type { TokenStore } from '../host/api.ts';

export const TOKEN_KEYS = {
  access: 'platform.access',
  refresh: 'platform.refresh',
  user: 'platform.user',
} as const;

/** A failed call: `status` 0 means the platform could not be reached at all. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly key?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
  }
  get unreachable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export interface ClientOptions {
  baseUrl: string;
  tokens: TokenStore;
  fetch?: typeof fetch;
  /** Per request; a hung connection must not stall sync forever. */
  timeoutMs?: number;
}

export class PlatformClient {
  private readonly fetchFn: typeof fetch;
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly options: ClientOptions) {
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  private url(path: string): string {
    return new URL(path, this.options.baseUrl).toString();
  }

  private async raw(path: string, init: RequestInit, auth: boolean): Promise<Response> {
    const headers = new Headers(init.headers);
    if (auth) {
      const token = await this.options.tokens.get(TOKEN_KEYS.access);
      if (token) headers.set('authorization', `Bearer ${token}`);
    }
    try {
      return await this.fetchFn(this.url(path), {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new PlatformError(0, 'unreachable', err instanceof Error ? err.message : String(err));
    }
  }

  private async fail(res: Response): Promise<never> {
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) {
      const e = parsed.data.error;
      throw new PlatformError(res.status, e.code, e.message, e.key, e.params);
    }
    throw new PlatformError(res.status, 'http', `HTTP ${res.status}`);
  }

  private async call<S extends z.ZodType>(
    schema: S,
    path: string,
    init: RequestInit = {},
    auth = true,
  ): Promise<z.output<S>> {
    let res = await this.raw(path, init, auth);
    if (res.status === 401 && auth && (await this.refresh())) res = await this.raw(path, init, auth);
    if (!res.ok) return this.fail(res);
    return schema.parse(await res.json()) as z.output<S>;
  }

  private json(method: string, body: unknown): RequestInit {
    return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }

  /** True when the platform answers its health check: what "online" means for sync. */
  async reachable(): Promise<boolean> {
    try {
      const res = await this.raw(ROUTES.health, {}, false);
      return res.ok && healthResponseSchema.safeParse(await res.json()).success;
    } catch {
      return false;
    }
  }

  private async keep(tokens: TokenResponse): Promise<ApiUser> {
    await this.options.tokens.set(TOKEN_KEYS.access, tokens.accessToken);
    await this.options.tokens.set(TOKEN_KEYS.refresh, tokens.refreshToken);
    await this.options.tokens.set(TOKEN_KEYS.user, JSON.stringify(tokens.user));
    return tokens.user;
  }

  async login(username: string, password: string): Promise<ApiUser> {
    return this.keep(
      await this.call(tokenResponseSchema, ROUTES.login, this.json('POST', { username, password }), false),
    );
  }

  /** One refresh at a time; false (and signed out) when the refresh token is no longer valid. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const refreshToken = await this.options.tokens.get(TOKEN_KEYS.refresh);
      if (!refreshToken) return false;
      try {
        await this.keep(
          await this.call(tokenResponseSchema, ROUTES.refresh, this.json('POST', { refreshToken }), false),
        );
        return true;
      } catch (err) {
        if (err instanceof PlatformError && !err.unreachable) await this.forget();
        return false;
      }
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async forget(): Promise<void> {
    for (const key of Object.values(TOKEN_KEYS)) await this.options.tokens.delete(key);
  }

  async logout(): Promise<void> {
    const refreshToken = await this.options.tokens.get(TOKEN_KEYS.refresh);
    try {
      if (refreshToken) await this.raw(ROUTES.logout, this.json('POST', { refreshToken }), false);
    } finally {
      await this.forget();
    }
  }

  async user(): Promise<ApiUser | null> {
    const text = await this.options.tokens.get(TOKEN_KEYS.user);
    return text ? (JSON.parse(text) as ApiUser) : null;
  }

  push(mutations: Mutation[]): Promise<PushResponse> {
    return this.call(pushResponseSchema, ROUTES.push, this.json('POST', { mutations }));
  }

  pull(since: string, limit?: number): Promise<PullResponse> {
    return this.call(pullResponseSchema, apiPath.changes(since, limit));
  }

  transition(
    submissionId: string,
    body: { action: string; reason?: string; requestId: string },
  ): Promise<TransitionResponse> {
    return this.call(transitionResponseSchema, apiPath.transitions(submissionId), this.json('POST', body));
  }

  templates() {
    return this.call(templateListResponseSchema, ROUTES.templates);
  }

  template(id: string, version?: string) {
    return this.call(templateResponseSchema, apiPath.template(id, version));
  }

  /**
   * Uploads a blob by its SHA-256, resuming where the platform's copy ends: a connection cut
   * half-way costs only the chunk in flight. The platform checks the hash before accepting it.
   */
  async uploadBlob(sha256: string, bytes: Uint8Array): Promise<void> {
    let state = await this.call(
      uploadStateSchema,
      apiPath.upload(sha256),
      this.json('POST', { size: bytes.length }),
    );
    while (!state.complete && state.received < bytes.length) {
      const chunk = bytes.subarray(state.received, state.received + MAX_CHUNK_BYTES);
      state = await this.call(uploadStateSchema, apiPath.uploadChunk(sha256, state.received), {
        method: 'PATCH',
        headers: { 'content-type': 'application/octet-stream' },
        body: chunk as Uint8Array<ArrayBuffer>,
      });
    }
    if (!state.complete)
      await this.call(blobCompleteResponseSchema, apiPath.uploadComplete(sha256), { method: 'POST' });
  }

  async downloadBlob(sha256: string): Promise<Uint8Array> {
    let res = await this.raw(apiPath.blob(sha256), {}, true);
    if (res.status === 401 && (await this.refresh())) res = await this.raw(apiPath.blob(sha256), {}, true);
    if (!res.ok) return this.fail(res);
    return new Uint8Array(await res.arrayBuffer());
  }
}

export type { PushResponse, PullResponse, TransitionResponse };
