/** Which stored events become alerts, and which end one (a device back online). */
import type { AlertKind, AlertSeverity, Event } from '@yardguard/firmware-config';

export interface AlertInput {
  compoundId: string;
  gatewayId: string | null;
  /** Cloud-wide device id `<gatewayId>.<deviceId>`, or null for gateway-wide alerts. */
  deviceId: string | null;
  key: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  source: 'edge' | 'cloud';
  causeEventId: string | null;
  snapshotIds: string[];
  atMs: number;
  /** The stored event this alert comes from (null for the cloud's own checks): a follow-up must not match itself. */
  eventId?: string | null;
}

/** Snapshot ids are unique per gateway; the cloud stores them as `<gatewayId>.<snapshotId>`. */
export const snapshotMediaId = (gatewayId: string, snapshotId: string): string => `${gatewayId}.${snapshotId}`;

const cloudDeviceId = (e: Event): string => `${e.gatewayId}.${e.deviceId}`;

/** The event types alertFromEvent turns into an alert. */
const ALERT_SOURCES: ReadonlySet<Event['type']> = new Set(['alert.raised', 'device.offline', 'camera.offline']);

export function alertFromEvent(e: Event): AlertInput | null {
  // Checked first: ingest asks this of every stored event, and most (gate passes) raise nothing.
  if (!ALERT_SOURCES.has(e.type)) return null;
  const base = {
    compoundId: e.compoundId, gatewayId: e.gatewayId, deviceId: cloudDeviceId(e), source: 'edge' as const, atMs: Date.parse(e.occurredAt), eventId: e.id,
  };
  switch (e.type) {
    // Edge keys are `<deviceId>:<kind>`; prefixed as `<gatewayId>.` they equal the keys derived below, so an edge
    // rule's alert and the cloud's own one for the same device and kind fold together.
    case 'alert.raised':
      return {
        ...base, key: `${e.gatewayId}.${e.data.key}`, kind: e.data.kind, severity: e.data.severity, title: e.data.title,
        causeEventId: e.data.causeEventId ?? e.id, snapshotIds: (e.data.snapshotIds ?? []).map((s) => snapshotMediaId(e.gatewayId, s)),
      };
    case 'device.offline':
    {
      const kind = e.data.kind === 'camera' ? 'camera_offline' : 'device_offline';
      return {
        ...base, key: `${cloudDeviceId(e)}:${kind}`, kind,
        severity: 'medium', title: `设备离线 ${e.deviceId}（${e.data.reason}）`, causeEventId: e.id, snapshotIds: [],
      };
    }
    case 'camera.offline':
      return {
        ...base, key: `${cloudDeviceId(e)}:camera_offline`, kind: 'camera_offline', severity: 'high',
        title: `摄像头离线 ${e.deviceId}（${e.data.reason}）`, causeEventId: e.id, snapshotIds: [],
      };
    default:
      return null;
  }
}

/** Keys of open alerts an event ends (the device reported back online). */
export function keysClearedBy(e: Event): string[] {
  if (e.type === 'device.online') return [`${cloudDeviceId(e)}:device_offline`, `${cloudDeviceId(e)}:camera_offline`];
  if (e.type === 'camera.online') return [`${cloudDeviceId(e)}:camera_offline`];
  return [];
}

/** Whether the cloud derives anything from this event (ingest queues it in the derive outbox); denials are counted (denied-burst.ts). */
export const derivesFromEvent = (e: Event): boolean => alertFromEvent(e) !== null || keysClearedBy(e).length > 0 || e.type === 'gate.access_denied';
