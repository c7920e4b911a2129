/** A short beep through WebAudio for high-priority alerts. Browsers only allow audio after a user gesture, so the context is created on the first click. */
let ctx: AudioContext | null = null;

export function unlockAudio() {
  if (ctx || typeof window === 'undefined') return;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return;
  try {
    ctx = new Ctor();
  } catch {
    ctx = null;
  }
}

/** Two tones for critical, one for high. Silently does nothing where audio is unavailable. */
export function beep(severity: 'critical' | 'high') {
  if (!ctx) return;
  const tones = severity === 'critical' ? [880, 660] : [880];
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
