// A config push that removes a device, or changes its password, closes that device's MQTT session
// at once (not at its next reconnect), and it cannot log in again; the other devices stay connected.
import { afterEach, describe, expect, it } from 'vitest';
import { newId, SCHEMA_VERSION, type Command } from '@yardguard/firmware-config';
import type { MqttClient } from 'mqtt';
import { buildEdge, type BuiltEdge } from './support/build-edge.js';
import { connectDevice, deviceLogin, hashOnce, testSite, waitFor } from './support/helpers.js';

let b: BuiltEdge | undefined;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.end(true);
  await b?.cleanup();
  b = undefined;
});

const push = (edge: BuiltEdge['edge'], configVersion: number, config: unknown) =>
  edge.dispatch({
    v: SCHEMA_VERSION, id: newId(), gatewayId: 'gw-test', deviceId: 'gw-test', issuedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(), nonce: newId().replace(/-/g, ''), issuedBy: 'test',
    action: 'config.push', params: { configVersion, config },
  } as Command);

describe('config push and live device sessions', () => {
  it('closes the session of a removed device and of a re-keyed one at once; the others stay', async () => {
    b = await buildEdge({ site: testSite({ columns: 3 }) });
    const connect = async (id: string) => {
      const c = await connectDevice(b!.port, deviceLogin(id));
      clients.push(c);
      return c;
    };
    const [c1, c2, c3] = [await connect('column-1'), await connect('column-2'), await connect('column-3')];
    const closed = new Set<string>();
    for (const [id, c] of [['column-1', c1], ['column-2', c2], ['column-3', c3]] as const) c!.on('close', () => closed.add(id));

    // column-2 is removed, column-3 gets a new password, column-1 is unchanged.
    const next = testSite({ columns: 3 });
    const cfg = {
      ...next,
      alarmColumns: next.alarmColumns
        .filter((a) => a.id !== 'column-2')
        .map((a) => (a.id === 'column-3' && a.driver === 'mqtt' ? { ...a, mqtt: { ...a.mqtt, passwordHash: hashOnce('new-password-3') } } : a)),
    };
    const r = await push(b.edge, 2, cfg);
    expect(r).toMatchObject({ status: 'ok', outcome: 'config_applied' });
    // Closed by the push itself: no reconnect, no keepalive needed (the clients never reconnect here).
    await waitFor(() => closed.has('column-2') && closed.has('column-3'), { what: 'removed and re-keyed sessions closed', timeoutMs: 15_000 });
    expect(closed.has('column-1')).toBe(false);
    expect(c1!.connected).toBe(true);
    expect(b.edge.status().broker.clients).toBe(1);

    await expect(connectDevice(b.port, deviceLogin('column-2'))).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(connectDevice(b.port, deviceLogin('column-3'))).rejects.toThrow(/Bad username or password|Not authorized/i);
    clients.push(await connectDevice(b.port, { ...deviceLogin('column-3'), password: 'new-password-3' }));
  });
});
