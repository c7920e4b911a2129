/**
 * The cloud died at 13,000 gateways with `Maximum call stack size exceeded` inside aedes' mqemitter:
 * a long queue of messages nobody subscribes to drains by recursion. This drives a real aedes broker's
 * emitter into that state (100 slots held, a long queue behind them) and frees one slot.
 */
import { describe, expect, it } from 'vitest';
import { Aedes } from 'aedes';
import { makeEmitterStackSafe } from '@yardguard/firmware-config/node';

// The unguarded drain overflows at ~2,600 queued messages on Node 20's default stack.
interface Emitter {
  on(topic: string, listener: (message: never, done: () => void) => void): void;
  emit(message: object, done?: () => void): void;
}
const mqOf = (broker: Aedes) => (broker as unknown as { mq: Emitter }).mq;

const QUEUED = 20_000;

async function drainAfterFullSlots(safe: boolean): Promise<{ order: number[]; error: unknown }> {
  const broker = await Aedes.createBroker({ concurrency: 100 });
  if (safe) makeEmitterStackSafe(broker);
  const mq = mqOf(broker);
  const held: (() => void)[] = [];
  mq.on('hold', (_msg: unknown, cb: () => void) => held.push(cb));
  const slots = 100; // aedes' default concurrency
  for (let i = 0; i < slots; i++) mq.emit({ topic: 'hold' });
  const order: number[] = [];
  const done = new Promise<void>((resolve) => {
    for (let i = 0; i < QUEUED; i++) {
      mq.emit({ topic: 'nobody/listens', n: i }, () => {
        order.push(i);
        if (order.length === QUEUED) resolve();
      });
    }
  });
  let error: unknown = null;
  try {
    held.shift()!();
    await Promise.race([done, new Promise((r) => setTimeout(r, 20_000))]);
  } catch (e) {
    error = e;
  }
  // Unguarded, freeing the other slots overflows again: count it as the same failure.
  for (const cb of held) {
    try {
      cb();
    } catch (e) {
      error ??= e;
    }
  }
  await new Promise<void>((r) => broker.close(() => r()));
  return { order, error };
}

describe('aedes emitter queue drain', () => {
  it('overflows the stack without the guard (the failure this guards against is real)', async () => {
    const { error } = await drainAfterFullSlots(false);
    expect(error).toBeInstanceOf(RangeError);
  });

  it('drains every queued message, in order, with the guard', async () => {
    const { order, error } = await drainAfterFullSlots(true);
    expect(error).toBeNull();
    expect(order).toHaveLength(QUEUED);
    expect(order.every((n, i) => n === i)).toBe(true);
  });

  it('keeps messages emitted during a deferred drain behind the queued ones', async () => {
    const broker = await Aedes.createBroker({ concurrency: 1 });
    makeEmitterStackSafe(broker, 5);
    const mq = mqOf(broker);
    let hold: (() => void) | undefined;
    mq.on('hold', (_m: unknown, cb: () => void) => (hold = cb));
    const seen: number[] = [];
    mq.on('t', (m: { n: number }, cb: () => void) => {
      seen.push(m.n);
      cb();
    });
    mq.emit({ topic: 'hold' });
    for (let i = 0; i < 50; i++) mq.emit({ topic: 't', n: i });
    hold!();
    // The drain stopped at depth 5 and continues on the next turn; a new message must wait its turn.
    mq.emit({ topic: 't', n: 50 });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(Array.from({ length: 51 }, (_, i) => i));
    await new Promise<void>((r) => broker.close(() => r()));
  });
});
