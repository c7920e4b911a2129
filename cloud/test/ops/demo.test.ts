import { describe, expect, it } from 'vitest';
import { seedOpsDemo } from '../../src/shifts/demo.js';
import { onDuty } from '../../src/shifts/store.js';
import { openTestDb, seed } from './db.js';
// fixed-dates-ok: the seed and the duty query get `now` injected.

describe('ops demo seed', () => {
  it('puts the compound guards on a 24 h rotation, once', async () => {
    const db = await openTestDb();
    await seed(db);
    const now = Date.parse('2026-03-02T10:00:00.000Z');
    await seedOpsDemo(db, ['c1', 'c2'], now);
    await seedOpsDemo(db, ['c1', 'c2'], now);
    expect(await db.selectFrom('posts').select('id').execute()).toHaveLength(2);
    expect((await onDuty(db, 'c1', now)).map((g) => g.userId)).toEqual(['g2']); // day 2 of the month: second guard
    expect((await onDuty(db, 'c2', now)).map((g) => g.userId)).toEqual(['x1']);
  });
});

describe('seedDemo', () => {
  it('puts each demo compound guard on duty, so demo alerts go to a guard first', async () => {
    const { seedDemo } = await import('../../src/seed-demo.js');
    const db = await openTestDb();
    const demo = await seedDemo(db, { history: false });
    const guard1 = await db.selectFrom('users').select('id').where('username', '=', 'guard1').executeTakeFirstOrThrow();
    expect((await onDuty(db, demo.compounds.small, Date.now())).map((g) => g.userId)).toEqual([guard1.id]);
  });
});
