/**
 * The alert center: mounted once for staff, whatever page is open. It keeps the open alerts
 * (loaded once, then from the live stream), rings until critical/high alerts are acknowledged,
 * vibrates, raises a system notification when the page is in the background, and puts the number
 * of unacknowledged alerts in the tab title. Pages read the same alerts through `useAlerts()`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { must, useTypedApi, type TypedApi } from '../../api/typed.js';
import { useLiveMessages, useLiveState } from '../../api/use-live.js';
import type { Alert, AlertList } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { setTitleCount } from '../../document-title.js';
import { alertFromLive, ringingSeverities, type AlertMap } from '../alerts/alert-store.js';
import { AlertBook, type BookStatus } from './alert-book.js';
import { AlarmSound, type AudioState } from './alarm-sound.js';
import { askDismissed, dismissAsk, notifyPermission, requestNotifyPermission, showAlertNotification, vibrateFor, type NotifyPermission } from './system-notify.js';

const SOUND_KEY = 'yg.sound';
/** The desk keeps up to this many alerts; the API pages 500 at a time. */
const MAX_ALERTS = 5000;
const PAGE = 500;
/** How often an unacknowledged critical/high alert rings again. */
export const RING_EVERY_MS = 4000;

/** Page backwards through /api/alerts (`before` = the previous page's nextBefore). */
export async function loadAlerts(api: TypedApi, status: string, max = MAX_ALERTS): Promise<Alert[]> {
  const out: Alert[] = [];
  let before: string | null = null;
  do {
    const page: AlertList = await must(api.GET('/api/alerts', { params: { query: { status, limit: PAGE, before: before ?? undefined } } }));
    out.push(...page.alerts);
    before = page.alerts.length === PAGE ? page.nextBefore : null;
  } while (before && out.length < max);
  return out;
}

export interface AlertCenterValue {
  book: AlertBook;
  alarm: AlarmSound;
  sound: boolean;
  setSound(on: boolean): void;
  notify: NotifyPermission;
  /** The "allow notifications?" offer is shown (permission not asked yet and not dismissed). */
  offerNotify: boolean;
  askNotify(): void;
  declineNotify(): void;
  reload(): void;
}

const Ctx = createContext<AlertCenterValue | null>(null);

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function AlertCenterProvider({ children, audio }: { children: ReactNode; audio?: AlarmSound }) {
  const api = useTypedApi();
  const { t, tx } = useI18n();
  const [book] = useState(() => new AlertBook());
  const [alarm] = useState(() => audio ?? new AlarmSound());
  const [sound, setSoundState] = useState(readSound);
  const [notify, setNotify] = useState<NotifyPermission>(notifyPermission);
  const [declined, setDeclined] = useState(askDismissed);
  const [tick, setTick] = useState(0);

  useEffect(() => () => book.dispose(), [book]);
  useEffect(() => {
    let alive = true;
    book.setStatus({ loading: true, error: null });
    loadAlerts(api, 'new,acknowledged').then(
      (list) => {
        if (!alive) return;
        book.merge(list);
        book.setStatus({ loading: false, error: null });
      },
      (e: unknown) => alive && book.setStatus({ loading: false, error: e }),
    );
    return () => {
      alive = false;
    };
  }, [api, book, tick]);

  // Loaded while the network was down: load again once the live stream is back.
  const liveState = useLiveState();
  useEffect(() => {
    if (liveState === 'online' && book.getStatus().error) setTick((n) => n + 1);
  }, [liveState, book]);

  // Any tap or key on the page is the gesture a browser needs to let the alarm sound.
  useEffect(() => {
    const unlock = () => void alarm.unlock();
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
    return () => {
      document.removeEventListener('pointerdown', unlock, true);
      document.removeEventListener('keydown', unlock, true);
    };
  }, [alarm]);

  useLiveMessages((m) => {
    const got = alertFromLive(m);
    if (!got) return;
    const { alert, isNew } = got;
    const fresh = isNew && !book.has(alert.id);
    book.mergeSoon(alert);
    if (!fresh || !ringingSeverities.has(alert.severity) || alert.status !== 'new') return;
    if (sound) alarm.ring(alert.severity);
    vibrateFor(alert.severity);
    if (typeof document !== 'undefined' && document.visibilityState !== 'visible') {
      void showAlertNotification(alert, `${tx('severity', alert.severity)} · ${alert.title || tx('alertKind', alert.kind)}`, t('alertLayer.notifyBody'));
    }
  });

  // Ring again and again while a critical/high alert waits for someone to acknowledge it.
  useEffect(() => {
    if (!sound) return;
    const id = setInterval(() => {
      const worst = mostUrgentNew(book.getAlerts());
      if (!worst) return;
      alarm.ring(worst.severity);
      vibrateFor(worst.severity);
    }, RING_EVERY_MS);
    return () => clearInterval(id);
  }, [sound, alarm, book]);

  const setSound = useCallback((on: boolean) => {
    void alarm.unlock();
    setSoundState(on);
    try {
      localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch {
      // not persisted in private mode
    }
  }, [alarm]);

  const askNotify = useCallback(() => {
    void requestNotifyPermission().then((p) => {
      setNotify(p);
      // Asked once: whatever the answer, the offer does not come back.
      dismissAsk();
      setDeclined(true);
    });
  }, []);
  const declineNotify = useCallback(() => {
    dismissAsk();
    setDeclined(true);
  }, []);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  const value = useMemo<AlertCenterValue>(
    () => ({ book, alarm, sound, setSound, notify, offerNotify: notify === 'default' && !declined, askNotify, declineNotify, reload }),
    [book, alarm, sound, setSound, notify, declined, askNotify, declineNotify, reload],
  );
  return (
    <Ctx.Provider value={value}>
      <TabTitle />
      {children}
    </Ctx.Provider>
  );
}

/** The critical (else high) alert nobody has acknowledged yet, if any. */
export function mostUrgentNew(alerts: AlertMap): Alert | null {
  let worst: Alert | null = null;
  for (const a of alerts.values()) {
    if (a.status !== 'new' || !ringingSeverities.has(a.severity)) continue;
    if (!worst || (a.severity === 'critical' && worst.severity !== 'critical')) worst = a;
  }
  return worst;
}

export function useAlertCenter(): AlertCenterValue | null {
  return useContext(Ctx);
}

const emptyMap: AlertMap = new Map();
const idle: BookStatus = { loading: false, error: null };
const noop = () => () => {};

export function useAlerts(): AlertMap {
  const c = useContext(Ctx);
  return useSyncExternalStore(c ? c.book.subscribe : noop, c ? c.book.getAlerts : () => emptyMap);
}

export function useAlertBookStatus(): BookStatus {
  const c = useContext(Ctx);
  return useSyncExternalStore(c ? c.book.subscribe : noop, c ? c.book.getStatus : () => idle);
}

export function useAudioState(): AudioState {
  const c = useContext(Ctx);
  return useSyncExternalStore(c ? c.alarm.subscribe : noop, c ? c.alarm.getState : () => 'unsupported');
}

/** Counts for the layer and the title: unacknowledged (`new`) and all unresolved. */
export function countOpen(alerts: AlertMap): { unacked: number; unresolved: number; latest: Alert | null } {
  let unacked = 0;
  let unresolved = 0;
  let latest: Alert | null = null;
  for (const a of alerts.values()) {
    if (a.status === 'resolved') continue;
    unresolved++;
    if (a.status !== 'new') continue;
    unacked++;
    if (!latest || a.createdAt > latest.createdAt) latest = a;
  }
  return { unacked, unresolved, latest };
}

/** `(3) 院安 · 楼院安防`: the tab says how many alerts wait for an acknowledgement. */
function TabTitle() {
  const { unacked } = countOpen(useAlerts());
  useEffect(() => {
    setTitleCount(unacked);
    return () => setTitleCount(0);
  }, [unacked]);
  return null;
}
