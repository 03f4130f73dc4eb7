import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context';
import { ApiError, messageOf } from './http';

export type Resource<T> = { status: 'loading' } | { status: 'failed'; message: string; httpStatus: number } | { status: 'ready'; value: T };

/**
 * One API answer, read with the signed-in user's token; `path` null waits. `reload` reads it
 * again, `replace` puts a fresher copy in place (the answer of a PATCH).
 */
export function useResource<T>(path: string | null) {
  const { get } = useAuth();
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    void generation;
    setState({ status: 'loading' });
    get<T>(path, controller.signal).then(
      (value) => setState({ status: 'ready', value }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'failed', message: messageOf(error), httpStatus: error instanceof ApiError ? error.status : 0 });
      },
    );
    return () => controller.abort();
  }, [get, path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const replace = useCallback((value: T) => setState({ status: 'ready', value }), []);
  return { state, reload, replace };
}
