/**
 * `yardguard-edge dead-letters`: the events the cloud explicitly rejected (only those are
 * dead-lettered; a slow or unreachable cloud never is). `--resend` asks the running agent to
 * queue them again: the request is a row in the state database's meta table, which the agent
 * checks every few seconds (and at start), so the agent's in-memory outbox counters stay right.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStateDb, Meta } from '../state/db.js';

export const RESEND_REQUEST_KEY = 'dead_letters_resend_requested_at';

export interface DeadLetterRow {
  seq: number;
  id: string;
  type: string;
  error: string;
  at: string;
}

function dbFile(dataDir: string): string {
  const file = join(dataDir, 'edge.db');
  if (!existsSync(file)) throw new Error(`no agent state in ${dataDir} (edge.db missing): is --data-dir right? Has the agent run here?`);
  return file;
}

export function listDeadLetters(dataDir: string, limit = 1000): { total: number; rows: DeadLetterRow[]; resendPending: boolean } {
  const db = openStateDb(dbFile(dataDir), { readonly: true });
  try {
    const total = db.prepare<[], { n: number }>('SELECT count(*) n FROM dead_letter').get()!.n;
    const rows = db
      .prepare<[number], { seq: number; id: string; type: string; error: string; at: number }>('SELECT seq, id, type, error, at FROM dead_letter ORDER BY seq LIMIT ?')
      .all(limit)
      .map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
    return { total, rows, resendPending: new Meta(db).get(RESEND_REQUEST_KEY) !== undefined };
  } finally {
    db.close();
  }
}

/** Ask the agent to queue every dead letter again; returns how many there are now. */
export function requestResend(dataDir: string, nowMs = Date.now()): number {
  const db = openStateDb(dbFile(dataDir));
  try {
    new Meta(db).set(RESEND_REQUEST_KEY, nowMs);
    return db.prepare<[], { n: number }>('SELECT count(*) n FROM dead_letter').get()!.n;
  } finally {
    db.close();
  }
}

export function formatDeadLetters(r: ReturnType<typeof listDeadLetters>): string {
  if (r.total === 0) return 'no dead letters (only events the cloud explicitly rejected are dead-lettered)';
  return [
    `${r.total} dead letters (events the cloud rejected; re-send them with: yardguard-edge dead-letters --resend --data-dir DIR)${r.resendPending ? '  [re-send requested, waiting for the agent]' : ''}`,
    ...r.rows.map((d) => `  seq ${d.seq}  ${d.type.padEnd(24)} ${d.at}  ${d.error}`),
  ].join('\n');
}
