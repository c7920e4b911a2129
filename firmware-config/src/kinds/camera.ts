/** IP camera over ONVIF: probes, PullPoint events (motion, tamper), snapshots. */
import { z } from 'zod';
import { eventId, id } from '../contract/envelope.js';
import { ev } from '../contract/messages/event-schema.js';
import { deviceId } from '../config/fields.js';
import { defineDeviceKind } from './define.js';

export const cameraConfig = z.object({
  id: deviceId,
  name: z.string().min(1).max(60),
  onvif: z.object({
    /** Device service URL, e.g. http://192.168.1.64/onvif/device_service */
    xaddr: z.url(),
    /** Key into the gateway's secrets file (never a password in the site config). */
    credentialsRef: z.string().min(1).max(64).optional(),
  }).strict(),
  covers: z.array(deviceId).default([]),
  probeIntervalS: z.number().int().min(5).max(600).default(30),
  /** Subscribe to ONVIF events (motion, tamper) through PullPoint when the camera offers it. */
  events: z.boolean().default(true),
}).strict();
export type CameraConfig = z.output<typeof cameraConfig>;

export const cameraEvents = [
  ev('camera.online', z.object({ model: z.string().max(120).optional(), firmware: z.string().max(60).optional() }).strict()),
  ev('camera.offline', z.object({ reason: z.enum(['probe_failed', 'auth_failed', 'unreachable']), detail: z.string().max(200).optional() }).strict()),
  ev('camera.motion', z.object({ active: z.boolean(), source: z.string().max(120).optional() }).strict()),
  ev('camera.tamper', z.object({ active: z.boolean(), detail: z.string().max(200).optional() }).strict()),
  ev('camera.snapshot', z.object({
    snapshotId: id,
    /** Where the gateway keeps it; the cloud fetches or receives it by snapshotId. */
    ref: z.string().max(256),
    contentType: z.string().max(60),
    bytes: z.number().int().nonnegative(),
    reason: z.enum(['command', 'rule', 'manual']),
    forEventId: eventId.optional(),
  }).strict()),
] as const;

export const cameraKind = defineDeviceKind({
  kind: 'camera',
  siteKey: 'cameras',
  config: cameraConfig,
  events: cameraEvents,
  examples: {
    'camera.online': { model: 'DS-2CD1043G0-I', firmware: 'V5.6.3' },
    'camera.offline': { reason: 'probe_failed' },
    'camera.motion': { active: true, source: 'VideoSource_1' },
    'camera.tamper': { active: true },
    'camera.snapshot': { snapshotId: 'snap-01', ref: 'snapshots/cam-gate/snap-01.jpg', contentType: 'image/jpeg', bytes: 48213, reason: 'rule' },
  },
  actions: ['camera.snapshot'],
  check(c, issue, site) {
    const gates = site.idsOf('gate');
    c.covers.forEach((g, j) => {
      if (!gates.has(g)) issue(['covers', j], `no gate with id "${g}"`);
    });
  },
});
