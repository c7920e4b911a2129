/**
 * Seen command nonces, kept durably until the command's expiry (judged in cloud time): a signed
 * command captured off the wire and replayed later is refused, even after an agent restart.
 * The nonce is claimed before the command runs, so a crash mid-command cannot allow a second run.
 */
import type { Db } from '../state/db.js';
import { storageFaults, type StorageFaults } from '../state/storage-faults.js';

/** Kept a while past expiry, so a small clock correction cannot reopen the window. */
const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;

export class NonceStore {
  private readonly claimStmt;
  private readonly purgeStmt;
  private claims = 0;
  private readonly faults: StorageFaults;
  /** Nonces claimed while the disk refused the write: replays are still refused until a restart. */
  private readonly unsaved = new Map<string, number>();

  constructor(db: Db, private readonly cloudNowMs: () => number) {
    this.faults = storageFaults(db);
    this.claimStmt = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO nonces (nonce, command_id, expires_at) VALUES (?, ?, ?)');
    this.purgeStmt = db.prepare<[number]>('DELETE FROM nonces WHERE expires_at < ?');
  }

  /** True the first time a nonce is seen; false for a replay. */
  claim(nonce: string, commandId: string, expiresAtMs: number): boolean {
    if (++this.claims % 100 === 0) this.purge();
    if (this.unsaved.has(nonce)) return false;
    const stored = this.faults.guard('nonces', () => this.claimStmt.run(nonce, commandId, expiresAtMs).changes, -1);
    if (stored !== -1) return stored === 1;
    // A full disk must not stop an alarm-time command (open the gate): remember it in memory.
    this.unsaved.set(nonce, expiresAtMs);
    return true;
  }

  purge(): number {
    const before = this.cloudNowMs() - KEEP_AFTER_EXPIRY_MS;
    for (const [nonce, exp] of this.unsaved) if (exp < before) this.unsaved.delete(nonce);
    return this.faults.guard('nonces', () => this.purgeStmt.run(before).changes, 0);
  }
}
