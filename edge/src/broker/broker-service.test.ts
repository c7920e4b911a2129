/** The local broker as a service: nothing before start(), a real listener after, closed by close() (and again). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encode, newId, SCHEMA_VERSION, topics } from '@yardguard/firmware-config';
import { connectDevice, deviceLogin, testSite } from '../../test/support/helpers.js';
import { silentLogger } from '../log.js';
import { BrokerService } from './broker-service.js';
import { DeviceLogins } from './device-auth.js';
import type { DeviceUplink } from './local-broker.js';

let svc: BrokerService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

function service(): { svc: BrokerService; uplink: DeviceUplink } {
  const uplink: DeviceUplink = {
    onEvent: vi.fn((_d, _p, done: (err: Error | null) => void) => done(null)),
    onHeartbeat: vi.fn(),
    onAvailability: vi.fn(),
    onCommandResult: vi.fn(),
    onDisconnect: vi.fn(),
  };
  svc = new BrokerService({ logins: new DeviceLogins(testSite()), uplink, log: silentLogger(), host: '127.0.0.1', port: 0, wsPort: null });
  return { svc, uplink };
}

describe('BrokerService', () => {
  it('before start: no port, idle counters, no clients, publishing fails clearly', async () => {
    const { svc: s } = service();
    expect(s.port).toBe(0);
    expect(s.wsPort).toBeNull();
    expect(s.clientCount()).toBe(0);
    expect(s.counters.eventsAccepted).toBe(0);
    await expect(s.publish(topics.deviceCommand('gate-1'), '{}')).rejects.toThrow(/not started/);
  });

  it('after start: devices log in, events reach the uplink, counters and client count are live', async () => {
    const { svc: s, uplink } = service();
    await s.start();
    expect(s.port).toBeGreaterThan(0);
    const dev = await connectDevice(s.port, deviceLogin('gate-1'));
    expect(s.clientCount()).toBe(1);
    const got = new Promise<string>((resolve) => dev.on('message', (_t, p) => resolve(p.toString())));
    await dev.subscribeAsync(topics.deviceCommand('gate-1'), { qos: 1 });
    await s.publish(topics.deviceCommand('gate-1'), '{"hello":1}', { qos: 1 });
    expect(await got).toBe('{"hello":1}');
    await dev.publishAsync(topics.deviceEvent('gate-1'), encode({ v: SCHEMA_VERSION, id: newId(), type: 'gate.door_opened', data: {} }), { qos: 1 });
    expect(uplink.onEvent).toHaveBeenCalledTimes(1);
    expect(s.counters.eventsAccepted).toBe(1);
    await dev.endAsync();
  });

  it('close stops listening, returns to the idle state and can be called twice', async () => {
    const { svc: s } = service();
    await s.start();
    const port = s.port;
    await s.close();
    expect(s.port).toBe(0);
    await expect(s.publish(topics.deviceCommand('gate-1'), '{}')).rejects.toThrow(/not started/);
    await expect(connectDevice(port, { ...deviceLogin('gate-1'), reconnectPeriod: 0, connectTimeout: 2_000 })).rejects.toThrow();
    await s.close();
  });
});
