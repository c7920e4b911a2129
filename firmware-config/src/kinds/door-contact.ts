/**
 * Household door contact (门磁) on a resident's own flat door, for care of residents living alone
 * (独居老人关爱): installed only for a household that consented. Its opens and closes are the
 * household's daily sign of life; the cloud links it to the care enrolment by device id.
 * Drivers: MQTT (a contact sensor behind a Zigbee/Wi-Fi bridge publishing our device contract)
 * or GPIO (a reed switch wired to the Pi, for a ground-floor flat next to the gateway).
 */
import { z } from 'zod';
import { empty, ev } from '../contract/messages/event-schema.js';
import { bcmPin, deviceId, level, mqttCredentials } from '../config/fields.js';
import { defineDeviceKind } from './define.js';

const doorContactCommon = {
  id: deviceId,
  name: z.string().min(1).max(60),
  /** The flat, as the carers know it (e.g. "3号楼2单元501"); no personal data here. */
  flat: z.string().min(1).max(60).optional(),
};
export const doorContactConfig = z.discriminatedUnion('driver', [
  z.object({ ...doorContactCommon, driver: z.literal('mqtt'), mqtt: mqttCredentials }).strict(),
  z.object({
    ...doorContactCommon,
    driver: z.literal('gpio'),
    pin: bcmPin,
    /** Level the contact reads when the door is open (reed switches to ground read high when open). */
    openLevel: level.default('high'),
    debounceMs: z.number().int().min(0).max(2000).default(50),
  }).strict(),
]);
export type DoorContactConfig = z.output<typeof doorContactConfig>;

export const doorContactEvents = [
  ev('door_contact.opened', empty),
  ev('door_contact.closed', z.object({ openForS: z.number().nonnegative().optional() }).strict()),
  /** Battery-powered sensors report this well before they die (a dead sensor would read as "no activity"). */
  ev('door_contact.battery_low', z.object({ percent: z.number().min(0).max(100).optional(), voltageMv: z.number().int().nonnegative().optional() }).strict()),
  ev('door_contact.tamper', z.object({ active: z.boolean(), detail: z.string().max(200).optional() }).strict()),
  /** First state after a (re)start or reconnect: a resync, not activity. */
  ev('door_contact.state', z.object({ door: z.enum(['open', 'closed', 'unknown']), batteryPercent: z.number().min(0).max(100).optional() }).strict()),
] as const;

export const doorContactKind = defineDeviceKind({
  kind: 'door_contact',
  siteKey: 'doorContacts',
  config: doorContactConfig,
  events: doorContactEvents,
  examples: {
    'door_contact.opened': {},
    'door_contact.closed': { openForS: 6 },
    'door_contact.battery_low': { percent: 8, voltageMv: 2650 },
    'door_contact.tamper': { active: true, detail: 'cover removed' },
    'door_contact.state': { door: 'closed', batteryPercent: 87 },
  },
  actions: [],
  mqtt: (d) => (d.driver === 'mqtt' ? d.mqtt : undefined),
  pins: (d) => (d.driver === 'gpio' ? [{ path: ['pin'], pin: d.pin }] : []),
});
