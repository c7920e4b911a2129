/**
 * The composition root of the edge agent: createEdge(deps) builds the state database, the
 * outbox, the event bus, the local broker, presence, device adapters, linkage rules, the cloud
 * forwarder, the command path and the health timer; start() starts them in that order and stop()
 * stops them in reverse. main.ts only reads arguments and calls this.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  newId,
  SCHEMA_VERSION,
  validateSiteConfig,
  type Command,
  type CommandAction,
  type DeviceEventPayload,
  type DeviceKind,
  type Event,
  type EventBody,
  type GatewayHealth,
  type SiteConfig,
} from '@yardguard/firmware-config';
import { EventBus } from './bus.js';
import { createLogger, type Logger } from './log.js';
import { openStateDb, Meta, type Db } from './state/db.js';
import { Outbox, type AppendDone, type AppendResult } from './uplink/outbox.js';
import { Forwarder, type CloudCredentials, type ForwarderOptions } from './uplink/forwarder.js';
import { startLocalBroker, type LocalBroker, type DeviceUplink } from './broker/local-broker.js';
import { DeviceLogins } from './broker/device-auth.js';
import { CloudClock } from './commands/cloud-clock.js';
import { NonceStore } from './commands/nonce-store.js';
import { CommandHandler } from './commands/command-handler.js';
import { Presence } from './health/presence.js';
import { collectHealth } from './health/health.js';
import type { CommandOutcome, DeviceAdapter, DeviceContext } from './devices/types.js';
import type { GpioPort } from './hw/gpio-port.js';
import type { OnvifPort } from './hw/onvif-port.js';
import { AGENT_VERSION } from './version.js';

export { AGENT_VERSION } from './version.js';

export type AdaptersFactory = (site: SiteConfig, ctx: (deviceId: string, kind: DeviceKind) => DeviceContext) => DeviceAdapter[];
/** The seam to rules/engine.ts (createRulesEngine), stated structurally so the core builds alone. */
export interface RulesEngineOptions {
  site: SiteConfig;
  log: Logger;
  execute(deviceId: string, action: CommandAction): Promise<CommandOutcome>;
  raiseAlert(body: Extract<EventBody, { type: 'alert.raised' }>, deviceId: string): Promise<Event>;
  now(): Date;
}
export interface RulesEngine {
  onEvent(e: Event): void;
  stop(): void;
}
export type RulesFactory = (opts: RulesEngineOptions) => RulesEngine;

/** What enrollment gave this gateway: where the cloud is, how to log in, the key to trust. */
export interface CloudLink extends CloudCredentials {
  /** The cloud's Ed25519 command-signing public key (PEM), pinned at enrollment. */
  cloudSigningKey: string;
  /** PEM CA for mqtts:// when the cloud's certificate is not from a public CA. */
  caPem?: string;
}

export interface EdgeDeps {
  site: SiteConfig;
  dataDir: string;
  log?: Logger;
  /** null/undefined: run local-only (events wait in the outbox). */
  cloud?: CloudLink | null;
  /** Override the broker listeners from the site config (tests and benches use port 0). */
  broker?: { host?: string; port?: number; wsPort?: number | null; persistent?: boolean };
  adapters?: AdaptersFactory;
  rules?: RulesFactory;
  gpio?: GpioPort;
  onvif?: OnvifPort;
  forwarder?: Partial<Pick<ForwarderOptions, 'maxInflightBatches' | 'ackTimeoutMs' | 'reconnectPeriodMs' | 'progressEveryMs' | 'mqttOptions'>>;
  outbox?: { maxAttempts?: number; maxBytes?: number };
  /** Override site.gateway.healthIntervalS (ms). */
  healthIntervalMs?: number;
  presenceCheckMs?: number;
  /** Override site.gateway.deviceTimeoutS (ms), for tests. */
  deviceTimeoutMs?: number;
  agentVersion?: string;
}

export interface EdgeStatus {
  site: { compoundId: string; gatewayId: string; configVersion: number };
  cloudLink: 'up' | 'down' | 'disabled';
  outbox: ReturnType<Outbox['stats']>;
  lastAckedSeq: number;
  broker: { port: number; wsPort: number | null; clients: number } & LocalBroker['counters'];
  devices: { id: string; kind: DeviceKind; online: boolean | undefined }[];
  commands: CommandHandler['counters'] | null;
}

export interface Edge {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Record an event for a device (or the gateway itself): durable, then on the bus. */
  emit(deviceId: string, body: EventBody, opts?: { id?: string; occurredAt?: Date }): Promise<Event>;
  readonly bus: EventBus;
  readonly log: Logger;
  site(): SiteConfig;
  brokerPort(): number;
  wsPort(): number | null;
  outbox(): Outbox;
  /** Run a verified command (exposed for tests and the rules). */
  dispatch(cmd: Command): Promise<CommandOutcome>;
  handleCommand(payload: Buffer): Promise<unknown>;
  health(): Promise<GatewayHealth>;
  status(): EdgeStatus;
  localPublish(topic: string, payload: string, opts?: { qos?: 0 | 1; retain?: boolean }): Promise<void>;
}

const noGpio: GpioPort = {
  output: () => {
    throw new Error('no GPIO on this machine (run on a Raspberry Pi or inject a GpioPort)');
  },
  input: () => {
    throw new Error('no GPIO on this machine (run on a Raspberry Pi or inject a GpioPort)');
  },
};
const noOnvif: OnvifPort = {
  connect: () => {
    throw new Error('no ONVIF port configured');
  },
  discover: () => Promise.resolve([]),
};

export function createEdge(deps: EdgeDeps): Edge {
  const log = deps.log ?? createLogger();
  const dataDir = deps.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const bus = new EventBus(log.child({ mod: 'bus' }));
  const now = () => new Date();
  const startedAt = Date.now();

  let db: Db;
  let meta: Meta;
  let outbox: Outbox;
  let clock: CloudClock;
  let broker: LocalBroker | undefined;
  let logins: DeviceLogins;
  let presence: Presence;
  let forwarder: Forwarder | undefined;
  let commands: CommandHandler | null = null;
  let adapters = new Map<string, DeviceAdapter>();
  let rules: RulesEngine | undefined;
  let site = deps.site;
  const timers: NodeJS.Timeout[] = [];
  let started = false;

  // --- events ------------------------------------------------------------------------------
  const toRulesOnCommit = (c: AppendResult): void => {
    if (c.status === 'stored') rules?.onEvent(c.event);
  };
  /** Stamp an event and queue it; `done` runs after the group's fsync (no promise per event). */
  function appendCb(deviceId: string, body: EventBody, id: string | undefined, occurredAt: string, done: AppendDone): void {
    const env = { v: SCHEMA_VERSION, id: id ?? newId(), compoundId: site.compound.id, gatewayId: site.gateway.id, deviceId, occurredAt };
    // The rules see the event as soon as it is committed (numbered, duplicates absorbed), not
    // after the fsync: the siren must not wait for a slow disk. The PUBACK and the bus still do.
    outbox.appendCb(
      env,
      body,
      (err, r) => {
        if (r?.status === 'stored') {
          bus.emit('event', r.event);
          forwarder?.kick();
        } else if (r?.status === 'dropped') {
          log.warn({ deviceId, type: body.type }, 'outbox full: event dropped');
        }
        done(err, r);
      },
      toRulesOnCommit,
    );
  }
  function append(deviceId: string, body: EventBody, opts: { id?: string; occurredAt?: Date } = {}): Promise<AppendResult> {
    return new Promise((resolve, reject) =>
      appendCb(deviceId, body, opts.id, (opts.occurredAt ?? now()).toISOString(), (err, r) => (err ? reject(err) : resolve(r!))),
    );
  }
  const emit: Edge['emit'] = async (deviceId, body, opts) => (await append(deviceId, body, opts)).event;

  // --- device side ---------------------------------------------------------------------------
  /**
   * MQTT adapters that implement onAvailability track their device's presence themselves (and
   * report through ctx.setOnline); for the others the core infers it from what the broker sees.
   */
  type PresenceAware = DeviceAdapter & { onAvailability?(online: boolean): void };
  const presenceOwner = (deviceId: string): PresenceAware | undefined => {
    const a = adapters.get(deviceId) as PresenceAware | undefined;
    return typeof a?.onAvailability === 'function' ? a : undefined;
  };
  const seen = (deviceId: string) => {
    if (!presenceOwner(deviceId)) presence.seen(deviceId);
  };

  const uplink: DeviceUplink = {
    onEvent(device, p: DeviceEventPayload, done) {
      seen(device.deviceId);
      const body = { type: p.type, data: p.data } as EventBody;
      const occurredAt = p.occurredAt ? canonicalIso(p.occurredAt) : now().toISOString();
      appendCb(device.deviceId, body, p.id, occurredAt, (err, r) => {
        if (r?.status === 'stored') {
          try {
            adapters.get(device.deviceId)?.onEvent?.(r.event);
          } catch (e) {
            // Stored and durable: the device gets its PUBACK anyway (a resend would only be absorbed).
            log.error({ err: e, deviceId: device.deviceId }, 'device adapter failed on its event (ignored)');
          }
        }
        done(err);
      });
    },
    onHeartbeat(device, hb) {
      seen(device.deviceId);
      adapters.get(device.deviceId)?.onHeartbeat?.(hb.state);
    },
    onAvailability(device, state, viaLastWill) {
      const owner = presenceOwner(device.deviceId);
      if (owner) return owner.onAvailability!(state === 'online');
      if (state === 'online') presence.seen(device.deviceId);
      else presence.set(device.deviceId, false, viaLastWill ? 'last_will' : 'disconnected');
    },
    onCommandResult(device, result) {
      seen(device.deviceId);
      adapters.get(device.deviceId)?.onCommandResult?.(result);
    },
    onDisconnect(device) {
      // A will (if any) has already been handled; a device gone without one is offline too.
      if (!presenceOwner(device.deviceId)) presence.set(device.deviceId, false, 'disconnected');
    },
  };

  function contextFor(deviceId: string, kind: DeviceKind): DeviceContext {
    const dir = join(dataDir, 'devices', deviceId);
    mkdirSync(dir, { recursive: true });
    return {
      log: log.child({ mod: 'device', deviceId, kind }),
      site,
      emit: (body, opts) => emit(deviceId, body, opts),
      setOnline: (online, reason) => presence.set(deviceId, online, reason ?? 'disconnected'),
      gpio: deps.gpio ?? noGpio,
      onvif: deps.onvif ?? noOnvif,
      local: { publish: (topic, payload, opts) => broker!.publish(topic, payload, opts) },
      dataDir: dir,
      now,
    };
  }

  async function startDevices(): Promise<void> {
    const list = deps.adapters ? deps.adapters(site, contextFor) : [];
    adapters = new Map(list.map((a) => [a.id, a]));
    presence.setWatched(logins.mqttDevices().map((d) => d.deviceId).filter((id) => !presenceOwner(id)));
    for (const a of list) {
      try {
        await a.start();
      } catch (err) {
        // One broken device must not keep the others (and the alarm path) down.
        log.error({ err, deviceId: a.id }, 'device adapter failed to start');
      }
    }
    if (deps.rules) {
      const r = deps.rules({
        site,
        log: log.child({ mod: 'rules' }),
        now,
        execute: (deviceId, action) => executeOnDevice(deviceId, action, `rule-${newId()}`),
        raiseAlert: (body, deviceId) => emit(deviceId, body),
      });
      // Fed by append() right after each commit (before the fsync), not through the bus.
      rules = r;
    }
  }

  async function stopDevices(): Promise<void> {
    rules?.stop();
    rules = undefined;
    for (const a of [...adapters.values()].reverse()) {
      await a.stop().catch((err: unknown) => log.error({ err, deviceId: a.id }, 'device adapter failed to stop'));
    }
    adapters.clear();
  }

  async function executeOnDevice(deviceId: string, action: CommandAction, commandId: string, expiresAt?: Date): Promise<CommandOutcome> {
    const adapter = adapters.get(deviceId);
    if (!adapter) return { status: 'error', code: 'DEVICE_UNKNOWN', message: `no device "${deviceId}" on gateway ${site.gateway.id}` };
    return adapter.execute(action, { commandId, expiresAt });
  }

  // --- config push -----------------------------------------------------------------------------
  async function applyConfig(configVersion: number, raw: unknown): Promise<CommandOutcome> {
    const candidate = raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>), configVersion } : raw;
    const r = validateSiteConfig(candidate);
    const reject = async (error: string): Promise<CommandOutcome> => {
      log.warn({ configVersion, error }, 'config push rejected');
      await emit(site.gateway.id, { type: 'gateway.config_rejected', data: { configVersion, error: error.slice(0, 2000) } });
      return { status: 'error', code: 'CONFIG_REJECTED', message: error.slice(0, 500) };
    };
    if (!r.ok) return reject(r.error);
    // Versions are immutable in the cloud: the version in force again is a no-op (the cloud re-pushes
    // to a gateway it has not heard `config_applied` from), an older one is stale.
    if (configVersion === site.configVersion) {
      await emit(site.gateway.id, { type: 'gateway.config_applied', data: { configVersion } });
      return { status: 'ok', outcome: 'config_applied', data: { configVersion, unchanged: true } };
    }
    if (configVersion < site.configVersion) return reject(`config version ${configVersion} is older than the one in force (${site.configVersion})`);
    const next = r.value;
    if (next.gateway.id !== site.gateway.id || next.compound.id !== site.compound.id) {
      return reject(`config is for gateway ${next.gateway.id} / compound ${next.compound.id}, this is ${site.gateway.id} / ${site.compound.id}`);
    }
    persistConfig(next);
    await stopDevices();
    site = next;
    logins.load(site);
    broker?.evictStale(); // removed or re-keyed devices lose their session now, not at their next reconnect
    presence.reload(site, logins.mqttDevices().map((d) => d.deviceId));
    await startDevices();
    log.info({ configVersion }, 'config applied');
    await emit(site.gateway.id, { type: 'gateway.config_applied', data: { configVersion } });
    meta.set('reported_config_version', configVersion);
    return { status: 'ok', outcome: 'config_applied', data: { configVersion } };
  }

  function persistConfig(cfg: SiteConfig): void {
    db.prepare('INSERT OR REPLACE INTO site_config (id, config_version, json, applied_at) VALUES (1, ?, ?, ?)').run(cfg.configVersion, JSON.stringify(cfg), Date.now());
    // A readable copy beside the database, written atomically, for installers.
    const file = join(dataDir, 'site.applied.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(cfg, null, 2));
    renameSync(`${file}.tmp`, file);
  }

  /** A config pushed by the cloud outlives the file the agent was started with. */
  function configInForce(): SiteConfig {
    const row = db.prepare<[], { config_version: number; json: string }>('SELECT config_version, json FROM site_config WHERE id = 1').get();
    if (!row || row.config_version <= deps.site.configVersion) return deps.site;
    const r = validateSiteConfig(JSON.parse(row.json));
    if (!r.ok || r.value.gateway.id !== deps.site.gateway.id) return deps.site;
    log.info({ configVersion: row.config_version }, 'using the config last pushed by the cloud');
    return r.value;
  }

  const dispatch = async (cmd: Command): Promise<CommandOutcome> => {
    if (cmd.action === 'config.push') {
      if (cmd.deviceId !== site.gateway.id) return { status: 'error', code: 'CONFIG_REJECTED', message: 'config.push must address the gateway itself' };
      return applyConfig(cmd.params.configVersion, cmd.params.config);
    }
    if (cmd.action === 'gateway.discover') {
      if (cmd.deviceId !== site.gateway.id) return { status: 'error', code: 'CMD_INVALID', message: 'gateway.discover must address the gateway itself' };
      const cameras = await (deps.onvif ?? noOnvif).discover({ timeoutMs: cmd.params.timeoutS * 1000 });
      return { status: 'ok', outcome: 'discovered', data: { cameras } };
    }
    return executeOnDevice(cmd.deviceId, cmd, cmd.id, new Date(cmd.expiresAt));
  };

  // --- health ----------------------------------------------------------------------------------
  const health = () =>
    collectHealth({
      startedAt,
      dataDir,
      outbox,
      link: () => forwarder?.link ?? 'down',
      lastAckedSeq: () => forwarder?.lastAckedSeq ?? 0,
      devices: () => presence.counts(),
      brokerClients: () => broker?.clientCount() ?? 0,
      badMessages: () => broker?.counters.badMessages ?? 0,
    });

  function writeStatusSnapshot(): void {
    meta.set('agent_status', JSON.stringify({ pid: process.pid, at: Date.now(), startedAt, brokerPort: broker?.port, clients: broker?.clientCount() ?? 0, cloudLink: forwarder ? forwarder.link : 'disabled' }));
  }

  async function healthTick(): Promise<void> {
    presence.persistLastSeen();
    writeStatusSnapshot();
    await emit(site.gateway.id, { type: 'gateway.health', data: await health() });
  }

  const status = (): EdgeStatus => ({
    site: { compoundId: site.compound.id, gatewayId: site.gateway.id, configVersion: site.configVersion },
    cloudLink: forwarder ? forwarder.link : 'disabled',
    outbox: outbox.stats(),
    lastAckedSeq: forwarder?.lastAckedSeq ?? 0,
    broker: { port: broker?.port ?? 0, wsPort: broker?.wsPort ?? null, clients: broker?.clientCount() ?? 0, ...(broker?.counters ?? { authFailures: 0, aclRefusals: 0, badMessages: 0, badByReason: {}, eventsAccepted: 0 }) },
    devices: [...(function* () {
      for (const d of [...site.gates.map((g) => ({ id: g.id, kind: 'gate' as const })), ...site.cameras.map((c) => ({ id: c.id, kind: 'camera' as const })), ...site.alarmColumns.map((a) => ({ id: a.id, kind: 'alarm_column' as const }))]) {
        yield { ...d, online: presence.isOnline(d.id) };
      }
    })()],
    commands: commands?.counters ?? null,
  });

  // --- lifecycle -------------------------------------------------------------------------------
  async function start(): Promise<void> {
    db = openStateDb(join(dataDir, 'edge.db'));
    meta = new Meta(db);
    site = configInForce();
    outbox = new Outbox({
      db,
      log: log.child({ mod: 'outbox' }),
      maxBytes: deps.outbox?.maxBytes ?? site.gateway.outbox.maxMb * 1024 * 1024,
      maxAttempts: deps.outbox?.maxAttempts,
    });
    clock = new CloudClock(db);
    logins = new DeviceLogins(site);
    presence = new Presence({ site, db, bus, log: log.child({ mod: 'presence' }), emit, mqttDeviceIds: logins.mqttDevices().map((d) => d.deviceId), timeoutMs: deps.deviceTimeoutMs });

    const b = deps.broker ?? {};
    broker = await startLocalBroker({
      logins,
      uplink,
      log: log.child({ mod: 'broker' }),
      host: b.host ?? site.gateway.broker.host,
      port: b.port ?? site.gateway.broker.port,
      wsPort: b.wsPort === undefined ? site.gateway.broker.wsPort ?? null : b.wsPort,
      persistenceDir: b.persistent === false ? undefined : join(dataDir, 'broker'),
    });
    await startDevices();
    const resumedFromSeq = outbox.lastSeq;
    await emit(site.gateway.id, { type: 'gateway.started', data: { agentVersion: deps.agentVersion ?? AGENT_VERSION, resumedFromSeq } });
    // Tell the cloud which config is in force (once per version), so it does not re-push it.
    if (site.configVersion > 0 && meta.getNumber('reported_config_version', -1) !== site.configVersion) {
      await emit(site.gateway.id, { type: 'gateway.config_applied', data: { configVersion: site.configVersion } });
      meta.set('reported_config_version', site.configVersion);
    }

    if (deps.cloud) {
      const cloud = deps.cloud;
      const flog = log.child({ mod: 'forwarder' });
      let downSince: number | undefined = Date.now();
      forwarder = new Forwarder({
        outbox,
        db,
        log: flog,
        clock,
        cloud,
        ...deps.forwarder,
        mqttOptions: { ...(cloud.caPem ? { ca: cloud.caPem } : {}), ...deps.forwarder?.mqttOptions },
        onCommand: (payload) => void commands?.handle(payload),
        onLink: (state) => {
          bus.emit('cloudLink', { state });
          writeStatusSnapshot();
          const downForS = state === 'up' && downSince !== undefined ? Math.round((Date.now() - downSince) / 1000) : undefined;
          downSince = state === 'down' ? Date.now() : undefined;
          if (started) void emit(site.gateway.id, { type: 'gateway.cloud_link', data: { state, ...(downForS !== undefined ? { downForS } : {}) } }).catch(() => undefined);
        },
      });
      const nonces = new NonceStore(db, () => clock.nowMs());
      commands = new CommandHandler({
        gatewayId: site.gateway.id,
        cloudKey: cloud.cloudSigningKey,
        clock,
        nonces,
        log: log.child({ mod: 'commands' }),
        dispatch,
        publishResult: (r) => forwarder!.publishResult(r),
      });
      forwarder.start();
    } else {
      log.warn('no cloud credentials: running local-only, events wait in the outbox (run `yardguard-edge enroll`)');
    }

    const healthMs = deps.healthIntervalMs ?? site.gateway.healthIntervalS * 1000;
    timers.push(setInterval(() => void healthTick().catch((err: unknown) => log.error({ err }, 'health report failed')), healthMs));
    timers.push(setInterval(() => presence.check(), deps.presenceCheckMs ?? Math.min(5000, site.gateway.deviceTimeoutS * 250)));
    for (const t of timers) t.unref();
    writeStatusSnapshot();
    started = true;
    log.info({ gatewayId: site.gateway.id, brokerPort: broker.port, wsPort: broker.wsPort, outboxDepth: outbox.depth, resumedFromSeq }, 'edge agent started');
  }

  async function stop(): Promise<void> {
    if (!started) return;
    started = false;
    for (const t of timers) clearInterval(t);
    await forwarder?.stop();
    await stopDevices();
    await broker?.close();
    outbox.close();
    meta.set('agent_status', JSON.stringify({ pid: process.pid, at: Date.now(), stopped: true }));
    db.close();
    log.info('edge agent stopped');
  }

  return {
    start,
    stop,
    emit,
    bus,
    log,
    site: () => site,
    brokerPort: () => broker?.port ?? 0,
    wsPort: () => broker?.wsPort ?? null,
    outbox: () => outbox,
    dispatch,
    handleCommand: (payload) => (commands ? commands.handle(payload) : Promise.resolve(null)),
    health,
    status,
    localPublish: (topic, payload, opts) => broker!.publish(topic, payload, opts),
  };
}

/** Already `toISOString()` form (what devices send): skip a Date parse + format per event. */
const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The device's timestamp in the outbox's one form (UTC, milliseconds), as `new Date(s).toISOString()`. */
export function canonicalIso(s: string): string {
  // The contract's schema has checked the calendar (no Feb 30), so a canonical string maps to itself.
  return CANONICAL_ISO.test(s) ? s : new Date(s).toISOString();
}
