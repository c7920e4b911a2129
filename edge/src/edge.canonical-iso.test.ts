import { describe, expect, it } from 'vitest';
import { canonicalIso } from './edge.js';
// fixed-dates-ok: formatting of sample timestamps; no clock is read.

describe('canonicalIso', () => {
  it('gives what new Date(s).toISOString() gives, for canonical and other ISO forms', () => {
    for (const s of ['2026-11-24T08:00:00.000Z', '2024-02-29T23:59:59.999Z', '2026-11-24T16:00:00+08:00', '2026-11-24T08:00:00Z', '2026-11-24T08:00:00.5Z', '2026-11-24T08:00:00.123456Z']) {
      expect(canonicalIso(s), s).toBe(new Date(s).toISOString());
    }
  });
});
