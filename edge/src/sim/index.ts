/**
 * A whole simulated compound for the demo, end-to-end tests and the benchmark: an MQTT simulator
 * for every MQTT gate and column (own login `demo-<id>` unless told otherwise), an ONVIF camera
 * simulator per camera (their URLs rewrite the site config), and a FakeGpio that plays the doors,
 * buttons and relays of the GPIO devices (pass `compound.gpio` to the edge as its GpioPort).
 *
 *   const compound = await startSimulatedCompound(site);            // cameras + GPIO now
 *   const edge = createEdge({ site: compound.site, gpio: compound.gpio, ... });
 *   await compound.connectMqtt(brokerUrl);                          // MQTT devices once the broker is up
 *   await compound.gates.get('gate-main')!.forceDoor();
 *
 * Passing brokerUrl to startSimulatedCompound connects the MQTT devices at once.
 * `simulatedEdgeDeps(compound)` gives the createEdge deps that drive the twins:
 *   createEdge({ ...simulatedEdgeDeps(compound), dataDir, broker: { port: 0 } })
 */
import type { DeviceKind, SiteConfig } from '@yardguard/firmware-config/wire';
import { FakeGpio } from '../hw/fake-gpio.js';
import { createNodeOnvifPort } from '../hw/node-onvif-port.js';
import { secretsMapResolver, type CameraCredentials } from '../devices/camera/credentials.js';
import { createAdapters } from '../devices/registry.js';
import { createRulesEngine } from '../rules/engine.js';
import type { EdgeDeps } from '../edge.js';
import { AlarmColumnSim } from './alarm-column-sim.js';
import { DoorContactSim, GpioDoorContactSim } from './door-contact-sim.js';
import { GpioColumnSim, GpioGateSim } from './gpio-device-sims.js';
import { MqttGateSim } from './mqtt-gate-sim.js';
import { OnvifCameraSim } from './onvif-camera-sim.js';

export { AlarmColumnSim } from './alarm-column-sim.js';
export { DoorContactSim, GpioDoorContactSim } from './door-contact-sim.js';
export { GpioColumnSim, GpioGateSim } from './gpio-device-sims.js';
export { MqttDeviceSim } from './mqtt-device-sim.js';
export { MqttGateSim } from './mqtt-gate-sim.js';
export { OnvifCameraSim } from './onvif-camera-sim.js';
export { paddedJpeg, sampleJpeg } from './sample-jpeg.js';

export interface SimulatedGate {
  readonly id: string;
  readonly driver: 'gpio' | 'mqtt';
  forceDoor(): Promise<void>;
  closeDoor(): Promise<void>;
}

export interface SimulatedCompoundOptions {
  brokerUrl?: string;
  /** Password of an MQTT device (default `demo-<deviceId>`, as in the sample configs). */
  passwordFor?: (deviceId: string) => string;
  heartbeatMs?: number;
  /** Door opens this long after a grant / relay release (default 300 ms; 0 = nobody walks through). */
  walkThroughMs?: number;
  closeAfterMs?: number;
  /** Use this FakeGpio instead of a new one. */
  gpio?: FakeGpio;
  /** Camera simulators answer WS-Discovery: true = loopback UDP (tests), 'multicast' = like real cameras. */
  discovery?: boolean | 'multicast';
}

export interface SimulatedCompound {
  /** The input config with every camera's xaddr pointing at its simulator. */
  site: SiteConfig;
  gpio: FakeGpio;
  /** Camera logins by credentialsRef, for the edge's secrets resolver. */
  cameraCredentials: Record<string, CameraCredentials>;
  cameraUrls: Record<string, string>;
  cameras: Map<string, OnvifCameraSim>;
  gates: Map<string, SimulatedGate>;
  mqttGates: Map<string, MqttGateSim>;
  gpioGates: Map<string, GpioGateSim>;
  columns: Map<string, AlarmColumnSim | GpioColumnSim>;
  /** Household door contacts (care of residents living alone). */
  doorContacts: Map<string, DoorContactSim | GpioDoorContactSim>;
  /** Every twin by kind: the type makes a kind without a simulator a compile error here. */
  twins: { readonly [K in DeviceKind]: ReadonlyMap<string, unknown> };
  connectMqtt(brokerUrl: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatedCompound(input: SiteConfig, opts: SimulatedCompoundOptions = {}): Promise<SimulatedCompound> {
  const passwordFor = opts.passwordFor ?? ((id: string) => `demo-${id}`);
  const gpio = opts.gpio ?? new FakeGpio();
  const cameras = new Map<string, OnvifCameraSim>();
  const cameraUrls: Record<string, string> = {};
  const cameraCredentials: Record<string, CameraCredentials> = {};
  for (const c of input.cameras) {
    const creds = c.onvif.credentialsRef ? { user: 'admin', pass: `demo-${c.id}` } : undefined;
    const sim = new OnvifCameraSim({ ...(creds ?? {}), name: c.name, discovery: opts.discovery ?? false, events: c.events });
    cameraUrls[c.id] = await sim.start();
    if (creds && c.onvif.credentialsRef) cameraCredentials[c.onvif.credentialsRef] = creds;
    cameras.set(c.id, sim);
  }
  const site: SiteConfig = { ...input, cameras: input.cameras.map((c) => ({ ...c, onvif: { ...c.onvif, xaddr: cameraUrls[c.id]! } })) };

  const gates = new Map<string, SimulatedGate>();
  const mqttGates = new Map<string, MqttGateSim>();
  const gpioGates = new Map<string, GpioGateSim>();
  const columns = new Map<string, AlarmColumnSim | GpioColumnSim>();
  const walk = { ...(opts.walkThroughMs !== undefined ? { walkThroughMs: opts.walkThroughMs } : {}), ...(opts.closeAfterMs !== undefined ? { closeAfterMs: opts.closeAfterMs } : {}) };
  for (const g of input.gates) {
    if (g.driver !== 'gpio') continue;
    const sim = new GpioGateSim(gpio, g, walk);
    gpioGates.set(g.id, sim);
    gates.set(g.id, sim);
  }
  for (const a of input.alarmColumns) if (a.driver === 'gpio') columns.set(a.id, new GpioColumnSim(gpio, a));
  const doorContacts = new Map<string, DoorContactSim | GpioDoorContactSim>();
  for (const d of input.doorContacts) if (d.driver === 'gpio') doorContacts.set(d.id, new GpioDoorContactSim(gpio, d));

  const mqttSims: (MqttGateSim | AlarmColumnSim | DoorContactSim)[] = [];
  const connectMqtt = async (brokerUrl: string) => {
    const common = (id: string, username: string) => ({ brokerUrl, deviceId: id, username, password: passwordFor(id), ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}) });
    for (const g of input.gates) {
      if (g.driver !== 'mqtt' || mqttGates.has(g.id)) continue;
      const sim = new MqttGateSim({ ...common(g.id, g.mqtt.username), ...walk });
      mqttGates.set(g.id, sim);
      gates.set(g.id, { id: g.id, driver: 'mqtt', forceDoor: () => sim.forceDoor(), closeDoor: () => sim.closeDoor() });
      mqttSims.push(sim);
    }
    for (const a of input.alarmColumns) {
      if (a.driver !== 'mqtt' || columns.has(a.id)) continue;
      const sim = new AlarmColumnSim(common(a.id, a.mqtt.username));
      columns.set(a.id, sim);
      mqttSims.push(sim);
    }
    for (const d of input.doorContacts) {
      if (d.driver !== 'mqtt' || doorContacts.has(d.id)) continue;
      const sim = new DoorContactSim(common(d.id, d.mqtt.username));
      doorContacts.set(d.id, sim);
      mqttSims.push(sim);
    }
    await Promise.all(mqttSims.filter((s) => !s.connected).map((s) => s.start()));
  };
  if (opts.brokerUrl) await connectMqtt(opts.brokerUrl);

  return {
    site,
    gpio,
    cameraCredentials,
    cameraUrls,
    cameras,
    gates,
    mqttGates,
    gpioGates,
    columns,
    doorContacts,
    twins: { gate: gates, camera: cameras, alarm_column: columns, door_contact: doorContacts },
    connectMqtt,
    async stop() {
      await Promise.all(mqttSims.map((s) => s.stop()));
      for (const g of gpioGates.values()) g.stop();
      await Promise.all([...cameras.values()].map((c) => c.stop()));
    },
  };
}

/** The createEdge deps for a simulated compound: its site, FakeGpio, node-onvif, the real adapters and rules. */
export function simulatedEdgeDeps(compound: SimulatedCompound): Pick<EdgeDeps, 'site' | 'gpio' | 'onvif' | 'adapters' | 'rules'> {
  const credentials = secretsMapResolver(compound.cameraCredentials);
  return {
    site: compound.site,
    gpio: compound.gpio,
    onvif: createNodeOnvifPort(),
    adapters: (site, ctx) => createAdapters(site, ctx, { credentials }),
    rules: createRulesEngine,
  };
}
