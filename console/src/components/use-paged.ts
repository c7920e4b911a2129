/**
 * A list the cloud pages newest first with a `before` cursor: the first page loads when the filters
 * (deps) change, `more()` appends the next one; answers for old filters are dropped.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiClient } from '../api/client.js';
import { useApi } from '../api/session.js';

export interface Page<T> {
  items: T[];
  nextBefore: string | null;
}

export interface Paged<T> {
  items: T[];
  hasMore: boolean;
  loading: boolean;
  error: Error | null;
  more(): void;
  /** Load the first page again (after a live update or a retry). */
  reload(): void;
  setItems(update: (items: T[]) => T[]): void;
}

export function usePaged<T>(load: (api: ApiClient, before: string | undefined) => Promise<Page<T>>, deps: DependencyList): Paged<T> {
  const api = useApi();
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const fetchPage = useCallback(
    (before: string | undefined, append: boolean) => {
      const gen = generation.current;
      setLoading(true);
      loadRef.current(api, before).then(
        (page) => {
          if (gen !== generation.current) return;
          setItems((prev) => (append ? [...prev, ...page.items] : page.items));
          setNext(page.nextBefore);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          setError(e instanceof Error ? e : new Error(String(e)));
          setLoading(false);
        },
      );
    },
    [api],
  );

  useEffect(() => {
    generation.current += 1;
    fetchPage(undefined, false);
    return () => {
      generation.current += 1;
    };
  }, [fetchPage, tick, ...deps]);

  return {
    items,
    hasMore: next !== null,
    loading,
    error,
    more: () => next !== null && fetchPage(next, true),
    reload: useCallback(() => setTick((n) => n + 1), []),
    setItems,
  };
}
