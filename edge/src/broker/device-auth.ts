/**
 * Who may log in to the compound broker: the MQTT devices of the site config, each with its own
 * username and scrypt password hash. scrypt costs tens of milliseconds, so it runs on the thread
 * pool (never on the event loop that carries alarms), and a successful check is cached (keyed by
 * a SHA-256 of the password and the stored hash) to keep reconnect storms cheap; a config push
 * that changes a hash invalidates its entry by construction.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { listDevices, mqttDevicesOf, type DeviceKind, type SiteConfig } from '@yardguard/firmware-config/wire';
import { verifyPasswordAsync } from '@yardguard/firmware-config/node';

export interface DeviceIdentity {
  deviceId: string;
  kind: DeviceKind;
  username: string;
}

interface Login extends DeviceIdentity {
  passwordHash: string;
}

export class DeviceLogins {
  private byUsername = new Map<string, Login>();
  private kinds = new Map<string, DeviceKind>();
  private readonly verified = new Map<string, Buffer>();

  constructor(site: SiteConfig) {
    this.load(site);
  }

  private readonly changeListeners: (() => void)[] = [];

  /** Called after every load() (the broker closes sessions the new table no longer allows). */
  onChange(fn: () => void): void {
    this.changeListeners.push(fn);
  }

  /** Replace the login table (config push); listeners (onChange) then drop stale sessions. */
  load(site: SiteConfig): void {
    const next = new Map<string, Login>();
    for (const { device, login } of mqttDevicesOf(site)) next.set(login.username, { deviceId: device.config.id, kind: device.kind, ...login });
    this.byUsername = next;
    this.kinds = new Map(listDevices(site).map((d) => [d.id, d.kind]));
    for (const fn of this.changeListeners ?? []) fn();
  }

  /** The identity for a username/password pair, or null. */
  async check(username: string | undefined, password: Buffer | undefined): Promise<DeviceIdentity | null> {
    if (!username || !password) return null;
    const login = this.byUsername.get(username);
    if (!login) return null;
    const key = `${username}\u0000${login.passwordHash}`;
    const digest = createHash('sha256').update(password).digest();
    const cached = this.verified.get(key);
    if (cached) return timingSafeEqual(cached, digest) ? identity(login) : null;
    if (!(await verifyPasswordAsync(password, login.passwordHash))) return null;
    this.verified.set(key, digest);
    return identity(login);
  }

  /** The password hash a username logs in with now (sessions opened under another are stale). */
  passwordHashOf(username: string): string | undefined {
    return this.byUsername.get(username)?.passwordHash;
  }

  /** Whether a session opened as `who` (with `hashAtLogin`) is still allowed by the table in force. */
  stillAllowed(who: DeviceIdentity, hashAtLogin: string | undefined): boolean {
    const login = this.byUsername.get(who.username);
    return login !== undefined && login.deviceId === who.deviceId && login.kind === who.kind && login.passwordHash === hashAtLogin;
  }

  kindOf(deviceId: string): DeviceKind | undefined {
    return this.kinds.get(deviceId);
  }

  /** MQTT devices (the ones whose presence the broker observes). */
  mqttDevices(): DeviceIdentity[] {
    return [...this.byUsername.values()].map(identity);
  }
}

const identity = (l: Login): DeviceIdentity => ({ deviceId: l.deviceId, kind: l.kind, username: l.username });
