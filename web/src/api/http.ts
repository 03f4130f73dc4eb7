import type { Page } from './types';

/** An API answer other than 2xx, carrying the problem+json `title`/`detail` when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
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

async function problemMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { title?: string; detail?: string };
    return body.detail ?? body.title ?? `Erreur ${response.status}`;
  } catch {
    return `Erreur ${response.status}`;
  }
}

export async function getJson<T>(path: string, token?: string, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(apiUrl(path), { headers, signal });
  if (response.status === 401 && token) throw new UnauthorizedError();
  if (!response.ok) throw new ApiError(response.status, await problemMessage(response));
  return (await response.json()) as T;
}

export async function postJson<T>(path: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(apiUrl(path), { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status === 401 && token) throw new UnauthorizedError();
  if (!response.ok) throw new ApiError(response.status, await problemMessage(response));
  return (await response.json()) as T;
}

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
