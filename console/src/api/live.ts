/**
 * The live stream: one WebSocket to /api/live, reconnected with backoff, resumed with `?since=`
 * (the last cursor seen) so nothing raised while offline is missed. Phones drop sockets silently
 * (radio off, NAT timeouts), so the stream also:
 *  - sends a heartbeat (`{"type":"ping"}`) and, once the server has answered one with `pong`,
 *    treats a connection that hears nothing for `deadAfterMs` as dead and reconnects;
 *  - reconnects at once (backoff reset) when the network comes back or the tab becomes visible;
 *  - asks `onRefused` when a connection closes before it ever opened: the cloud refuses the
 *    upgrade of an expired session (401), which a browser only sees as a close, so the app checks
 *    its session over HTTP and goes to the login page instead of showing "offline" forever.
 * States:
 *  - connecting: first attempt in progress
 *  - catching_up: connected and replaying what happened since the cursor
 *  - online: replay done (the server says so, or the backlog went quiet)
 *  - offline: socket closed; a reconnect is scheduled
 */
export type LiveState = 'connecting' | 'catching_up' | 'online' | 'offline';

import type { LiveMessageBody } from './types.js';

/** The cloud's liveMessage (firmware-config ops.ts); `type` may grow, so it is read as a string. */
export type LiveMessage = Omit<LiveMessageBody, 'type'> & { type: string };

export interface LiveStreamOptions {
  /** ws:// or wss:// URL of /api/live without the query. */
  url: string;
  getToken(): string | null;
  /** Resume point persisted across page loads (e.g. localStorage). */
  initialCursor?: string | null;
  onCursor?(cursor: string): void;
  WebSocketImpl?: typeof WebSocket;
  /** Quiet time after which a replay is considered done when the server sends no marker. */
  quietMs?: number;
  maxBackoffMs?: number;
  /** Heartbeat period (default 20 s). */
  pingMs?: number;
  /** A connection whose server answers pings but has been silent this long is dead (default 2.5 × pingMs). */
  deadAfterMs?: number;
  /** A connection closed before it opened (refused upgrade): the app checks whether the session expired. */
  onRefused?(): void;
  /** Where `online` and `visibilitychange` come from (default: the page's window and document). */
  env?: { window?: Pick<Window, 'addEventListener' | 'removeEventListener'>; document?: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'> };
}

type Listener = (m: LiveMessage) => void;
type StateListener = (s: LiveState) => void;

/** The cloud replays everything after `since`, then sends `hello` carrying the latest stream id. */
const CAUGHT_UP = 'hello';
/** Heartbeat: the client's ping and the server's answer (not stream messages: no id). */
const PING = JSON.stringify({ type: 'ping' });
const PONG = 'pong';

export class LiveStream {
  private ws: WebSocket | null = null;
  private cursor: string | null;
  private listeners = new Set<Listener>();
  private stateListeners = new Set<StateListener>();
  private backoff = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private serverPongs = false;
  private stopped = true;
  private readonly wake = () => this.reconnectNow();
  private readonly onVisible = () => {
    const doc = this.opts.env?.document ?? (typeof document !== 'undefined' ? document : undefined);
    if (doc?.visibilityState === 'visible') this.reconnectNow();
  };
  state: LiveState = 'connecting';

  constructor(private readonly opts: LiveStreamOptions) {
    this.cursor = opts.initialCursor ?? null;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    const win = this.opts.env?.window ?? (typeof window !== 'undefined' ? window : undefined);
    const doc = this.opts.env?.document ?? (typeof document !== 'undefined' ? document : undefined);
    win?.addEventListener('online', this.wake);
    doc?.addEventListener('visibilitychange', this.onVisible);
    this.connect();
  }

  stop() {
    this.stopped = true;
    const win = this.opts.env?.window ?? (typeof window !== 'undefined' ? window : undefined);
    const doc = this.opts.env?.document ?? (typeof document !== 'undefined' ? document : undefined);
    win?.removeEventListener('online', this.wake);
    doc?.removeEventListener('visibilitychange', this.onVisible);
    if (this.timer) clearTimeout(this.timer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.stopHeartbeat();
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onState(l: StateListener): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  get lastCursor() {
    return this.cursor;
  }

  private setState(s: LiveState) {
    if (s === this.state) return;
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private connect() {
    const params = new URLSearchParams();
    if (this.cursor) params.set('since', this.cursor);
    const token = this.opts.getToken();
    // Browsers cannot set headers on a WebSocket: the cloud reads the session from access_token.
    if (token) params.set('access_token', token);
    const q = params.toString();
    const Impl = this.opts.WebSocketImpl ?? WebSocket;
    let ws: WebSocket;
    try {
      ws = new Impl(q ? `${this.opts.url}?${q}` : this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.backoff = 500;
      this.setState('catching_up');
      this.armQuiet();
      this.startHeartbeat(ws);
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (this.ws === ws) this.handle(ev.data);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.stopHeartbeat();
      this.scheduleReconnect();
      if (!opened) this.opts.onRefused?.();
    };
    ws.onerror = () => ws.close();
  }

  /** Drop the current socket (if any) and connect again now, with the backoff reset. */
  reconnectNow() {
    if (this.stopped) return;
    if (this.ws && this.state !== 'offline' && this.lastHeard && Date.now() - this.lastHeard < (this.opts.pingMs ?? 20_000)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.backoff = 500;
    const old = this.ws;
    this.ws = null;
    this.stopHeartbeat();
    old?.close();
    this.connect();
  }

  private startHeartbeat(ws: WebSocket) {
    this.stopHeartbeat();
    this.lastHeard = Date.now();
    this.serverPongs = false;
    const period = this.opts.pingMs ?? 20_000;
    const deadAfter = this.opts.deadAfterMs ?? period * 2.5;
    this.pingTimer = setInterval(() => {
      if (this.ws !== ws) return;
      // Only a server known to answer pings can be judged silent: an old server never says pong.
      if (this.serverPongs && Date.now() - this.lastHeard > deadAfter) {
        this.ws = null;
        this.stopHeartbeat();
        ws.close();
        this.scheduleReconnect();
        return;
      }
      try {
        ws.send(PING);
      } catch {
        // closing: onclose reconnects
      }
    }, period);
  }

  private stopHeartbeat() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private armQuiet() {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      if (this.state === 'catching_up') this.setState('online');
    }, this.opts.quietMs ?? 800);
  }

  private handle(raw: unknown) {
    this.lastHeard = Date.now();
    let m: LiveMessage;
    try {
      const parsed: unknown = JSON.parse(typeof raw === 'string' ? raw : String(raw));
      if (!parsed || typeof parsed !== 'object') return;
      m = parsed as LiveMessage;
    } catch {
      return; // A malformed frame is skipped; the next one still counts.
    }
    if (m.type === PONG) {
      this.serverPongs = true;
      return;
    }
    if (typeof m.id === 'number') {
      this.cursor = String(m.id);
      this.opts.onCursor?.(this.cursor);
    }
    if (m.type === CAUGHT_UP) {
      this.setState('online');
    } else if (this.state === 'catching_up') {
      this.armQuiet();
    }
    for (const l of this.listeners) {
      try {
        l(m);
      } catch (e) {
        console.error('live listener failed', e);
      }
    }
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    this.setState('offline');
    if (this.quietTimer) clearTimeout(this.quietTimer);
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 10_000);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}

/** ws:// URL of the live endpoint for the page's origin. */
export function liveUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/live`;
}
