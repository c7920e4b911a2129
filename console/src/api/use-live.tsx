/** One live stream for the signed-in app; pages subscribe to messages and read its state. */
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LiveStream, liveUrl, type LiveMessage, type LiveState } from './live.js';

const LiveContext = createContext<LiveStream | null>(null);
const CURSOR_KEY = 'yg.live.cursor';

export function LiveProvider({ token, children, stream }: { token: string; children: ReactNode; stream?: LiveStream }) {
  const [live] = useState(
    () =>
      stream ??
      new LiveStream({
        url: liveUrl(),
        getToken: () => token,
        initialCursor: safeGet(CURSOR_KEY),
        onCursor: (c) => safeSet(CURSOR_KEY, c),
      }),
  );
  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

function safeGet(k: string): string | null {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
}
function safeSet(k: string, v: string) {
  try {
    localStorage.setItem(k, v);
  } catch {
    // ignore: resume from the start of the session instead
  }
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
