/**
 * How long each kind of record is kept. GB 50396 asks that access and audit records be kept at least
 * 180 days: events (gate access, alarms), the gate and command audit and alerts/incidents may not be
 * set shorter (the cloud refuses to start). Telemetry (gateway health, motion, resync states) is kept
 * the shortest and pruned first; snapshots go by age and by each compound's quota (snapshots/media-store.ts).
 */
export interface RetentionPolicy {
  /** Telemetry events (TELEMETRY_EVENT_TYPES). */
  telemetryDays: number;
  /** Every other event (access, alarms, presence, config). At least 180. */
  eventsDays: number;
  /** gate_open_audit and commands. At least 180. */
  auditDays: number;
  /** Resolved alerts (with their pages) and closed incidents (with their notes). At least 180. */
  alertsDays: number;
  /** Live-stream rows kept for consoles resuming with `since`. */
  liveDays: number;
  /** Delivered or failed robot notifications. */
  notificationsDays: number;
  /** How often the job runs (once across all instances). */
  everyHours: number;
}

export const MIN_RECORD_DAYS = 180;

export const defaultRetention: RetentionPolicy = {
  telemetryDays: 30, eventsDays: 365, auditDays: 365, alertsDays: 365, liveDays: 7, notificationsDays: 30, everyHours: 6,
};

/** Telemetry: readings and resyncs, not access or alarm records. */
export const TELEMETRY_EVENT_TYPES = ['gateway.health', 'camera.motion', 'gate.state'] as const;

/** A policy that keeps records shorter than GB 50396 allows is a start-up error that says what to change. */
export function checkRetention(p: RetentionPolicy): RetentionPolicy {
  for (const k of ['eventsDays', 'auditDays', 'alertsDays'] as const) {
    if (!(p[k] >= MIN_RECORD_DAYS)) throw new Error(`retention.${k} is ${p[k]}: access, audit and alert records must be kept at least ${MIN_RECORD_DAYS} days (GB 50396)`);
  }
  for (const k of ['telemetryDays', 'liveDays', 'notificationsDays', 'everyHours'] as const) {
    if (!(p[k] > 0)) throw new Error(`retention.${k} must be a positive number (got ${p[k]})`);
  }
  return p;
}
