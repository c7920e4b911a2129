import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.js';

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, and a failure does not stop the rest', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setImmediate(r));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const all = Promise.allSettled([q.run(task('push')), q.run(task('open', true)), q.run(task('lock'))]);
    expect(q.length).toBe(3);
    const r = await all;
    expect(log).toEqual(['start push', 'end push', 'start open', 'end open', 'start lock', 'end lock']);
    expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(q.length).toBe(0);
  });
});
