/**
 * Command results on their way to the cloud, kept in SQLite until the cloud's broker has them
 * (PUBACK): a result produced while the cloud link is down (the gate did open) is delivered when
 * the link returns, also after an agent restart, oldest first.
 */
import type { CommandResult } from '@yardguard/firmware-config/wire';
import type { Db } from '../state/db.js';
import type { Logger } from '../log.js';
import { storageFaults } from '../state/storage-faults.js';

export interface ResultQueueOptions {
  db: Db;
  log: Logger;
  /** Publish to the cloud (QoS 1); false when the link is down. */
  publish: (r: CommandResult) => Promise<boolean>;
  wallMs: () => number;
}

export class ResultQueue {
  private readonly st;
  private draining: Promise<void> | undefined;

  constructor(private readonly opts: ResultQueueOptions) {
    const db = opts.db;
    this.st = {
      insert: db.prepare<[string, string, number]>('INSERT OR REPLACE INTO command_results (command_id, json, at) VALUES (?, ?, ?)'),
      oldest: db.prepare<[], { command_id: string; json: string }>('SELECT command_id, json FROM command_results ORDER BY rowid LIMIT 50'),
      delete: db.prepare<[string]>('DELETE FROM command_results WHERE command_id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM command_results'),
    };
  }

  /** Store the result, then try to send everything queued. Never throws. */
  async deliver(result: CommandResult): Promise<void> {
    try {
      this.st.insert.run(result.commandId, JSON.stringify(result), this.opts.wallMs());
    } catch (err) {
      // A full disk: still try to send this one directly.
      storageFaults(this.opts.db).report('results', err as Error);
      this.opts.log.error({ err, commandId: result.commandId }, 'command result not queued; sending it directly');
      await this.opts.publish(result).catch(() => false);
      return;
    }
    await this.drain();
  }

  /** Send queued results while the link is up (called again when the link comes back). */
  drain(): Promise<void> {
    this.draining ??= this.drainNow().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drainNow(): Promise<void> {
    for (;;) {
      const rows = this.st.oldest.all();
      if (rows.length === 0) return;
      for (const row of rows) {
        const sent = await this.opts.publish(JSON.parse(row.json) as CommandResult).catch((err: unknown) => {
          this.opts.log.warn({ err, commandId: row.command_id }, 'command result not published; kept for the next try');
          return false;
        });
        if (!sent) {
          this.opts.log.info({ queued: this.pending }, 'cloud link down: command results kept until it returns');
          return;
        }
        // Delivered but not deleted (full disk): stop here rather than resend it in a hot loop;
        // the next drain (link up again) sends it once more and the cloud ignores the repeat.
        if (!storageFaults(this.opts.db).guard('results', () => (this.st.delete.run(row.command_id), true), false)) return;
      }
    }
  }

  get pending(): number {
    return this.st.count.get()!.n;
  }
}
