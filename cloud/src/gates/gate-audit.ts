/**
 * The gate audit (GB 50396 access records): one row per gate command a person or a visitor pass
 * asked for (open, hold open, lock), with who, when and the result as the gate reported it. A gate
 * that answers after the cloud gave up turns its `timeout` row into that answer (answered_at says when).
 */
import type { Kysely } from 'kysely';
import { newId, type CommandResult } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';
import type { GateOpenAuditTable } from '../db/tables-core.js';

export type GateAuditInput = Omit<GateOpenAuditTable, 'id' | 'action' | 'answered_at'> & { action: string; answered_at?: string | null };

export async function recordGateAudit(db: Kysely<Database>, row: GateAuditInput): Promise<void> {
  await db.insertInto('gate_open_audit').values({ id: newId(), ...row, answered_at: row.answered_at ?? null }).execute();
  if (row.result !== 'timeout') return;
  // The answer may have come between the timeout and this insert: the command row has it.
  const cmd = await db.selectFrom('commands').select(['status', 'result', 'completed_at']).where('id', '=', row.command_id).executeTakeFirst();
  if (cmd && (cmd.status === 'ok' || cmd.status === 'error') && cmd.result && cmd.completed_at) {
    await auditLateGateResult(db, JSON.parse(cmd.result) as CommandResult, cmd.completed_at);
  }
}

/** A gate's answer that came after the timeout: the audit row that said timeout now says what the gate did. */
export async function auditLateGateResult(db: Kysely<Database>, r: CommandResult, answeredAt: string): Promise<number> {
  const res = await db.updateTable('gate_open_audit')
    .set({ result: r.status, error_code: r.error?.code ?? null, answered_at: answeredAt })
    .where('command_id', '=', r.commandId).where('result', '=', 'timeout')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
