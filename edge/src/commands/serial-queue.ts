/**
 * Runs tasks one at a time, in arrival order: config pushes and commands never interleave (a
 * gate.open cannot run against adapters a config push is halfway through replacing). A failing
 * task does not stop the queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Tasks queued or running. */
  get length(): number {
    return this.waiting;
  }
}
