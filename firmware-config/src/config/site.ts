/**
 * The site config: one compound's gateway, its devices and its local linkage rules.
 * Unknown keys are rejected; cross-checks (unique ids and pins, rules naming real devices)
 * report `path: problem`, e.g. `gates[1].relayPin: pin 17 is already used by gates[0]`.
 */
import { z } from 'zod';
import { alertSeverity } from '../contract/messages/events.js';
import { decode, formatIssues, type DecodeResult } from '../contract/envelope.js';
import { checkDevice, deviceListsShape, gpioPinsOf, mqttLoginOf, siteDevices, sirenPattern, type DeviceKind } from '../kinds/index.js';
import { deviceId } from './fields.js';

export const SITE_CONFIG_VERSION = 1 as const;

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
  /** One list per device kind (gates, cameras, alarmColumns, doorContacts: see kinds/). */
  ...deviceListsShape(),
  rules: z.array(ruleConfig).default([]),
}).strict();

type Ctx = z.core.$RefinementCtx<z.output<typeof siteConfigShape>>;

function crossCheck(cfg: z.output<typeof siteConfigShape>, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const devices = siteDevices(cfg);
  const where = (d: (typeof devices)[number]) => `${d.siteKey}[${d.index}]`;

  // Device ids are unique across kinds: they are MQTT topic segments.
  const ids = new Map<string, string>();
  for (const d of devices) {
    const seen = ids.get(d.config.id);
    if (seen) issue([d.siteKey, d.index, 'id'], `id "${d.config.id}" is already used by ${seen}`);
    else ids.set(d.config.id, where(d));
  }
  if (ids.has(cfg.gateway.id)) issue(['gateway', 'id'], `id "${cfg.gateway.id}" is also a device id`);

  // GPIO pins: each pin has one job.
  const pins = new Map<number, string>();
  for (const d of devices) {
    for (const { pin, path } of gpioPinsOf(d)) {
      const seen = pins.get(pin);
      if (seen) issue([d.siteKey, d.index, ...path], `pin ${pin} is already used by ${seen}`);
      else pins.set(pin, where(d));
    }
  }

  // MQTT usernames are unique: the broker maps a login to one device.
  const users = new Map<string, string>();
  for (const d of devices) {
    const login = mqttLoginOf(d);
    if (!login) continue;
    const seen = users.get(login.username);
    if (seen) issue([d.siteKey, d.index, 'mqtt', 'username'], `username "${login.username}" is already used by ${seen}`);
    else users.set(login.username, where(d));
  }

  // Each kind's own checks: references point at devices of the right kind, fields agree.
  const byKind = new Map<string, Set<string>>();
  for (const d of devices) byKind.set(d.kind, (byKind.get(d.kind) ?? new Set()).add(d.config.id));
  const lookup = { idsOf: (kind: string) => byKind.get(kind) ?? new Set<string>() };
  for (const d of devices) {
    checkDevice(d, (path, message) => issue([d.siteKey, d.index, ...path], message), lookup);
  }
  const columnIds = lookup.idsOf('alarm_column');
  const cameraIds = lookup.idsOf('camera');
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
export type RuleConfig = SiteConfig['rules'][number];
export type RuleAction = RuleConfig['then'][number];

/** Validate a site config. The error lists every problem as `path: message`, one per line. */
export function validateSiteConfig(input: unknown): DecodeResult<SiteConfig> {
  const r = decode(siteConfig, input);
  return r.ok ? r : { ...r, error: r.error.split('; ').join('\n') };
}

/** Every device in the config with its kind, in a stable order. */
export function listDevices(cfg: SiteConfig): { id: string; kind: DeviceKind; name: string }[] {
  return siteDevices(cfg).map((d) => ({ id: d.config.id, kind: d.kind, name: d.config.name }));
}

export { formatIssues };

/** JSON Schema of the site config (input side, defaults included) for the console's forms and editors. */
export function siteConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(siteConfigShape, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
