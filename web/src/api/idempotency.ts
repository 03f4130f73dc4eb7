import { useCallback, useRef } from 'react';
import { newIdempotencyKey } from './http';

/**
 * The `Idempotency-Key` of a creating form: the same body sent again (the answer was lost, the
 * user pressed again) keeps its key, so the API records it once; another body gets a new key.
 * `done()` after a success: an identical next record (two anonymous calls about the same theme)
 * is a new one.
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = useCallback((body: unknown): string => {
    const text = JSON.stringify(body);
    if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
  const done = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, done };
}
