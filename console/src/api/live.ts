/**
 * The live stream: one WebSocket to /api/live, reconnected with backoff, resumed with `?since=`
 * (the last cursor seen) so nothing raised while offline is missed. States:
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
}

type Listener = (m: LiveMessage) => void;
type StateListener = (s: LiveState) => void;

/** The cloud replays everything after `since`, then sends `hello` carrying the latest stream id. */
const CAUGHT_UP = 'hello';

export class LiveStream {
  private ws: WebSocket | null = null;
  private cursor: string | null;
  private listeners = new Set<Listener>();
  private stateListeners = new Set<StateListener>();
  private backoff = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  state: LiveState = 'connecting';

  constructor(private readonly opts: LiveStreamOptions) {
    this.cursor = opts.initialCursor ?? null;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
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
    ws.onopen = () => {
      this.backoff = 500;
      this.setState('catching_up');
      this.armQuiet();
    };
    ws.onmessage = (ev: MessageEvent) => this.handle(ev.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.scheduleReconnect();
    };
    ws.onerror = () => ws.close();
  }

  private armQuiet() {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => {
      if (this.state === 'catching_up') this.setState('online');
    }, this.opts.quietMs ?? 800);
  }

  private handle(raw: unknown) {
    let m: LiveMessage;
    try {
      const parsed: unknown = JSON.parse(typeof raw === 'string' ? raw : String(raw));
      if (!parsed || typeof parsed !== 'object') return;
      m = parsed as LiveMessage;
    } catch {
      return; // A malformed frame is skipped; the next one still counts.
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
