import { useEffect, useRef } from 'react';

/** Call `fn` every `ms` while mounted (state that changes without a live message, e.g. gateway liveness). */
export function useInterval(fn: () => void, ms: number) {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  useEffect(() => {
    const id = setInterval(() => ref.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}
