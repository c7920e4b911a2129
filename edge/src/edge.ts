/**
 * The composition root of the edge agent: createEdge(deps) builds every part in one phase and
 * only wires them; start() starts them in order and stop() stops them in reverse. main.ts only
 * reads arguments and calls this. The parts, each a module with its own tests:
 * - the state database, the outbox (uplink/outbox.ts) and the one Clock (clock.ts);
 * - the event recorder (events/event-recorder.ts): stamp, append, rules / bus / forwarder fan-out;
 * - the device host (devices/device-host.ts): adapters, device uplink routing, presence, rules;
 * - the local broker (broker/broker-service.ts);
 * - the serialized command / config service (commands/command-service.ts), and with a cloud link
 *   the forwarder, the signed-command handler and the durable result queue;
 * - housekeeping timers (health/housekeeping.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Event, EventBody, GatewayHealth, SiteConfig } from '@yardguard/firmware-config/wire';
import { EventBus } from './bus.js';
import { Clock } from './clock.js';
import { createLogger, type Logger } from './log.js';
import { openStateDb, Meta } from './state/db.js';
import { Outbox } from './uplink/outbox.js';
import { Forwarder, type CloudCredentials, type ForwarderOptions, type UplinkCounters } from './uplink/forwarder.js';
import { BrokerService } from './broker/broker-service.js';
import type { BrokerCounters, LocalBrokerOptions } from './broker/local-broker.js';
import { DeviceLogins } from './broker/device-auth.js';
import { NonceStore } from './commands/nonce-store.js';
import { CommandHandler } from './commands/command-handler.js';
import { CommandService, configInForce } from './commands/command-service.js';
import { ResultQueue } from './commands/result-queue.js';
import { collectHealth } from './health/health.js';
import { Housekeeping } from './health/housekeeping.js';
import { EventRecorder } from './events/event-recorder.js';
import { DeviceHost, type AdaptersFactory, type RulesFactory } from './devices/device-host.js';
import type { CommandOutcome } from './devices/types.js';
import type { GpioPort } from './hw/gpio-port.js';
import type { OnvifPort } from './hw/onvif-port.js';
import { AGENT_VERSION } from './version.js';
import { Diagnostics } from './diagnostics/diagnostics.js';
import type { LogRing } from './diagnostics/log-ring.js';
import { Updater } from './update/updater.js';
import type { ReleaseLayout } from './update/layout.js';

export { canonicalIso } from './devices/device-host.js';
export type { AdaptersFactory, RulesEngine, RulesEngineOptions, RulesFactory } from './devices/device-host.js';

export { AGENT_VERSION } from './version.js';

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
  broker?: { host?: string; port?: number; wsPort?: number | null; persistent?: boolean } & Pick<LocalBrokerOptions, 'maxPacketMs' | 'loginBackoff'>;
  adapters?: AdaptersFactory;
  rules?: RulesFactory;
  gpio?: GpioPort;
  onvif?: OnvifPort;
  forwarder?: Partial<Pick<ForwarderOptions, 'maxInflightBatches' | 'ackTimeoutMs' | 'backoffMs' | 'maxBackoffMs' | 'reconnectPeriodMs' | 'progressEveryMs' | 'mqttOptions'>>;
  outbox?: { maxBytes?: number; maxDeadLetters?: number; reserveBytes?: number };
  /** The one clock (wall, monotonic, cloud); tests inject a ManualTime-backed one. */
  clock?: Clock;
  /** Override site.gateway.healthIntervalS (ms). */
  healthIntervalMs?: number;
  presenceCheckMs?: number;
  /** How often the agent looks for a `dead-letters --resend` request and a disk with room again (ms). */
  deadLetterCheckMs?: number;
  /** Override site.gateway.deviceTimeoutS (ms), for tests. */
  deviceTimeoutMs?: number;
  agentVersion?: string;
  /** Remote diagnostics: the log ring the logger writes to, and the files `check` reads. */
  diagnostics?: { logs?: LogRing; configPath?: string; credentialsPath?: string };
  /**
   * Over-the-air updates: the release layout this agent runs from (null: updates refused) and how
   * to restart it (run.ts stops the agent and exits EXIT_RESTART for systemd / the launcher).
   */
  update?: { layout: ReleaseLayout | null; requestRestart(reason: string): void; trialCheckMs?: number };
}

export interface EdgeStatus {
  site: { compoundId: string; gatewayId: string; configVersion: number };
  cloudLink: 'up' | 'down' | 'disabled';
  outbox: ReturnType<Outbox['stats']>;
  lastAckedSeq: number;
  broker: { port: number; wsPort: number | null; clients: number } & BrokerCounters;
  devices: ReturnType<DeviceHost['devices']>;
  commands: CommandHandler['counters'] | null;
  uplink: UplinkCounters & { backoffMs: number; cloudTimeKnown: boolean };
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
  const clock = deps.clock ?? new Clock();
  const startedAt = clock.wallMs();
  const bus = new EventBus(log.child({ mod: 'bus' }));
  const db = openStateDb(join(dataDir, 'edge.db'));
  const meta = new Meta(db);
  const site0 = configInForce(db, deps.site, log);
  const outbox = new Outbox({
    db,
    log: log.child({ mod: 'outbox' }),
    maxBytes: deps.outbox?.maxBytes ?? site0.gateway.outbox.maxMb * 1024 * 1024,
    maxDeadLetters: deps.outbox?.maxDeadLetters,
    reserveBytes: deps.outbox?.reserveBytes,
  });
  const recorder: EventRecorder = new EventRecorder({
    outbox,
    bus,
    log,
    identity: () => ({ compoundId: site0.compound.id, gatewayId: site0.gateway.id }),
    wall: () => clock.wall(),
    onCommitted: (e) => host.onCommitted(e),
    onStored: () => forwarder?.kick(),
  });
  const emit: Edge['emit'] = (deviceId, body, opts) => recorder.emit(deviceId, body, opts);
  const logins = new DeviceLogins(site0);
  const b = deps.broker ?? {};
  const host: DeviceHost = new DeviceHost({
    site: site0,
    dataDir,
    db,
    bus,
    log,
    clock,
    recorder,
    logins,
    local: { publish: (topic, payload, opts) => broker.publish(topic, payload, opts) },
    gpio: deps.gpio ?? noGpio,
    onvif: deps.onvif ?? noOnvif,
    adapters: deps.adapters,
    rules: deps.rules,
    deviceTimeoutMs: deps.deviceTimeoutMs,
  });
  const broker = new BrokerService({
    logins,
    uplink: host.uplink,
    log: log.child({ mod: 'broker' }),
    host: b.host ?? site0.gateway.broker.host,
    port: b.port ?? site0.gateway.broker.port,
    wsPort: b.wsPort === undefined ? site0.gateway.broker.wsPort ?? null : b.wsPort,
    persistenceDir: b.persistent === false ? undefined : join(dataDir, 'broker'),
    maxPacketMs: b.maxPacketMs,
    loginBackoff: b.loginBackoff,
    wallMs: () => clock.wallMs(),
  });
  // A config push that removes or re-keys a device closes its session now, not at its next reconnect.
  logins.onChange(() => broker.evictStale());
  const diagnostics = new Diagnostics({
    dataDir,
    logs: deps.diagnostics?.logs ?? null,
    agentVersion: deps.agentVersion ?? AGENT_VERSION,
    ...(deps.diagnostics?.configPath ? { configPath: deps.diagnostics.configPath } : {}),
    ...(deps.diagnostics?.credentialsPath ? { credentialsPath: deps.diagnostics.credentialsPath } : {}),
    ...(deps.gpio ? { gpio: deps.gpio } : {}),
    onvif: deps.onvif ?? noOnvif,
    agent: { devices: () => Promise.resolve(host.devices()), execute: (_id, action) => Promise.resolve({ status: 'error', code: 'UNSUPPORTED', message: `${action.action} is not run by remote diagnostics` }) },
    now: () => clock.wall(),
  });
  const cloud = deps.cloud ?? null;
  const updater = new Updater({
    dataDir,
    layout: deps.update?.layout ?? null,
    agentVersion: deps.agentVersion ?? AGENT_VERSION,
    cloudKey: cloud?.cloudSigningKey ?? '',
    login: cloud?.password ? { username: cloud.username ?? cloud.gatewayId, password: cloud.password, ...(cloud.caPem ? { ca: cloud.caPem } : {}) } : null,
    log: log.child({ mod: 'update' }),
    wallMs: () => clock.wallMs(),
    requestRestart: (reason) => (deps.update ? deps.update.requestRestart(reason) : log.warn({ reason }, 'restart requested, but nothing supervises this agent')),
    ...(deps.update?.trialCheckMs ? { trialCheckMs: deps.update.trialCheckMs } : {}),
  });
  const service = new CommandService({
    db, dataDir, log: log.child({ mod: 'config' }), clock, host, recorder, onvif: deps.onvif ?? noOnvif,
    diagnose: (params) => diagnostics.collect(params),
    update: (params) => updater.apply(params),
    resendDeadLetters: () => housekeeping.resendDeadLetters('command'),
  });
  const forwarder: Forwarder | undefined = cloud ? createForwarder(cloud) : undefined;
  const results = forwarder ? new ResultQueue({ db, log: log.child({ mod: 'results' }), publish: (r) => forwarder.publishResult(r), wallMs: () => clock.wallMs() }) : undefined;
  const commands = cloud && results
    ? new CommandHandler({
        gatewayId: site0.gateway.id,
        cloudKey: cloud.cloudSigningKey,
        clock,
        nonces: new NonceStore(db, () => clock.cloudMs() ?? clock.wallMs()),
        log: log.child({ mod: 'commands' }),
        dispatch: (cmd) => service.dispatch(cmd),
        publishResult: async (r) => {
          await results.deliver(r);
          return true;
        },
      })
    : null;
  const health = () =>
    collectHealth({
      startedAt,
      dataDir,
      outbox,
      link: () => forwarder?.link ?? 'down',
      lastAckedSeq: () => forwarder?.lastAckedSeq ?? 0,
      devices: () => host.presence.counts(),
      brokerClients: () => broker.clientCount(),
      badMessages: () => broker.counters.badMessages,
      eventsRefused: () => broker.counters.eventsRefused,
    });
  const housekeeping = new Housekeeping({
    db,
    log,
    outbox,
    presence: () => host.presence,
    report: async () => void (await emit(site0.gateway.id, { type: 'gateway.health', data: await health() })),
    snapshot: () => ({ startedAt, brokerPort: broker.port, clients: broker.clientCount(), cloudLink: forwarder ? forwarder.link : 'disabled' }),
    onDeadLettersResent: () => forwarder?.rescan(),
    healthMs: deps.healthIntervalMs ?? site0.gateway.healthIntervalS * 1000,
    presenceCheckMs: deps.presenceCheckMs ?? Math.min(5000, site0.gateway.deviceTimeoutS * 250),
    checkMs: deps.deadLetterCheckMs ?? 3000,
  });
  let started = false;

  function createForwarder(link: CloudLink): Forwarder {
    let downSince: number | undefined = clock.monoMs();
    return new Forwarder({
      outbox,
      db,
      log: log.child({ mod: 'forwarder' }),
      clock,
      cloud: link,
      ...deps.forwarder,
      mqttOptions: { ...(link.caPem ? { ca: link.caPem } : {}), ...deps.forwarder?.mqttOptions },
      onCommand: (payload) => void commands?.handle(payload),
      onLink: (state) => {
        bus.emit('cloudLink', { state });
        housekeeping.writeSnapshot();
        // Results produced while the link was down go out now (setImmediate: after the subscribe).
        if (state === 'up') setImmediate(() => void results?.drain());
        const downForS = state === 'up' && downSince !== undefined ? Math.round((clock.monoMs() - downSince) / 1000) : undefined;
        downSince = state === 'down' ? clock.monoMs() : undefined;
        if (started) void emit(site0.gateway.id, { type: 'gateway.cloud_link', data: { state, ...(downForS !== undefined ? { downForS } : {}) } }).catch(() => undefined);
      },
    });
  }

  const status = (): EdgeStatus => {
    const s = host.site;
    return {
      site: { compoundId: s.compound.id, gatewayId: s.gateway.id, configVersion: s.configVersion },
      cloudLink: forwarder ? forwarder.link : 'disabled',
      outbox: outbox.stats(),
      lastAckedSeq: forwarder?.lastAckedSeq ?? 0,
      broker: { port: broker.port, wsPort: broker.wsPort, clients: broker.clientCount(), ...broker.counters },
      devices: host.devices(),
      commands: commands?.counters ?? null,
      uplink: {
        ...(forwarder?.counters ?? { batchesSent: 0, acks: 0, ackTimeouts: 0, retryAcks: 0, eventsAcked: 0, rejected: 0, unknownAcks: 0, unknownSeqs: 0 }),
        backoffMs: forwarder?.backoffMs ?? 0,
        cloudTimeKnown: clock.cloudSynced,
      },
    };
  };

  async function start(): Promise<void> {
    await broker.start();
    await host.start();
    const resumedFromSeq = outbox.lastSeq;
    const update = updater.startupReport();
    const startedEvent = await emit(site0.gateway.id, { type: 'gateway.started', data: { agentVersion: deps.agentVersion ?? AGENT_VERSION, resumedFromSeq, ...(update ? { update } : {}) } });
    await service.reportConfigInForce();
    if (forwarder) forwarder.start();
    else log.warn('no cloud credentials: running local-only, events wait in the outbox (run `yardguard-edge enroll`)');
    housekeeping.start();
    // A new version on trial is kept once the cloud acked its gateway.started (connected and heard).
    updater.watchTrial(
      () => forwarder?.link === 'up' && forwarder.lastAckedSeq >= startedEvent.seq,
      () => (forwarder?.link === 'up' ? `connected, but gateway.started (seq ${startedEvent.seq}) not acked (last acked ${forwarder.lastAckedSeq})` : 'no connection to the cloud'),
    );
    started = true;
    log.info({ gatewayId: site0.gateway.id, brokerPort: broker.port, wsPort: broker.wsPort, outboxDepth: outbox.depth, resumedFromSeq }, 'edge agent started');
  }

  async function stop(): Promise<void> {
    if (!started) return;
    started = false;
    updater.stop();
    housekeeping.stop();
    await forwarder?.stop();
    await host.stop();
    await broker.close();
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
    site: () => host.site,
    brokerPort: () => broker.port,
    wsPort: () => broker.wsPort,
    outbox: () => outbox,
    dispatch: (cmd) => service.dispatch(cmd),
    handleCommand: (payload) => (commands ? commands.handle(payload) : Promise.resolve(null)),
    health,
    status,
    localPublish: (topic, payload, opts) => broker.publish(topic, payload, opts),
  };
}
