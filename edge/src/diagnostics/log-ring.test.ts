import { describe, expect, it } from 'vitest';
import { LogRing } from './log-ring.js';

describe('LogRing', () => {
  it('keeps the newest lines within its line cap, oldest first', () => {
    const ring = new LogRing(3, 10_000);
    ring.write('a\nb\n');
    ring.write('c\n');
    ring.write('d\n');
    expect(ring.recent(10)).toEqual({ lines: ['b', 'c', 'd'], truncated: true });
    expect(new LogRing(3, 100).recent(3)).toEqual({ lines: [], truncated: false });
    expect(ring.recent(2)).toEqual({ lines: ['c', 'd'], truncated: true });
  });

  it('keeps within its byte cap, and a reader may ask for fewer bytes', () => {
    const ring = new LogRing(1000, 100);
    for (let i = 0; i < 50; i++) ring.write(`${String(i).padStart(9, '0')}\n`);
    expect(ring.size).toBe(10);
    expect(ring.recent(1000).lines.at(-1)).toBe('000000049');
    const small = ring.recent(1000, 25);
    expect(small).toEqual({ lines: ['000000048', '000000049'], truncated: true });
  });

  it('cuts one huge line instead of letting it push out everything else', () => {
    const ring = new LogRing(500, 64 * 1024);
    ring.write('before\n');
    ring.write(`${'x'.repeat(100_000)}\n`);
    const { lines } = ring.recent(10);
    expect(lines[0]).toBe('before');
    expect(Buffer.byteLength(lines[1]!)).toBeLessThan(9 * 1024);
  });

  it('survives many writes (compaction) and still answers the newest', () => {
    const ring = new LogRing(5, 1_000_000);
    for (let i = 0; i < 5000; i++) ring.write(`l${i}\n`);
    expect(ring.recent(5).lines).toEqual(['l4995', 'l4996', 'l4997', 'l4998', 'l4999']);
  });
});
