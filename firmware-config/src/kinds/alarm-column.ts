/** One-key alarm column (报警音柱): a big red button and a siren / loudspeaker, on MQTT or GPIO. */
import { z } from 'zod';
import { ev } from '../contract/messages/event-schema.js';
import { bcmPin, deviceId, level, mqttCredentials } from '../config/fields.js';
import { defineDeviceKind } from './define.js';

export const sirenPatterns = ['alarm', 'warning', 'voice_evacuate', 'voice_warning', 'chime'] as const;
export const sirenPattern = z.enum(sirenPatterns);

const alarmCommon = {
  id: deviceId,
  name: z.string().min(1).max(60),
  /** Gates this column stands near: door-forced rules sound the nearest column. */
  near: z.array(deviceId).default([]),
};
export const alarmColumnConfig = z.discriminatedUnion('driver', [
  z.object({ ...alarmCommon, driver: z.literal('mqtt'), mqtt: mqttCredentials }).strict(),
  z.object({
    ...alarmCommon,
    driver: z.literal('gpio'),
    buttonPin: bcmPin,
    buttonLevel: level.default('low'),
    sirenPin: bcmPin,
    sirenActiveLevel: level.default('high'),
  }).strict(),
]);
export type AlarmColumnConfig = z.output<typeof alarmColumnConfig>;

export const alarmColumnEvents = [
  ev('alarm.button_pressed', z.object({ button: z.string().max(40).optional() }).strict()),
  ev('alarm.siren_started', z.object({ pattern: sirenPattern, durationS: z.number().int().positive().max(600) }).strict()),
  ev('alarm.siren_stopped', z.object({ reason: z.enum(['timeout', 'command', 'local']).optional() }).strict()),
  ev('alarm.tamper', z.object({ detail: z.string().max(200).optional() }).strict()),
] as const;

export const alarmColumnKind = defineDeviceKind({
  kind: 'alarm_column',
  siteKey: 'alarmColumns',
  config: alarmColumnConfig,
  events: alarmColumnEvents,
  examples: {
    'alarm.button_pressed': { button: 'main' },
    'alarm.siren_started': { pattern: 'alarm', durationS: 30 },
    'alarm.siren_stopped': { reason: 'timeout' },
    'alarm.tamper': {},
  },
  actions: ['siren.start', 'siren.stop'],
  mqtt: (a) => (a.driver === 'mqtt' ? a.mqtt : undefined),
  pins: (a) => a.driver !== 'gpio' ? [] : [{ path: ['buttonPin'], pin: a.buttonPin }, { path: ['sirenPin'], pin: a.sirenPin }],
  check(a, issue, site) {
    const gates = site.idsOf('gate');
    a.near.forEach((g, j) => {
      if (!gates.has(g)) issue(['near', j], `no gate with id "${g}"`);
    });
  },
});
