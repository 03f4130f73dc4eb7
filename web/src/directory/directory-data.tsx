import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { getAllPages, messageOf } from '../api/http';
import type { Organisation, Page, Site } from '../api/types';
import { useAuth } from '../auth/auth-context';

export type DirectoryData =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; sites: Site[]; organisations: Organisation[]; organisationName: (id: string) => string };

/** The whole directory's cache key: a write to a site or an organisation invalidates it. */
export const DIRECTORY_KEY = ['directory'] as const;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');

/**
 * The whole directory, read once per session (a département has tens to a few hundred sites)
 * and shared through the query cache by the directory, the map and the record pages.
 */
export function useDirectory(): { data: DirectoryData; reload: () => void } {
  const { get } = useAuth();
  const query = useQuery({
    queryKey: DIRECTORY_KEY,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const getPage = <T,>(path: string) => get<Page<T>>(path, signal);
      const [sites, organisations] = await Promise.all([
        getAllPages<Site>('/api/sites?limit=200', getPage),
        getAllPages<Organisation>('/api/organisations?limit=200', getPage),
      ]);
      const names = new Map(organisations.map((o) => [o.id, o.name]));
      return {
        sites: [...sites].sort(byName),
        organisations: [...organisations].sort(byName),
        organisationName: (id: string) => names.get(id) ?? 'Structure inconnue',
      };
    },
  });
  const reload = useCallback(() => void query.refetch(), [query.refetch]);
  const data = useMemo<DirectoryData>(
    () =>
      query.status === 'success'
        ? { status: 'ready', ...query.data }
        : query.status === 'error'
          ? { status: 'failed', message: messageOf(query.error) }
          : { status: 'loading' },
    [query.status, query.data, query.error],
  );
  return { data, reload };
}
