/**
 * Every read and write of the signed-in SPA goes through TanStack Query: reads are cached per
 * resource (the key is the API path, split in segments: `/api/sites/01K…` → `['sites', '01K…']`,
 * query parameters as a last object), retried only when the network or the server failed (never
 * on a 4xx, which a retry would not change), and writes invalidate the resources they change
 * (invalidating `['sites']` refreshes the list and every site).
 */
import { QueryClient, type QueryKey, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useAuth } from '../auth/auth-context';
import { focusProblem, useProblem } from '../components/form';
import { changedFields } from './changed-fields';
import { ApiError, getAllPages, getJson, messageOf, type RequestOptions } from './http';
import { useIdempotencyKey } from './idempotency';
import type { Page } from './types';

/** What a page shows of one read: loading, failed (with the HTTP status) or ready. */
export type Resource<T> = { status: 'loading' } | { status: 'failed'; message: string; httpStatus: number } | { status: 'ready'; value: T };

/** A 4xx is the same on a second try; a lost connection (0) or a 5xx may not be. */
export const isRetryable = (error: unknown): boolean => !(error instanceof ApiError && error.status >= 400 && error.status < 500);

/**
 * Records about persons (their file, their parcours, the referrals that name them): every
 * display is a read the API audits, so they are never shown from the cache, and nothing of
 * them stays in memory once the page is left. For the same reason a write never invalidates
 * them: the page that shows one reads it again itself (or takes the write's answer), once.
 */
const PERSONAL: readonly QueryKey[] = [['persons'], ['parcours'], ['referrals'], ['receptions'], ['referral-links']];

export function newQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 2 && isRetryable(error),
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4000),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
  for (const key of PERSONAL) client.setQueryDefaults(key, { staleTime: 0, gcTime: 0 });
  return client;
}

/** `/api/persons/01K…/history?limit=5` → `['persons', '01K…', 'history', { limit: '5' }]`. */
export function keyOf(path: string): QueryKey {
  const [pathname = '', search = ''] = path.split('?');
  const segments = pathname
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean);
  return search ? [...segments, Object.fromEntries(new URLSearchParams(search))] : segments;
}

/** Focuses the problem summary inside `container` (a selector): the form that was refused. */
export const focusProblemIn = (container: string): void =>
  void window.requestAnimationFrame(() => document.querySelector<HTMLElement>(`${container} [data-testid="problem"]`)?.focus());

/** The typed API of the signed-in user: JSON in and out, a refusal thrown as an `ApiError`. */
export interface Api {
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  send<T>(path: string, options?: Omit<RequestOptions, 'token'>): Promise<T>;
  post<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  raw(path: string): Promise<Response>;
}

export function useApi(): Api {
  const { get, send, fetchRaw } = useAuth();
  return useMemo<Api>(
    () => ({
      get,
      send,
      post: (path, body, idempotencyKey) => send(path, { method: 'POST', body, idempotencyKey }),
      patch: (path, body) => send(path, { method: 'PATCH', body }),
      raw: fetchRaw,
    }),
    [get, send, fetchRaw],
  );
}

const stateOf = <T>(query: { status: string; data: T | undefined; error: unknown }): Resource<T> => {
  if (query.status === 'success') return { status: 'ready', value: query.data as T };
  if (query.status === 'error')
    return { status: 'failed', message: messageOf(query.error), httpStatus: query.error instanceof ApiError ? query.error.status : 0 };
  return { status: 'loading' };
};

/** The same `Resource` object while the query's answer is the same (for the memos downstream). */
const useResourceOf = <T>(status: string, data: T | undefined, error: unknown): Resource<T> =>
  useMemo(() => stateOf<T>({ status, data, error }), [status, data, error]);

/**
 * One API answer, read with the signed-in user's token and cached under its path; `path` null
 * waits. `reload` reads it again, `replace` puts a fresher copy in the cache (a PATCH's answer).
 */
export function useApiQuery<T>(path: string | null) {
  const { get } = useAuth();
  const client = useQueryClient();
  const key = path ? keyOf(path) : ['nothing'];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => get<T>(path as string, signal),
    enabled: path !== null,
  });
  const reload = useCallback(() => void query.refetch(), [query.refetch]);
  const keyText = JSON.stringify(key);
  const replace = useCallback((value: T) => client.setQueryData(JSON.parse(keyText) as QueryKey, value), [client, keyText]);
  return { state: useResourceOf<T>(query.status, query.data, query.error), reload, replace, query };
}

interface MutationOptions<TResult, TVariables> {
  /** The resources the write changes (`['sites']`, `['persons', id]`): read again after it. */
  invalidates?: (result: TResult, variables: TVariables) => readonly QueryKey[];
  onSuccess?: (result: TResult, variables: TVariables) => void;
  /** A refusal the caller shows its own way (a 409 with candidates): true keeps it off the summary. */
  handles?: (error: unknown) => boolean;
  /**
   * A refusal moves the focus to the problem summary (default: the first on the page), to the
   * one inside this selector (the form's), or calls this function instead.
   */
  focusOnProblem?: boolean | string | (() => void);
}

/**
 * A write: `run(variables)`; `busy` while it runs; a refusal becomes the form's `problem`
 * (field messages by path, see form.tsx), and the resources it changes are read again.
 * Needs no sign-in (the referral's signed link uses it): `useApiMutation` adds the token.
 */
export function useWrite<TVariables, TResult>(
  write: (variables: TVariables) => Promise<TResult>,
  { invalidates, onSuccess, handles, focusOnProblem = true }: MutationOptions<TResult, TVariables> = {},
) {
  const client = useQueryClient();
  const { problem, fail, clear, errorOf } = useProblem();
  const mutation = useMutation<TResult, unknown, TVariables>({
    mutationFn: write,
    onMutate: () => clear(),
    onSuccess: async (result, variables) => {
      for (const key of invalidates?.(result, variables) ?? []) void client.invalidateQueries({ queryKey: key });
      onSuccess?.(result, variables);
    },
    onError: (error) => {
      if (handles?.(error)) return;
      fail(error);
      if (typeof focusOnProblem === 'function') focusOnProblem();
      else if (typeof focusOnProblem === 'string') focusProblemIn(focusOnProblem);
      else if (focusOnProblem) focusProblem();
    },
  });
  return {
    run: mutation.mutate,
    runAsync: mutation.mutateAsync,
    busy: mutation.isPending,
    error: mutation.error ? messageOf(mutation.error) : null,
    /** The refusal itself (its `status`), when the message alone is not enough. */
    failure: mutation.error,
    problem,
    errorOf,
    /** Shows a refusal found before asking the API (an empty required field). */
    fail,
    clear,
    reset: mutation.reset,
    result: mutation.data,
    /** What the last write was given. */
    variables: mutation.variables,
  };
}

/** A write with the signed-in user's token (see `useWrite`). */
export function useApiMutation<TVariables, TResult>(
  write: (api: Api, variables: TVariables) => Promise<TResult>,
  options: MutationOptions<TResult, TVariables> = {},
) {
  const api = useApi();
  return useWrite<TVariables, TResult>((variables) => write(api, variables), options);
}

/** The directory's collections whose records the site, service and organisation forms write. */
export type DirectoryCollection = 'sites' | 'services' | 'organisations';

/**
 * Saves a directory record from its form: POST the whole body to create, PATCH only the
 * changed fields (with `version`, and without `organisationId`, which a site or service keeps)
 * to edit. The API's answer (the record as stored, the same shape as its GET) replaces the
 * record's copy at once, so a form reopened before the collection is read again starts from
 * what was saved and its new version, not from the copy read before; the collection and the
 * directory are read again afterwards.
 */
export function useSaveRecord<TBody extends Record<string, unknown>, TRecord extends { id: string; version?: number }>(
  collection: DirectoryCollection,
  { initial, original, onSaved }: { initial?: TRecord; original: TBody; onSaved: (saved: TRecord) => void },
) {
  const client = useQueryClient();
  return useApiMutation<TBody, TRecord>(
    (api, body) => {
      if (!initial) return api.post<TRecord>(`/api/${collection}`, body);
      const { organisationId: _kept, ...patch } = changedFields(original, body, initial.version ?? 1);
      return api.patch<TRecord>(`/api/${collection}/${initial.id}`, patch);
    },
    {
      invalidates: () => [[collection], ['directory']],
      onSuccess: (saved) => {
        client.setQueryData(keyOf(`/api/${collection}/${saved.id}`), saved);
        onSaved(saved);
      },
    },
  );
}

/** Reads again, after a write made elsewhere, every resource under these keys. */
export function useInvalidate(): (...keys: QueryKey[]) => void {
  const client = useQueryClient();
  return useCallback((...keys: QueryKey[]) => keys.forEach((queryKey) => void client.invalidateQueries({ queryKey })), [client]);
}

/**
 * A creating POST with its `Idempotency-Key` (see idempotency.ts): the same body sent again
 * keeps its key, so the API records it once; after a success the next body gets a new key.
 */
export function useCreate<TBody, TResult>(path: string, options: MutationOptions<TResult, TBody> = {}) {
  const { keyFor, done } = useIdempotencyKey();
  return useApiMutation<TBody, TResult>((api, body) => api.post<TResult>(path, body, keyFor(body)), {
    ...options,
    onSuccess: (result, body) => {
      done();
      options.onSuccess?.(result, body);
    },
  });
}

/** Every page of a list (following `nextCursor`), cached under the list's path. */
export function useApiList<T>(path: string | null) {
  const { get } = useAuth();
  const query = useQuery({
    queryKey: path ? keyOf(path) : ['nothing'],
    queryFn: ({ signal }) => getAllPages<T>(path as string, (page) => get<Page<T>>(page, signal)),
    enabled: path !== null,
  });
  const reload = useCallback(() => void query.refetch(), [query.refetch]);
  return { state: useResourceOf<T[]>(query.status, query.data, query.error), reload };
}

/** A list read page by page (« Afficher plus »): the pages so far, and whether more remain. */
export function useApiPages<T>(path: string) {
  const { get } = useAuth();
  const separator = path.includes('?') ? '&' : '?';
  const query = useInfiniteQuery({
    queryKey: [...keyOf(path), 'pages'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      get<Page<T>>(pageParam ? `${path}${separator}cursor=${encodeURIComponent(pageParam)}` : path, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
  const value = useMemo(
    () => query.data && { items: query.data.pages.flatMap((page) => page.items), nextCursor: query.hasNextPage },
    [query.data, query.hasNextPage],
  );
  const more = useCallback(() => void query.fetchNextPage(), [query.fetchNextPage]);
  return { state: useResourceOf(query.status, value, query.error), more };
}

/** A public read (no token: the public map, the commune suggestions), cached under its path. */
export function usePublicQuery<T>(path: string | null) {
  const query = useQuery({
    queryKey: path ? ['public', ...keyOf(path)] : ['nothing'],
    queryFn: ({ signal }) => getJson<T>(path as string, undefined, signal),
    enabled: path !== null,
  });
  const reload = useCallback(() => void query.refetch(), [query.refetch]);
  return { state: useResourceOf<T>(query.status, query.data, query.error), reload };
}
