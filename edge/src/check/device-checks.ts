/**
 * Each device with what works. Inputs (door contact, exit button, alarm button) are read live
 * from GPIO; cameras are probed and asked for a snapshot; a relay is pulsed and a column chimes
 * only after a confirmation (a gate really unlocks). With the agent running, relay and chime go
 * through it (`agent`): the gate adapter records the grant, so the door opening is not an alarm,
 * and MQTT devices can only be reached through its broker. Without the agent GPIO is driven
 * directly and MQTT devices are reported as not checked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpioPinsOf, mqttLoginOf, resolveRelay, siteDevices, type AlarmColumnConfig, type KindedDevice, type CameraConfig, type CommandAction, type GateConfig, type SiteConfig } from '@yardguard/firmware-config/wire';
import type { GpioPort, Level } from '../hw/gpio-port.js';
import type { OnvifPort } from '../hw/onvif-port.js';
import { levelOf } from '../hw/levels.js';
import type { CameraCredentials } from '../devices/camera/credentials.js';
import type { CommandOutcome } from '../devices/types.js';
import type { CheckRow, CheckStatus } from './report.js';

/** The running agent, as `check` reaches it (control socket) or as diagnostics run inside it. */
export interface AgentLink {
  devices(): Promise<{ id: string; online: boolean | undefined }[]>;
  execute(deviceId: string, action: CommandAction): Promise<CommandOutcome>;
}

export interface DeviceAccess {
  gpio?: GpioPort;
  /** Why GPIO is unavailable (shown on every GPIO row). */
  gpioError?: string;
  onvif: OnvifPort;
  cameraCredentials: Record<string, CameraCredentials>;
  /** null: the agent is not running. */
  agent: AgentLink | null;
  /** Asked before anything moves (relay, siren). false = skipped. */
  confirm(question: string): Promise<boolean>;
  /** Where to keep the probe snapshots (so the installer can look at them). */
  snapshotDir?: string;
}

/** A pulse long enough to hear the relay click, short enough that nobody walks through. */
const CHECK_PULSE_MS = 500;
const CHIME_S = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Row = Omit<CheckRow, 'area' | 'item'>;

export async function deviceChecks(site: SiteConfig, access: DeviceAccess): Promise<CheckRow[]> {
  const presence = access.agent ? await access.agent.devices().then((d) => new Map(d.map((x) => [x.id, x.online])), () => null) : null;
  const rows: CheckRow[] = [];
  const push = (item: string, r: Row) => rows.push({ area: 'device', item, ...r });
  for (const d of siteDevices(site)) {
    const found = d.kind === 'gate' ? await gateChecks(d.config, access, presence)
      : d.kind === 'camera' ? await cameraChecks(d.config, access)
        : d.kind === 'alarm_column' ? await columnChecks(d.config, access, presence)
          : await genericChecks(d, access, presence);
    for (const r of found) push(d.config.id, r);
  }
  return rows;
}

/**
 * Any other kind (a door contact, a new kind): is the MQTT device connected, what do its GPIO
 * inputs read. Nothing is moved.
 */
async function genericChecks(d: KindedDevice, access: DeviceAccess, presence: Map<string, boolean | undefined> | null): Promise<Row[]> {
  if (mqttLoginOf(d)) return [mqttSeen(d.config.id, presence)];
  const pins = gpioPinsOf(d);
  if (!pins.length) return [{ check: 'device', status: 'skip', detail: `no check for a ${d.kind}` }];
  const missing = gpioMissing('gpio', access);
  if (missing) return [missing];
  const rows: Row[] = [];
  for (const { pin, path } of pins) rows.push({ check: path.join('.'), status: 'ok', detail: `BCM ${pin} reads ${await readInput(access.gpio!, pin)}` });
  return rows;
}

function gpioMissing(check: string, access: DeviceAccess): Row | null {
  if (access.gpio) return null;
  return { check, status: 'fail', detail: `GPIO unavailable: ${access.gpioError ?? 'no GPIO port'}`, fix: 'run on the Pi as a member of the gpio group (usermod -aG gpio yardguard), or change the device to driver "mqtt"' };
}

/**
 * Read one input once. Same edge as the adapters (writing another would reconfigure the running
 * agent's line); neither released nor unwatched: the agent may be watching this line.
 */
function readInput(gpio: GpioPort, pin: number): Promise<Level> {
  return gpio.input(pin, 'both').read();
}

function mqttSeen(id: string, presence: Map<string, boolean | undefined> | null): Row {
  if (!presence) return { check: 'mqtt seen', status: 'skip', detail: 'agent not running: MQTT devices connect to its broker', fix: 'start the agent (systemctl start yardguard-edge) and check again' };
  const online = presence.get(id);
  if (online === true) return { check: 'mqtt seen', status: 'ok', detail: 'connected to the gateway broker' };
  return {
    check: 'mqtt seen', status: 'fail', detail: online === false ? 'offline (disconnected or silent past deviceTimeoutS)' : 'never connected since the agent started',
    fix: 'power and network of the device; its MQTT login must match mqtt.username and the password hashed into mqtt.passwordHash; broker address = this gateway',
  };
}

async function viaAgent(access: DeviceAccess, deviceId: string, action: CommandAction, check: string, okDetail: string): Promise<Row> {
  const r = await access.agent!.execute(deviceId, action).catch((e: unknown): CommandOutcome => ({ status: 'error', code: 'DEVICE_TIMEOUT', message: (e as Error).message }));
  if (r.status === 'ok') return { check, status: 'ok', detail: `${okDetail} (${r.outcome})` };
  if (r.code === 'DOOR_NOT_OPENED') return { check, status: 'warn', detail: 'relay pulsed, the door contact did not report the door opening', fix: 'push the door while checking, or check the door contact wiring and doorOpenLevel' };
  return { check, status: 'fail', detail: `${r.code}: ${r.message}`, fix: r.code === 'DEVICE_OFFLINE' || r.code === 'DEVICE_TIMEOUT' ? 'the device did not answer: power, network and MQTT login' : 'see the agent log (journalctl -u yardguard-edge)' };
}

async function gateChecks(g: GateConfig, access: DeviceAccess, presence: Map<string, boolean | undefined> | null): Promise<Row[]> {
  const rows: Row[] = [];
  if (g.driver === 'mqtt') rows.push(mqttSeen(g.id, presence));
  else {
    const missing = gpioMissing('gpio', access);
    if (missing) return [missing];
    const gpio = access.gpio!;
    if (g.doorContactPin !== undefined) {
      const level = await readInput(gpio, g.doorContactPin);
      const open = level === levelOf(g.doorOpenLevel);
      rows.push(open
        ? { check: 'door contact', status: 'warn', detail: `reads OPEN (BCM ${g.doorContactPin} = ${level})`, fix: 'close the door; if it is closed, the contact is not wired or doorOpenLevel is inverted' }
        : { check: 'door contact', status: 'ok', detail: `reads closed (BCM ${g.doorContactPin} = ${level})` });
    }
    if (g.exitButtonPin !== undefined) {
      const level = await readInput(gpio, g.exitButtonPin);
      const pressed = level === levelOf(g.exitButtonLevel);
      rows.push(pressed
        ? { check: 'exit button', status: 'warn', detail: `reads PRESSED (BCM ${g.exitButtonPin} = ${level})`, fix: 'a button stuck or exitButtonLevel inverted (pull-ups are set in /boot/firmware/config.txt on Bookworm)' }
        : { check: 'exit button', status: 'ok', detail: `reads released (BCM ${g.exitButtonPin} = ${level})` });
    }
  }
  if (!(await access.confirm(`Pulse the relay of gate ${g.id} (${g.name})? The lock releases for ${CHECK_PULSE_MS} ms.`))) {
    rows.push({ check: 'relay', status: 'skip', detail: 'not pulsed (not confirmed; pass --yes to pulse without asking)' });
    return rows;
  }
  if (access.agent) {
    rows.push(await viaAgent(access, g.id, { action: 'gate.open', params: { pulseMs: CHECK_PULSE_MS } }, 'relay', `pulsed ${CHECK_PULSE_MS} ms through the agent`));
  } else if (g.driver === 'gpio') {
    const { pin, activeLevel } = resolveRelay(g);
    const on = levelOf(activeLevel);
    const off: Level = on === 1 ? 0 : 1;
    try {
      const relay = access.gpio!.output(pin, off);
      await relay.write(on);
      await sleep(CHECK_PULSE_MS);
      await relay.write(off);
      rows.push({ check: 'relay', status: 'ok', detail: `pulsed BCM ${pin} ${activeLevel}-active for ${CHECK_PULSE_MS} ms: listen for the click` });
    } catch (e) {
      rows.push({ check: 'relay', status: 'fail', detail: `cannot drive BCM ${pin}: ${(e as Error).message}`, fix: 'check the relay pin and that the agent user is in the gpio group' });
    }
  } else {
    rows.push({ check: 'relay', status: 'skip', detail: 'MQTT gate: pulsed through the agent only', fix: 'start the agent and check again' });
  }
  return rows;
}

async function columnChecks(a: AlarmColumnConfig, access: DeviceAccess, presence: Map<string, boolean | undefined> | null): Promise<Row[]> {
  const rows: Row[] = [];
  if (a.driver === 'mqtt') rows.push(mqttSeen(a.id, presence));
  else {
    const missing = gpioMissing('gpio', access);
    if (missing) return [missing];
    const level = await readInput(access.gpio!, a.buttonPin);
    rows.push(level === levelOf(a.buttonLevel)
      ? { check: 'alarm button', status: 'warn', detail: `reads PRESSED (BCM ${a.buttonPin} = ${level})`, fix: 'release the button; if released, check wiring and buttonLevel' }
      : { check: 'alarm button', status: 'ok', detail: `reads released (BCM ${a.buttonPin} = ${level})` });
  }
  if (!(await access.confirm(`Sound a short chime (${CHIME_S} s) on alarm column ${a.id} (${a.name})?`))) {
    rows.push({ check: 'chime', status: 'skip', detail: 'not sounded (not confirmed; pass --yes)' });
    return rows;
  }
  if (access.agent) {
    rows.push(await viaAgent(access, a.id, { action: 'siren.start', params: { pattern: 'chime', durationS: CHIME_S } }, 'chime', `answered a ${CHIME_S} s chime`));
  } else if (a.driver === 'gpio') {
    const on = levelOf(a.sirenActiveLevel);
    const off: Level = on === 1 ? 0 : 1;
    try {
      const siren = access.gpio!.output(a.sirenPin, off);
      await siren.write(on);
      await sleep(300);
      await siren.write(off);
      rows.push({ check: 'chime', status: 'ok', detail: `siren BCM ${a.sirenPin} sounded 300 ms: listen for it` });
    } catch (e) {
      rows.push({ check: 'chime', status: 'fail', detail: `cannot drive BCM ${a.sirenPin}: ${(e as Error).message}`, fix: 'check sirenPin and the gpio group' });
    }
  } else {
    rows.push({ check: 'chime', status: 'skip', detail: 'MQTT column: reached through the agent only', fix: 'start the agent and check again' });
  }
  return rows;
}

async function cameraChecks(c: CameraConfig, access: DeviceAccess): Promise<Row[]> {
  const creds = c.onvif.credentialsRef ? access.cameraCredentials[c.onvif.credentialsRef] : undefined;
  const cam = access.onvif.connect({ xaddr: c.onvif.xaddr, ...(creds ? { user: creds.user, pass: creds.pass } : {}) });
  const rows: Row[] = [];
  const timeout = <T>(p: Promise<T>, ms: number) => Promise.race([p, sleep(ms).then(() => { throw new Error(`no answer in ${ms / 1000} s`); })]);
  try {
    const info = await timeout(cam.init(), 10_000);
    rows.push({ check: 'onvif', status: 'ok', detail: `${[info.manufacturer, info.model].filter(Boolean).join(' ') || 'camera'} at ${c.onvif.xaddr}` });
  } catch (e) {
    const msg = (e as Error).message;
    const auth = /401|unauthori[sz]ed|not authori[sz]ed|sender not authorized/i.test(msg);
    rows.push({ check: 'onvif', status: 'fail', detail: `${c.onvif.xaddr}: ${msg}`.slice(0, 300), fix: auth ? `the camera refused the login: fix "${c.onvif.credentialsRef ?? '(no credentialsRef)'}" in secrets.json` : 'power and network of the camera; ONVIF enabled in its web page; xaddr right (yardguard-edge discover lists cameras)' });
    return rows;
  }
  try {
    const snap = await timeout(cam.snapshot(), 15_000);
    let where = '';
    if (access.snapshotDir) {
      const file = join(access.snapshotDir, `check-${c.id}.jpg`);
      try {
        writeFileSync(file, snap.body);
        where = `, saved to ${file}`;
      } catch {
        /* a read-only data dir does not make the camera broken */
      }
    }
    const status: CheckStatus = snap.body.length > 0 ? 'ok' : 'fail';
    rows.push({ check: 'snapshot', status, detail: `${(snap.body.length / 1024).toFixed(1)} KiB ${snap.contentType}${where}`, ...(status === 'fail' ? { fix: 'the camera sent an empty image: check its snapshot settings' } : {}) });
  } catch (e) {
    rows.push({ check: 'snapshot', status: 'fail', detail: (e as Error).message.slice(0, 300), fix: 'enable the snapshot URI in the camera (ONVIF media profile) and check the login in secrets.json' });
  }
  return rows;
}
