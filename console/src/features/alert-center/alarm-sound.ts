/**
 * The alarm tone. Browsers start an AudioContext "suspended" until the page gets a user gesture,
 * and after a reload the guard has not touched the page yet: so the state is reported as it is
 * (`blocked`) and the layer offers one tap to enable it, instead of claiming the sound is on.
 */
export type AudioState = 'unsupported' | 'blocked' | 'ready';

type Ctor = typeof AudioContext;

export class AlarmSound {
  private ctx: AudioContext | null = null;
  private listeners = new Set<() => void>();
  state: AudioState = 'unsupported';

  constructor(private readonly Impl: Ctor | undefined = defaultCtor()) {
    if (!Impl) return;
    try {
      this.ctx = new Impl();
      this.ctx.onstatechange = () => this.refresh();
    } catch {
      this.ctx = null;
    }
    this.refresh();
  }

  readonly subscribe = (cb: () => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };
  readonly getState = () => this.state;

  /** Call from a user gesture (tap, key): resumes the context the browser suspended. */
  unlock(): Promise<void> {
    if (!this.ctx || this.ctx.state === 'running') return Promise.resolve();
    return this.ctx.resume().then(
      () => this.refresh(),
      () => this.refresh(),
    );
  }

  /** Two falling tones for critical, one for high. Nothing when the browser blocks audio. */
  ring(severity: string) {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return;
    const tones = severity === 'critical' ? [880, 660, 880, 660] : [880, 660];
    let at = ctx.currentTime;
    for (const freq of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.26);
      at += 0.3;
    }
  }

  dispose() {
    this.listeners.clear();
    void this.ctx?.close().catch(() => {});
  }

  private refresh() {
    const next: AudioState = !this.ctx ? 'unsupported' : this.ctx.state === 'running' ? 'ready' : 'blocked';
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}

function defaultCtor(): Ctor | undefined {
  if (typeof window === 'undefined') return undefined;
  return window.AudioContext ?? (window as unknown as { webkitAudioContext?: Ctor }).webkitAudioContext;
}
