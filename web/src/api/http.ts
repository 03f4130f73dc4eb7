import type { FieldProblem, Page } from './types';

/**
 * An API answer other than 2xx. `message` is the problem+json `detail` (or `title`), written
 * for the user and shown as is, whatever the status; `errors` lists the invalid fields of a 400
 * (`path` like `body.siret`); `code` is the server's stable error code (ADR 0018), what a page
 * branches on (never on the wording, nor on the status alone: two 409s may mean two things).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    /** The whole problem+json body: some problems carry more (a 409's `candidates`). */
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The catalogue code of the problem (`intake.person.possible-duplicate`), when the server gave one. */
  get code(): string | undefined {
    return typeof this.problem.code === 'string' ? this.problem.code : undefined;
  }
}

/** The token was refused (401): the caller must sign in again. */
export class UnauthorizedError extends ApiError {
  constructor() {
    super(401, 'Votre session a expiré. Reconnectez-vous.');
    this.name = 'UnauthorizedError';
  }
}

let apiBase = '';

/**
 * Where the API lives: the SPA's own origin (local stack, Vite proxy) unless `/config.json`
 * names another one (on AWS, the HTTP API's URL).
 */
export function setApiBase(url: string | undefined): void {
  apiBase = (url ?? '').replace(/\/+$/, '');
}

/** `/api/...` on the API's origin; `/config.json` always comes from the SPA's own origin. */
export const apiUrl = (path: string): string => (path.startsWith('/api/') ? `${apiBase}${path}` : path);

const NETWORK_ERROR = 'Le service ne répond pas. Vérifiez votre connexion puis réessayez.';

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { title?: string; detail?: string; errors?: FieldProblem[] };
    const errors = Array.isArray(body.errors) ? body.errors.filter((e) => typeof e?.message === 'string') : [];
    return new ApiError(response.status, body.detail ?? body.title ?? `Erreur ${response.status}`, errors, body as Record<string, unknown>);
  } catch {
    return new ApiError(response.status, `Erreur ${response.status}`);
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  /** Bearer token; never given for the public routes. */
  token?: string;
  signal?: AbortSignal;
  /**
   * `Idempotency-Key` of a creating POST: the same key sent again (a retry after a lost answer,
   * a second press) returns the first result and records nothing new.
   */
  idempotencyKey?: string;
}

/** The raw answer of a request, once it is known to be 2xx (for downloads). */
export async function request(
  path: string,
  { method = 'GET', body, token, signal, idempotencyKey }: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, NETWORK_ERROR);
  }
  if (response.status === 401 && token) throw new UnauthorizedError();
  if (!response.ok) throw await toApiError(response);
  return response;
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const getJson = <T>(path: string, token?: string, signal?: AbortSignal): Promise<T> => requestJson<T>(path, { token, signal });

export const postJson = <T>(path: string, body: unknown, token?: string): Promise<T> =>
  requestJson<T>(path, { method: 'POST', body, token });

/** Follows `nextCursor` until the list is complete. */
export async function getAllPages<T>(path: string, get: (path: string) => Promise<Page<T>>, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const answer: Page<T> = await get(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) return items;
  }
  throw new ApiError(0, 'La liste est trop longue pour être chargée en une fois.');
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A fresh `Idempotency-Key`, kept by a form until its POST succeeds. */
export const newIdempotencyKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
