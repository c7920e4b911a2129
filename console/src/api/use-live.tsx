/** One live stream for the signed-in app; pages subscribe to messages and read its state. */
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LiveStream, liveUrl, type LiveMessage, type LiveState } from './live.js';

const LiveContext = createContext<LiveStream | null>(null);

export function LiveProvider({ token, children, stream, onRefused }: { token: string; children: ReactNode; stream?: LiveStream; onRefused?(): void }) {
  const refusedRef = useRef(onRefused);
  refusedRef.current = onRefused;
  const [live] = useState(
    () =>
      stream ??
      new LiveStream({
        url: liveUrl(),
        onRefused: () => refusedRef.current?.(),
        // The cursor lives in memory only: a reloaded page gets its state over HTTP, and a cursor
        // kept in storage could belong to another cloud database (demo restarts).
        getToken: () => token,
      }),
  );
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

/** The stream state, or 'online' where no stream is provided (tests, pages without live data). */
export function useLiveState(): LiveState | null {
  const live = useContext(LiveContext);
  return useSyncExternalStore(
    (cb) => (live ? live.onState(cb) : () => {}),
    () => (live ? live.state : null),
  );
}

/** Call `onMessage` for every live message; the latest callback is used without resubscribing. */
export function useLiveMessages(onMessage: (m: LiveMessage) => void) {
  const live = useContext(LiveContext);
  const ref = useRef(onMessage);
  useEffect(() => {
    ref.current = onMessage;
  });
  useEffect(() => (live ? live.subscribe((m) => ref.current(m)) : undefined), [live]);
}
