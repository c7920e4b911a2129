import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('remembers the last `capacity` ids and forgets the oldest first', () => {
    const ids = new RecentIds(3);
    for (let i = 1; i <= 5; i++) ids.add(`e${i}`, i);
    expect(ids.size).toBe(3);
    expect(ids.get('e1')).toBeUndefined();
    expect(ids.get('e2')).toBeUndefined();
    expect([ids.get('e3'), ids.get('e4'), ids.get('e5')]).toEqual([3, 4, 5]);
  });

  it('an id added again keeps one place and its newer seq', () => {
    const ids = new RecentIds(2);
    ids.add('a', 1);
    ids.add('a', 7);
    ids.add('b', 2);
    expect(ids.size).toBe(2);
    expect(ids.get('a')).toBe(7);
    ids.add('c', 3); // forgets 'a', the oldest
    expect(ids.get('a')).toBeUndefined();
    expect([ids.get('b'), ids.get('c')]).toEqual([2, 3]);
  });

  it('stays bounded over many wraps of the ring', () => {
    const ids = new RecentIds(1000);
    for (let i = 0; i < 50_000; i++) ids.add(`id-${i}`, i);
    expect(ids.size).toBe(1000);
    expect(ids.get('id-48999')).toBeUndefined();
    expect(ids.get('id-49000')).toBe(49_000);
    expect(ids.get('id-49999')).toBe(49_999);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentIds(0)).toThrow(RangeError);
    expect(() => new RecentIds(1.5)).toThrow(RangeError);
  });
});
