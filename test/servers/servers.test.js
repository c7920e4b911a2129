// Self-test of the real-server helpers: each server starts, answers a real client, and is gone after stop().
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import pg from 'pg';
import mqtt from 'mqtt';
import { freePort, startInflux, startMosquitto, startPostgres, waitFor } from './index.js';
// fixed-dates-ok: the influx point's fixed timestamp is stored and summed over all time; no clock is read.

const portClosed = async (/** @type {number} */ port) => {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
};

describe('test/servers', () => {
  it('freePort returns a bindable port and waitFor polls until true', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    let n = 0;
    await expect(waitFor(() => ++n >= 3, { intervalMs: 1 })).resolves.toBe(true);
    await expect(waitFor(() => false, { timeoutMs: 50, message: 'never' })).rejects.toThrow(/never/);
  });

  it('startPostgres answers SELECT 1 and stops', async () => {
    const server = await startPostgres();
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const res = await client.query('SELECT 1 AS one, current_database() AS db');
    expect(res.rows[0]).toEqual({ one: 1, db: 'yardguard_test' });
    await client.end();
    await server.stop();
    expect(await portClosed(server.port)).toBe(true);
  });

  it('startInflux accepts a write and returns it from a query', async () => {
    const server = await startInflux({ db: 'selftest' });
    const write = await fetch(`${server.url}/write?db=${server.db}&precision=ms`, {
      method: 'POST',
      body: 'yg_selftest,compound=c1 count=3i 1700000000000',
    });
    expect(write.status).toBe(204);
    const q = encodeURIComponent('SELECT sum("count") FROM yg_selftest');
    const body = await (await fetch(`${server.url}/query?db=${server.db}&q=${q}`)).json();
    expect(body.results[0].series[0].values[0][1]).toBe(3);
    await server.stop();
    expect(await portClosed(server.port)).toBe(true);
  });

  it('startMosquitto relays a publish to a subscriber and stops', async () => {
    const server = await startMosquitto();
    const sub = await mqtt.connectAsync(server.url, { protocolVersion: 5 });
    const pub = await mqtt.connectAsync(server.url);
    /** @type {string[]} */
    const got = [];
    sub.on('message', (_topic, payload) => got.push(payload.toString()));
    await sub.subscribeAsync('$share/g/selftest/#', { qos: 1 });
    await pub.publishAsync('selftest/a', 'hello', { qos: 1 });
    await waitFor(() => got.length === 1, { message: 'message received' });
    expect(got).toEqual(['hello']);
    await Promise.all([sub.endAsync(), pub.endAsync()]);
    await server.stop();
    expect(await portClosed(server.port)).toBe(true);
  });

  it('stop() removes the temp dir of each server', async () => {
    const servers = await Promise.all([startMosquitto(), startInflux(), startPostgres()]);
    for (const s of servers) expect(existsSync(s.dir)).toBe(true);
    await Promise.all(servers.map((s) => s.stop()));
    for (const s of servers) expect(existsSync(s.dir)).toBe(false);
  });

  it('a server outlives no test process: killed hard, its watchdog kills the server and removes its dir', async () => {
    const { execFile } = await import('node:child_process');
    const script = `
      import { startMosquitto } from ${JSON.stringify(new URL('./index.js', import.meta.url).href)};
      const s = await startMosquitto();
      console.log(JSON.stringify({ port: s.port, dir: s.dir }));
      process.kill(process.pid, 'SIGKILL');
    `;
    const out = await new Promise((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], (_err, stdout) => resolve(stdout));
    });
    const { port, dir } = JSON.parse(String(out).trim());
    await waitFor(() => portClosed(port), { timeoutMs: 10_000, message: 'orphaned mosquitto killed' });
    await waitFor(() => !existsSync(dir), { timeoutMs: 10_000, message: 'orphan dir removed' });
  });
});
