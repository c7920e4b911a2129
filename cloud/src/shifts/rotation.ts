/**
 * Roster rotation math, pure. A roster is a chain of equal shifts from an anchor time: shift k
 * starts at anchor + k * shiftHours and belongs to guards[k mod n]. 24 h shifts among 3 guards is
 * the usual "24 on / 48 off"; 12 h shifts anchored at the day shift's start give day / night.
 * Swaps replace the guard of one shift (keyed by its start time).
 */
export interface RosterSpec {
  id: string;
  postId: string;
  shiftHours: number;
  anchorMs: number;
  validUntilMs: number | null;
  guardIds: string[];
}

export interface ShiftSlot {
  rosterId: string;
  postId: string;
  index: number;
  startsAtMs: number;
  endsAtMs: number;
  guardId: string;
  swappedFrom: string | null;
}

const HOUR = 3_600_000;

export const patternShiftHours = (pattern: '24on48off' | 'day_night_12h' | 'custom', custom?: number): number =>
  pattern === '24on48off' ? 24 : pattern === 'day_night_12h' ? 12 : (custom ?? 24);

function slot(r: RosterSpec, index: number, swaps: ReadonlyMap<number, string>): ShiftSlot {
  const len = r.shiftHours * HOUR;
  const startsAtMs = r.anchorMs + index * len;
  const rostered = r.guardIds[index % r.guardIds.length]!;
  const swapped = swaps.get(startsAtMs);
  return {
    rosterId: r.id, postId: r.postId, index, startsAtMs, endsAtMs: startsAtMs + len,
    guardId: swapped ?? rostered, swappedFrom: swapped && swapped !== rostered ? rostered : null,
  };
}

/** The shift in force at `t`, or null before the anchor / after validUntil / with no guards. */
export function shiftAt(r: RosterSpec, t: number, swaps: ReadonlyMap<number, string> = new Map()): ShiftSlot | null {
  if (r.guardIds.length === 0 || t < r.anchorMs) return null;
  const index = Math.floor((t - r.anchorMs) / (r.shiftHours * HOUR));
  const s = slot(r, index, swaps);
  if (r.validUntilMs !== null && s.startsAtMs >= r.validUntilMs) return null;
  return s;
}

/** Every shift that overlaps [fromMs, toMs), in order (capped to keep a bad query cheap). */
export function shiftsBetween(r: RosterSpec, fromMs: number, toMs: number, swaps: ReadonlyMap<number, string> = new Map(), max = 2000): ShiftSlot[] {
  if (r.guardIds.length === 0 || toMs <= fromMs) return [];
  const len = r.shiftHours * HOUR;
  const first = Math.max(0, Math.floor((fromMs - r.anchorMs) / len));
  const out: ShiftSlot[] = [];
  for (let k = first; out.length < max; k++) {
    const s = slot(r, k, swaps);
    if (s.startsAtMs >= toMs) break;
    if (r.validUntilMs !== null && s.startsAtMs >= r.validUntilMs) break;
    if (s.endsAtMs > fromMs) out.push(s);
  }
  return out;
}

/** The shift that starts exactly at `startsAtMs`, if the roster has one. */
export function shiftStartingAt(r: RosterSpec, startsAtMs: number): ShiftSlot | null {
  const len = r.shiftHours * HOUR;
  const offset = startsAtMs - r.anchorMs;
  if (offset < 0 || offset % len !== 0) return null;
  const s = slot(r, offset / len, new Map());
  if (r.validUntilMs !== null && s.startsAtMs >= r.validUntilMs) return null;
  return s;
}
