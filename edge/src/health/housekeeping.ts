/**
 * The agent's timers: the periodic gateway.health report (and one at once when the disk fills
 * or has room again), the status snapshot `yardguard-edge status` reads, device heartbeat
 * timeouts, and `dead-letters --resend` requests left in meta by the CLI.
 */
import type { Logger } from '../log.js';
import { Meta, type Db } from '../state/db.js';
import type { Outbox } from '../uplink/outbox.js';
import type { Presence } from './presence.js';
import { RESEND_REQUEST_KEY } from '../cli/dead-letters.js';

export interface HousekeepingOptions {
  db: Db;
  log: Logger;
  outbox: Outbox;
  presence: () => Presence;
  /** Record the health report (an outbox event). */
  report: () => Promise<void>;
  /** What `status` shows about the running agent. */
  snapshot: () => Record<string, unknown>;
  /** Re-sent dead letters sit below the forwarder's cursors. */
  onDeadLettersResent: () => void;
  healthMs: number;
  presenceCheckMs: number;
  checkMs: number;
}

export class Housekeeping {
  private readonly meta: Meta;
  private readonly timers: NodeJS.Timeout[] = [];
  private diskWasFull = false;

  constructor(private readonly opts: HousekeepingOptions) {
    this.meta = new Meta(opts.db);
  }

  start(): void {
    const o = this.opts;
    this.timers.push(setInterval(() => void this.healthTick(), o.healthMs));
    this.timers.push(setInterval(() => o.presence().check(), o.presenceCheckMs));
    this.timers.push(setInterval(() => this.resendDeadLettersIfAsked(), o.checkMs));
    this.timers.push(setInterval(() => this.checkDisk(), o.checkMs));
    for (const t of this.timers) t.unref();
    this.resendDeadLettersIfAsked();
    this.writeSnapshot();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }

  writeSnapshot(extra: Record<string, unknown> = {}): void {
    try {
      this.meta.set('agent_status', JSON.stringify({ pid: process.pid, at: Date.now(), ...this.opts.snapshot(), ...extra }));
    } catch (err) {
      // For `status` only: a full disk must not stop the agent.
      this.opts.log.warn({ err }, 'status snapshot not written');
    }
  }

  async healthTick(): Promise<void> {
    try {
      this.opts.presence().persistLastSeen();
      this.writeSnapshot();
      await this.opts.report();
    } catch (err) {
      this.opts.log.error({ err }, 'health report failed');
    }
  }

  /** The cloud hears at once when the disk fills or has room again (health carries diskFull). */
  private checkDisk(): void {
    const full = this.opts.outbox.checkDiskFull();
    if (full === this.diskWasFull) return;
    this.diskWasFull = full;
    void this.healthTick();
  }

  /**
   * Queue every dead letter again: the one way, for `yardguard-edge dead-letters --resend` (a
   * request left in meta) and the signed gateway.resend_dead_letters command. A health report
   * follows at once, so the cloud's view of the dead letters is current. Throws on a storage fault.
   */
  resendDeadLetters(by: 'cli' | 'command'): { resent: number; remaining: number } {
    const resent = this.opts.outbox.resendDeadLetters();
    // Any pending CLI request is answered by this run too.
    this.meta.delete(RESEND_REQUEST_KEY);
    const remaining = this.opts.outbox.stats().deadLetters;
    this.opts.log.info({ resent, remaining, by }, 'dead letters queued again on request');
    this.opts.onDeadLettersResent();
    void this.healthTick();
    return { resent, remaining };
  }

  /** `yardguard-edge dead-letters --resend` leaves a request in meta; queue them again here. */
  private resendDeadLettersIfAsked(): void {
    try {
      if (this.meta.get(RESEND_REQUEST_KEY) === undefined) return;
      this.resendDeadLetters('cli');
    } catch (err) {
      this.opts.log.error({ err }, 'could not re-send dead letters');
    }
  }
}
