/**
 * The agent's recent log lines, kept in memory for remote diagnostics: the last `maxLines` lines
 * and at most `maxBytes` in all (oldest dropped first). pino writes to it beside stdout (the
 * journal), so diagnostics need no read access to the journal.
 */
import { DIAGNOSTICS_MAX_LOG_BYTES, DIAGNOSTICS_MAX_LOG_LINES } from '@yardguard/firmware-config/wire';

/** One log line is cut to this (a stack trace dump must not push out everything else). */
const MAX_LINE_BYTES = 8 * 1024;

export class LogRing {
  private lines: string[] = [];
  private head = 0;
  private bytes = 0;
  /** Lines pushed out since the start (older lines exist that are no longer here). */
  private dropped = 0;

  constructor(
    readonly maxLines: number = DIAGNOSTICS_MAX_LOG_LINES,
    readonly maxBytes: number = DIAGNOSTICS_MAX_LOG_BYTES,
  ) {}

  /** pino's stream interface: one or more newline-terminated lines per call. */
  write(chunk: string): void {
    for (const raw of String(chunk).split('\n')) if (raw) this.push(raw);
  }

  private push(raw: string): void {
    const line = Buffer.byteLength(raw) > MAX_LINE_BYTES ? `${Buffer.from(raw).subarray(0, MAX_LINE_BYTES).toString('utf8')}…` : raw;
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    while (this.lines.length - this.head > this.maxLines || (this.bytes > this.maxBytes && this.lines.length - this.head > 1)) {
      this.bytes -= Buffer.byteLength(this.lines[this.head]!) + 1;
      this.head++;
      this.dropped++;
    }
    // Compact now and then instead of shifting on every line.
    if (this.head > 1024) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  /** The newest `n` lines (oldest first), within `maxBytes`; `truncated` when older lines were left out or already dropped. */
  recent(n: number, maxBytes: number = this.maxBytes): { lines: string[]; truncated: boolean } {
    const out: string[] = [];
    let bytes = 0;
    for (let i = this.lines.length - 1; i >= this.head && out.length < n; i--) {
      const l = this.lines[i]!;
      bytes += Buffer.byteLength(l) + 1;
      if (bytes > maxBytes) break;
      out.push(l);
    }
    return { lines: out.reverse(), truncated: this.dropped > 0 || out.length < this.lines.length - this.head };
  }

  get size(): number {
    return this.lines.length - this.head;
  }
}
