/**
 * Seen command nonces, kept durably until the command's expiry (judged in cloud time): a signed
 * command captured off the wire and replayed later is refused, even after an agent restart.
 * The nonce is claimed before the command runs, so a crash mid-command cannot allow a second run.
 */
import type { Db } from '../state/db.js';

/** Kept a while past expiry, so a small clock correction cannot reopen the window. */
const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;

export class NonceStore {
  private readonly claimStmt;
  private readonly purgeStmt;
  private claims = 0;

  constructor(db: Db, private readonly cloudNowMs: () => number) {
    this.claimStmt = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO nonces (nonce, command_id, expires_at) VALUES (?, ?, ?)');
    this.purgeStmt = db.prepare<[number]>('DELETE FROM nonces WHERE expires_at < ?');
  }

  /** True the first time a nonce is seen; false for a replay. */
  claim(nonce: string, commandId: string, expiresAtMs: number): boolean {
    if (++this.claims % 100 === 0) this.purge();
    return this.claimStmt.run(nonce, commandId, expiresAtMs).changes === 1;
  }

  purge(): number {
    return this.purgeStmt.run(this.cloudNowMs() - KEEP_AFTER_EXPIRY_MS).changes;
  }
}
