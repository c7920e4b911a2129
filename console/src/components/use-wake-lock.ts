/**
 * Keeps the screen on while a page is open (the guard's desk on a post's phone or tablet). The
 * browser releases the lock when the tab is hidden, so it is taken again when the tab comes back.
 */
import { useEffect, useState } from 'react';

export type WakeLockState = 'unsupported' | 'on' | 'off';

interface WakeLockSentinelLike {
  released: boolean;
  release(): Promise<void>;
  addEventListener(type: 'release', cb: () => void): void;
}

export function useWakeLock(enabled: boolean): WakeLockState {
  const supported = typeof navigator !== 'undefined' && 'wakeLock' in navigator;
  const [state, setState] = useState<WakeLockState>(supported ? 'off' : 'unsupported');
  useEffect(() => {
    if (!supported || !enabled) return;
    const wl = (navigator as unknown as { wakeLock: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
    let sentinel: WakeLockSentinelLike | null = null;
    let alive = true;
    const acquire = () => {
      if (document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
      wl.request('screen').then(
        (s) => {
          if (!alive) return void s.release();
          sentinel = s;
          setState('on');
          s.addEventListener('release', () => alive && setState('off'));
        },
        () => alive && setState('off'),
      );
    };
    acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      alive = false;
      document.removeEventListener('visibilitychange', acquire);
      void sentinel?.release().catch(() => {});
    };
  }, [enabled, supported]);
  return state;
}
