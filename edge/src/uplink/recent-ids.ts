/**
 * The ids of the last `capacity` acked events and their seqs, so a late QoS 1 redelivery of one is
 * still recognised as a duplicate. Oldest forgotten first, O(1) per id.
 *
 * Not a Map trimmed with `map.delete(map.keys().next().value)`: V8 leaves a deleted entry as a
 * hole until the table is rehashed, and `keys().next()` walks over every hole at the front, so
 * trimming from the front costs O(holes) per call. Under load that was 13 % of the agent's busy
 * time (profile in bench/README.md). A ring of ids says which one to forget.
 */
export class RecentIds {
  private readonly seqById = new Map<string, number>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  get(id: string): number | undefined {
    return this.seqById.get(id);
  }

  add(id: string, seq: number): void {
    // Already remembered (an id acked twice): keep its place in the ring, take the newer seq.
    if (this.seqById.has(id)) {
      this.seqById.set(id, seq);
      return;
    }
    const forgotten = this.ring[this.next];
    if (forgotten !== undefined) this.seqById.delete(forgotten);
    this.ring[this.next] = id;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    this.seqById.set(id, seq);
  }

  get size(): number {
    return this.seqById.size;
  }
}
