import { describe, expect, it } from 'vitest';
import { shiftAt, shiftsBetween, type RosterSpec } from '../../src/shifts/rotation.js';
import { createPost, createRoster, createSwap, onDuty, schedule } from '../../src/shifts/store.js';
import { openTestDb, seed } from './db.js';
// fixed-dates-ok: roster arithmetic on an anchor date; no clock is read.

const H = 3_600_000;
const anchor = Date.parse('2026-03-01T08:00:00.000Z');
const r2448: RosterSpec = { id: 'r', postId: 'p', shiftHours: 24, anchorMs: anchor, validUntilMs: null, guardIds: ['a', 'b', 'c'] };

describe('rotation math', () => {
  it('24 on / 48 off among three guards holds over weeks', () => {
    for (let day = 0; day < 60; day++) {
      const s = shiftAt(r2448, anchor + day * 24 * H + 5 * H)!;
      expect(s.guardId).toBe(['a', 'b', 'c'][day % 3]);
      expect(s.endsAtMs - s.startsAtMs).toBe(24 * H);
    }
    // each guard: exactly one 24 h shift in every 72 h
    const three = shiftsBetween(r2448, anchor + 21 * 24 * H, anchor + 24 * 24 * H);
    expect(three.map((s) => s.guardId).sort()).toEqual(['a', 'b', 'c']);
  });

  it('is empty before the anchor and after validUntil; boundaries belong to the next shift', () => {
    expect(shiftAt(r2448, anchor - 1)).toBeNull();
    expect(shiftAt(r2448, anchor + 24 * H)!.guardId).toBe('b');
    expect(shiftAt(r2448, anchor + 24 * H - 1)!.guardId).toBe('a');
    const bounded = { ...r2448, validUntilMs: anchor + 48 * H };
    expect(shiftAt(bounded, anchor + 47 * H)!.guardId).toBe('b');
    expect(shiftAt(bounded, anchor + 49 * H)).toBeNull();
  });

  it('day / night 12 h with four guards', () => {
    const r: RosterSpec = { ...r2448, shiftHours: 12, guardIds: ['d1', 'n1', 'd2', 'n2'] };
    expect(shiftAt(r, anchor + 2 * H)!.guardId).toBe('d1');
    expect(shiftAt(r, anchor + 14 * H)!.guardId).toBe('n1');
    expect(shiftAt(r, anchor + 26 * H)!.guardId).toBe('d2');
    expect(shiftAt(r, anchor + 8 * 24 * H + 13 * H)!.guardId).toBe('n1');
  });

  it('a swap replaces one shift only', () => {
    const swaps = new Map([[anchor + 24 * H, 'c']]);
    const s = shiftsBetween(r2448, anchor, anchor + 4 * 24 * H, swaps);
    expect(s.map((x) => x.guardId)).toEqual(['a', 'c', 'c', 'a']);
    expect(s[1]!.swappedFrom).toBe('b');
  });
});

describe('shift store', () => {
  it('on duty now, across swaps and two posts', async () => {
    const db = await openTestDb();
    await seed(db);
    const gate = await createPost(db, 'c1', '东门岗', anchor);
    const patrol = await createPost(db, 'c1', '巡逻岗', anchor);
    const roster = await createRoster(db, gate.id, { pattern: '24on48off', anchorAt: new Date(anchor).toISOString(), guardIds: ['g1', 'g2', 'g3'] }, anchor);
    await createRoster(db, patrol.id, { pattern: 'day_night_12h', anchorAt: new Date(anchor).toISOString(), guardIds: ['m1'] }, anchor);
    const at = anchor + 24 * H + 3 * H; // day 2: g2 at the gate
    expect((await onDuty(db, 'c1', at)).map((g) => [g.userId, g.postName])).toEqual([['g2', '东门岗'], ['m1', '巡逻岗']]);
    expect(await onDuty(db, 'c2', at)).toEqual([]);

    // g2 hands the shift to g3; a guard cannot hand over someone else's shift
    await expect(createSwap(db, { rosterId: roster.id, shiftStartsAt: new Date(anchor + 24 * H).toISOString(), toGuardId: 'g1' }, { id: 'g3', isManager: false }, at))
      .rejects.toThrow(/Only the guard/);
    await createSwap(db, { rosterId: roster.id, shiftStartsAt: new Date(anchor + 24 * H).toISOString(), toGuardId: 'g3' }, { id: 'g2', isManager: false }, at);
    expect((await onDuty(db, 'c1', at)).find((g) => g.postName === '东门岗')!.userId).toBe('g3');
    const sched = await schedule(db, gate.id, anchor, anchor + 3 * 24 * H);
    expect(sched.map((s) => s.guardId)).toEqual(['g1', 'g3', 'g3']);
    expect(sched[1]!.swappedFrom).toBe('g2');

    // a shift start that is not on the roster's grid, and a non-guard, are refused
    await expect(createSwap(db, { rosterId: roster.id, shiftStartsAt: new Date(anchor + 5 * H).toISOString(), toGuardId: 'g1' }, { id: 'm1', isManager: true }, at))
      .rejects.toThrow(/shiftStartsAt/);
    await expect(createRoster(db, gate.id, { pattern: 'custom', shiftHours: 8, anchorAt: new Date(anchor).toISOString(), guardIds: ['r1'] }, at))
      .rejects.toThrow(/resident, not a guard/);
    await expect(createRoster(db, gate.id, { pattern: 'custom', shiftHours: 8, anchorAt: new Date(anchor).toISOString(), guardIds: ['x1'] }, at))
      .rejects.toThrow(/not a member/);
  });
});
