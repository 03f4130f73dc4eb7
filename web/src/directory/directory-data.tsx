import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { getAllPages } from '../api/http';
import type { Organisation, Page, Site } from '../api/types';
import { useAuth } from '../auth/auth-context';

export type DirectoryData =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; sites: Site[]; organisations: Organisation[]; organisationName: (id: string) => string };

const DirectoryContext = createContext<{ data: DirectoryData; reload: () => void } | null>(null);

export function useDirectory() {
  const value = useContext(DirectoryContext);
  if (!value) throw new Error('useDirectory outside DirectoryProvider');
  return value;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');

/**
 * Loads the whole directory once per session (a département has tens to a few hundred sites)
 * and shares it between the directory and the map.
 */
export function DirectoryProvider({ children }: { children: ReactNode }) {
  const { get } = useAuth();
  const [data, setData] = useState<DirectoryData>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const getPage = <T,>(path: string) => get<Page<T>>(path, controller.signal);
    setData({ status: 'loading' });
    // `generation` is read so that `reload` re-runs this effect.
    void generation;
    Promise.all([
      getAllPages<Site>('/api/sites?limit=200', getPage),
      getAllPages<Organisation>('/api/organisations?limit=200', getPage),
    ]).then(
      ([sites, organisations]) => {
        const names = new Map(organisations.map((o) => [o.id, o.name]));
        setData({
          status: 'ready',
          sites: [...sites].sort(byName),
          organisations: [...organisations].sort(byName),
          organisationName: (id) => names.get(id) ?? 'Structure inconnue',
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setData({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [get, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return <DirectoryContext.Provider value={{ data, reload }}>{children}</DirectoryContext.Provider>;
}
