/** Smart gate (智慧门禁): a GPIO relay with door contact and exit button, or an MQTT controller. */
import { z } from 'zod';
import { accessMethod } from '../contract/messages/access.js';
import { empty, ev } from '../contract/messages/event-schema.js';
import { bcmPin, deviceId, level, mqttCredentials } from '../config/fields.js';
import { relayBoardIds, relayBoards, type RelayBoardId } from '../config/relay-boards.js';
import { defineDeviceKind } from './define.js';

const gateCommon = {
  id: deviceId,
  name: z.string().min(1).max(60),
  /** Door open longer than this raises gate.held_open. */
  heldOpenS: z.number().int().min(5).max(3600).default(60),
  /** Door opened with no grant in the last N s = forced. */
  forcedWindowS: z.number().int().min(1).max(60).default(10),
};

export const gpioGate = z.object({
  ...gateCommon,
  driver: z.literal('gpio'),
  relayPin: bcmPin.optional(),
  activeLevel: level.optional(),
  relay: z.object({ board: z.enum(relayBoardIds as [RelayBoardId, ...RelayBoardId[]]), channel: z.number().int().min(1) }).strict().optional(),
  pulseMs: z.number().int().min(100).max(30_000).default(3000),
  doorContactPin: bcmPin.optional(),
  /** Level the contact reads when the door is open (reed switches are usually wired active-low). */
  doorOpenLevel: level.default('high'),
  debounceMs: z.number().int().min(0).max(2000).default(50),
  exitButtonPin: bcmPin.optional(),
  exitButtonLevel: level.default('low'),
}).strict();

export const mqttGate = z.object({
  ...gateCommon,
  driver: z.literal('mqtt'),
  mqtt: mqttCredentials,
  /** How long the edge waits for the controller's command result. */
  commandTimeoutMs: z.number().int().min(100).max(30_000).default(3000),
}).strict();

export const gateConfig = z.discriminatedUnion('driver', [gpioGate, mqttGate]);
export type GateConfig = z.output<typeof gateConfig>;
export type GpioGateConfig = Extract<GateConfig, { driver: 'gpio' }>;
export type MqttGateConfig = Extract<GateConfig, { driver: 'mqtt' }>;

export const gateEvents = [
  ev('gate.access_granted', z.object({
    method: accessMethod,
    /** Card number hash, QR pass id, face-profile id, user id for app opens. Never a raw secret. */
    credentialRef: z.string().max(128).optional(),
    userRef: z.string().max(128).optional(),
    commandId: z.string().max(64).optional(),
  }).strict()),
  ev('gate.access_denied', z.object({
    method: accessMethod,
    reason: z.enum(['unknown_credential', 'expired', 'not_allowed_here', 'outside_schedule', 'other']),
    credentialRef: z.string().max(128).optional(),
  }).strict()),
  ev('gate.door_opened', empty),
  ev('gate.door_closed', z.object({ openForS: z.number().nonnegative().optional() }).strict()),
  ev('gate.forced_open', empty),
  ev('gate.held_open', z.object({ openForS: z.number().nonnegative(), thresholdS: z.number().positive() }).strict()),
  ev('gate.tamper', z.object({ detail: z.string().max(200).optional() }).strict()),
  /** First state after a (re)start or reconnect: a resync, never an alarm. */
  ev('gate.state', z.object({ door: z.enum(['open', 'closed', 'unknown']), locked: z.boolean().optional() }).strict()),
] as const;

/** The relay pin a board channel maps to (undefined: the board has no such channel). */
const boardPin = (relay: NonNullable<GpioGateConfig['relay']>): number | undefined =>
  (relayBoards[relay.board].channels as Record<number, number>)[relay.channel];

/** The relay pin and level a gpio gate drives, after resolving a relay-board template. */
export function resolveRelay(gate: GpioGateConfig): { pin: number; activeLevel: 'high' | 'low' } {
  if (gate.relay) {
    const board = relayBoards[gate.relay.board];
    const pin = boardPin(gate.relay);
    if (pin === undefined) throw new Error(`${board.id} has no channel ${gate.relay.channel}`);
    return { pin, activeLevel: gate.activeLevel ?? board.activeLevel };
  }
  if (gate.relayPin === undefined) throw new Error(`gate ${gate.id} has no relay pin`);
  return { pin: gate.relayPin, activeLevel: gate.activeLevel ?? 'high' };
}

export const gateKind = defineDeviceKind({
  kind: 'gate',
  siteKey: 'gates',
  config: gateConfig,
  events: gateEvents,
  examples: {
    'gate.access_granted': { method: 'card', credentialRef: 'card:9f3a' },
    'gate.access_denied': { method: 'qr', reason: 'expired' },
    'gate.door_opened': {},
    'gate.door_closed': { openForS: 4.2 },
    'gate.forced_open': {},
    'gate.held_open': { openForS: 75, thresholdS: 60 },
    'gate.tamper': { detail: 'reader cover opened' },
    'gate.state': { door: 'closed', locked: true },
  },
  actions: ['gate.open', 'gate.hold_open', 'gate.lock'],
  mqtt: (g) => (g.driver === 'mqtt' ? g.mqtt : undefined),
  pins: (g) => g.driver !== 'gpio' ? [] : [
    g.relay ? { path: ['relay'], pin: boardPin(g.relay) } : { path: ['relayPin'], pin: g.relayPin },
    { path: ['doorContactPin'], pin: g.doorContactPin },
    { path: ['exitButtonPin'], pin: g.exitButtonPin },
  ],
  check(g, issue) {
    if (g.driver !== 'gpio') return;
    if (g.relay) {
      const board = relayBoards[g.relay.board];
      const pin = boardPin(g.relay);
      if (pin === undefined) issue(['relay', 'channel'], `board ${board.id} has channels ${Object.keys(board.channels).join(', ')}`);
      if (g.relayPin !== undefined && g.relayPin !== pin) issue(['relayPin'], `relayPin ${g.relayPin} contradicts ${board.id} channel ${g.relay.channel} (pin ${pin})`);
    } else if (g.relayPin === undefined) issue(['relayPin'], 'a gpio gate needs relayPin or relay: { board, channel }');
  },
});
