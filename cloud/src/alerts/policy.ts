/** Per-compound alert policy: timeouts per severity, fold window, escalation bound. Defaults here. */
import type { Kysely } from 'kysely';
import { alertPolicy, type AlertPolicy, type AlertSeverity } from '@yardguard/firmware-config';
import type { Database } from '../db/database.js';

export const defaultAlertPolicy: AlertPolicy = {
  ackTimeoutS: { critical: 60, high: 120, medium: 300, low: 900 },
  resolveTimeoutS: { critical: 900, high: 1800, medium: 3600, low: 14_400 },
  foldWindowS: 600,
  maxEscalations: 8,
  gatewayOfflineS: 45,
  deniedBurst: { count: 5, windowS: 300 },
};

/** The denied-credentials rule in force (a stored policy from before the rule existed gets the default). */
export const deniedBurstOf = (p: AlertPolicy): { count: number; windowS: number } => p.deniedBurst ?? defaultAlertPolicy.deniedBurst!;

const severityRank: Record<AlertSeverity, number> = { critical: 3, high: 2, medium: 1, low: 0 };
export const atLeast = (s: AlertSeverity, min: AlertSeverity): boolean => severityRank[s] >= severityRank[min];
export const maxSeverity = (a: AlertSeverity, b: AlertSeverity): AlertSeverity => (severityRank[a] >= severityRank[b] ? a : b);

export async function loadPolicy(db: Kysely<Database>, compoundId: string): Promise<AlertPolicy> {
  const row = await db.selectFrom('alert_policies').select('policy').where('compound_id', '=', compoundId).executeTakeFirst();
  if (!row) return defaultAlertPolicy;
  const parsed = alertPolicy.safeParse(JSON.parse(row.policy));
  return parsed.success ? parsed.data : defaultAlertPolicy;
}

export async function savePolicy(db: Kysely<Database>, compoundId: string, policy: AlertPolicy, nowIso: string): Promise<void> {
  const json = JSON.stringify(policy);
  await db.insertInto('alert_policies').values({ compound_id: compoundId, policy: json, updated_at: nowIso })
    .onConflict((oc) => oc.column('compound_id').doUpdateSet({ policy: json, updated_at: nowIso }))
    .execute();
}
