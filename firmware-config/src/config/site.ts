/**
 * The site config: one compound's gateway, its devices and its local linkage rules.
 * Unknown keys are rejected; cross-checks (unique ids and pins, rules naming real devices)
 * report `path: problem`, e.g. `gates[1].relayPin: pin 17 is already used by gates[0]`.
 */
import { z } from 'zod';
import { alertSeverity, sirenPattern } from '../contract/messages/events.js';
import { decode, formatIssues, type DecodeResult } from '../contract/envelope.js';
import { relayBoards, relayBoardIds, type RelayBoardId } from './relay-boards.js';

export const SITE_CONFIG_VERSION = 1 as const;

const deviceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and -');
const bcmPin = z.number().int().min(0, 'BCM pins are 0-27').max(27, 'BCM pins are 0-27');
const level = z.enum(['high', 'low']);

/** How a device logs in to the compound's broker. The password is stored only as a scrypt hash. */
export const mqttCredentials = z.object({
  username: z.string().min(1).max(64),
  passwordHash: z.string().regex(/^scrypt\$/, 'must be a scrypt hash (yardguard-edge hash-password)'),
}).strict();

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

const ruleAction = z.discriminatedUnion('do', [
  z.object({ do: z.literal('siren'), column: z.union([z.literal('nearest'), deviceId]).default('nearest'), pattern: sirenPattern.default('alarm'), durationS: z.number().int().min(1).max(600).default(30) }).strict(),
  z.object({ do: z.literal('snapshot'), cameras: z.union([z.literal('covering'), z.array(deviceId)]).default('covering') }).strict(),
  z.object({ do: z.literal('alert'), severity: alertSeverity, title: z.string().min(1).max(200) }).strict(),
]);

export const ruleTriggers = ['gate.forced_open', 'gate.held_open', 'gate.tamper', 'alarm.button_pressed', 'alarm.tamper', 'camera.offline', 'camera.tamper', 'device.offline'] as const;
export const ruleConfig = z.object({
  id: deviceId,
  when: z.object({
    event: z.enum(ruleTriggers),
    /** Limit to these devices; empty = any device that reports the event. */
    devices: z.array(deviceId).default([]),
  }).strict(),
  then: z.array(ruleAction).min(1),
  /** A rule fires at most once per device in this many seconds. */
  cooldownS: z.number().int().min(0).max(3600).default(30),
  enabled: z.boolean().default(true),
}).strict();

const siteConfigShape = z.object({
  version: z.literal(SITE_CONFIG_VERSION, { error: (i) => `unsupported config version ${JSON.stringify(i.input)} (supported: ${SITE_CONFIG_VERSION})` }),
  /** Bumped by every cloud config push; 0 for a hand-written file. */
  configVersion: z.number().int().nonnegative().default(0),
  compound: z.object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    name: z.string().min(1).max(60),
    address: z.string().max(200).optional(),
    households: z.number().int().positive().optional(),
  }).strict(),
  gateway: z.object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    name: z.string().max(60).optional(),
    broker: z.object({
      host: z.string().default('0.0.0.0'),
      port: z.number().int().min(1).max(65535).default(1883),
      wsPort: z.number().int().min(1).max(65535).optional(),
    }).strict().default({ host: '0.0.0.0', port: 1883 }),
    healthIntervalS: z.number().int().min(5).max(3600).default(60),
    /** A device silent this long is offline (heartbeats are expected well within it). */
    deviceTimeoutS: z.number().int().min(10).max(3600).default(90),
    outbox: z.object({
      maxMb: z.number().min(1).max(100_000).default(512),
      /**
       * Per-device cap on stored events (token bucket: sustained per second, burst), so one
       * chattering or hostile device cannot fill the disk. Over it, the event gets no PUBACK.
       */
      devicePerS: z.number().positive().max(1_000_000).default(20),
      deviceBurst: z.number().int().min(1).max(10_000_000).default(200),
    }).strict().default({ maxMb: 512, devicePerS: 20, deviceBurst: 200 }),
    snapshots: z.object({ maxMb: z.number().min(1).max(100_000).default(1024) }).strict().default({ maxMb: 1024 }),
    /** While guarded, a device that goes silent or a camera that goes offline is an alarm. */
    guarded: z.boolean().default(true),
  }).strict(),
  gates: z.array(gateConfig).default([]),
  cameras: z.array(cameraConfig).default([]),
  alarmColumns: z.array(alarmColumnConfig).default([]),
  rules: z.array(ruleConfig).default([]),
}).strict();

type Ctx = z.core.$RefinementCtx<z.output<typeof siteConfigShape>>;

function crossCheck(cfg: z.output<typeof siteConfigShape>, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  // Device ids are unique across kinds: they are MQTT topic segments.
  const ids = new Map<string, string>();
  const kinds = [['gates', cfg.gates], ['cameras', cfg.cameras], ['alarmColumns', cfg.alarmColumns]] as const;
  for (const [key, list] of kinds) {
    list.forEach((d, i) => {
      const where = `${key}[${i}]`;
      const seen = ids.get(d.id);
      if (seen) issue([key, i, 'id'], `id "${d.id}" is already used by ${seen}`);
      else ids.set(d.id, where);
    });
  }
  if (ids.has(cfg.gateway.id)) issue(['gateway', 'id'], `id "${cfg.gateway.id}" is also a device id`);

  // GPIO pins: each pin has one job.
  const pins = new Map<number, string>();
  const usePin = (pin: number | undefined, path: (string | number)[], owner: string) => {
    if (pin === undefined) return;
    const seen = pins.get(pin);
    if (seen) issue(path, `pin ${pin} is already used by ${seen}`);
    else pins.set(pin, owner);
  };
  cfg.gates.forEach((g, i) => {
    if (g.driver !== 'gpio') return;
    const where = `gates[${i}]`;
    if (g.relay) {
      const board = relayBoards[g.relay.board];
      const pin = (board.channels as Record<number, number>)[g.relay.channel];
      if (pin === undefined) issue(['gates', i, 'relay', 'channel'], `board ${board.id} has channels ${Object.keys(board.channels).join(', ')}`);
      if (g.relayPin !== undefined && g.relayPin !== pin) issue(['gates', i, 'relayPin'], `relayPin ${g.relayPin} contradicts ${board.id} channel ${g.relay.channel} (pin ${pin})`);
      usePin(pin, ['gates', i, 'relay'], where);
    } else if (g.relayPin === undefined) {
      issue(['gates', i, 'relayPin'], 'a gpio gate needs relayPin or relay: { board, channel }');
    } else usePin(g.relayPin, ['gates', i, 'relayPin'], where);
    usePin(g.doorContactPin, ['gates', i, 'doorContactPin'], where);
    usePin(g.exitButtonPin, ['gates', i, 'exitButtonPin'], where);
  });
  cfg.alarmColumns.forEach((a, i) => {
    if (a.driver !== 'gpio') return;
    usePin(a.buttonPin, ['alarmColumns', i, 'buttonPin'], `alarmColumns[${i}]`);
    usePin(a.sirenPin, ['alarmColumns', i, 'sirenPin'], `alarmColumns[${i}]`);
  });

  // MQTT usernames are unique: the broker maps a login to one device.
  const users = new Map<string, string>();
  const mqttDevices = [
    ...cfg.gates.map((g, i) => ['gates', i, g] as const),
    ...cfg.alarmColumns.map((a, i) => ['alarmColumns', i, a] as const),
  ];
  for (const [key, i, d] of mqttDevices) {
    if (d.driver !== 'mqtt') continue;
    const seen = users.get(d.mqtt.username);
    if (seen) issue([key, i, 'mqtt', 'username'], `username "${d.mqtt.username}" is already used by ${seen}`);
    else users.set(d.mqtt.username, `${key}[${i}]`);
  }

  // References point at devices of the right kind.
  const gateIds = new Set(cfg.gates.map((g) => g.id));
  const cameraIds = new Set(cfg.cameras.map((c) => c.id));
  const columnIds = new Set(cfg.alarmColumns.map((a) => a.id));
  cfg.cameras.forEach((c, i) => c.covers.forEach((g, j) => {
    if (!gateIds.has(g)) issue(['cameras', i, 'covers', j], `no gate with id "${g}"`);
  }));
  cfg.alarmColumns.forEach((a, i) => a.near.forEach((g, j) => {
    if (!gateIds.has(g)) issue(['alarmColumns', i, 'near', j], `no gate with id "${g}"`);
  }));
  const ruleIds = new Set<string>();
  cfg.rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) issue(['rules', i, 'id'], `rule id "${r.id}" is used twice`);
    ruleIds.add(r.id);
    r.when.devices.forEach((d, j) => {
      if (!ids.has(d)) issue(['rules', i, 'when', 'devices', j], `no device with id "${d}"`);
    });
    r.then.forEach((a, j) => {
      if (a.do === 'siren' && a.column !== 'nearest' && !columnIds.has(a.column)) issue(['rules', i, 'then', j, 'column'], `no alarm column with id "${a.column}"`);
      if (a.do === 'snapshot' && Array.isArray(a.cameras)) a.cameras.forEach((c, k) => {
        if (!cameraIds.has(c)) issue(['rules', i, 'then', j, 'cameras', k], `no camera with id "${c}"`);
      });
    });
  });
}

export const siteConfig = siteConfigShape.superRefine(crossCheck);
export type SiteConfig = z.output<typeof siteConfig>;
export type SiteConfigInput = z.input<typeof siteConfig>;
export type GateConfig = SiteConfig['gates'][number];
export type GpioGateConfig = Extract<GateConfig, { driver: 'gpio' }>;
export type MqttGateConfig = Extract<GateConfig, { driver: 'mqtt' }>;
export type CameraConfig = SiteConfig['cameras'][number];
export type AlarmColumnConfig = SiteConfig['alarmColumns'][number];
export type RuleConfig = SiteConfig['rules'][number];
export type RuleAction = RuleConfig['then'][number];

/** Validate a site config. The error lists every problem as `path: message`, one per line. */
export function validateSiteConfig(input: unknown): DecodeResult<SiteConfig> {
  const r = decode(siteConfig, input);
  return r.ok ? r : { ...r, error: r.error.split('; ').join('\n') };
}

/** The relay pin and level a gpio gate drives, after resolving a relay-board template. */
export function resolveRelay(gate: GpioGateConfig): { pin: number; activeLevel: 'high' | 'low' } {
  if (gate.relay) {
    const board = relayBoards[gate.relay.board];
    const pin = (board.channels as Record<number, number>)[gate.relay.channel];
    if (pin === undefined) throw new Error(`${board.id} has no channel ${gate.relay.channel}`);
    return { pin, activeLevel: gate.activeLevel ?? board.activeLevel };
  }
  if (gate.relayPin === undefined) throw new Error(`gate ${gate.id} has no relay pin`);
  return { pin: gate.relayPin, activeLevel: gate.activeLevel ?? 'high' };
}

/** Every device in the config with its kind, in a stable order. */
export function listDevices(cfg: SiteConfig): { id: string; kind: 'gate' | 'camera' | 'alarm_column'; name: string }[] {
  return [
    ...cfg.gates.map((d) => ({ id: d.id, kind: 'gate' as const, name: d.name })),
    ...cfg.cameras.map((d) => ({ id: d.id, kind: 'camera' as const, name: d.name })),
    ...cfg.alarmColumns.map((d) => ({ id: d.id, kind: 'alarm_column' as const, name: d.name })),
  ];
}

export { formatIssues };

/** JSON Schema of the site config (input side, defaults included) for the console's forms and editors. */
export function siteConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(siteConfigShape, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
