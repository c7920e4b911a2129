/**
 * aedes hands every PUBLISH to its mqemitter. With more than `concurrency` (aedes: 100) messages in
 * flight the rest wait in a queue, and when a slot frees the queue is drained by recursion:
 * released -> _do -> fastparallel -> released ... Messages whose listeners finish synchronously (no
 * subscriber, the usual case for a gateway's uplink) never unwind the stack, so a long enough queue
 * throws `RangeError: Maximum call stack size exceeded` and kills the broker (seen in the cloud at
 * 13,000 gateways; upstream mcollina/mqemitter#204 is open). This wrapper bounds the depth: past
 * `maxDepth` nested drains the next message runs on the next turn of the event loop, with its slot
 * held so that newer messages still queue behind it and delivery order is kept.
 */
interface QueueingEmitter {
  current: number;
  _do(message: unknown, callback: unknown): unknown;
}

const wrapped = new WeakSet<object>();

/** `broker`: an aedes instance (its `mq`, which aedes' typings leave out). */
export function makeEmitterStackSafe(broker: object, maxDepth = 200): void {
  const target = (broker as { mq?: QueueingEmitter }).mq;
  if (!target) throw new Error('makeEmitterStackSafe: the broker has no mq (not an aedes instance?)');
  if (wrapped.has(target)) return;
  if (typeof target._do !== 'function' || typeof target.current !== 'number') {
    throw new Error('mqemitter internals changed (no _do/current): re-check makeEmitterStackSafe against the installed version');
  }
  const run = target._do;
  let depth = 0;
  target._do = function stackSafeDo(this: QueueingEmitter, message: unknown, callback: unknown) {
    if (depth >= maxDepth) {
      this.current++;
      setImmediate(() => {
        this.current--;
        run.call(this, message, callback);
      });
      return this;
    }
    depth++;
    try {
      return run.call(this, message, callback);
    } finally {
      depth--;
    }
  };
  wrapped.add(target);
}
