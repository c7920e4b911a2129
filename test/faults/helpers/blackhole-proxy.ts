/**
 * A loopback TCP proxy that can black-hole the link: `blackhole()` stops reading in both directions
 * (nothing is answered, nothing is reset: the peers see silence, their writes back up as on a dead
 * route), and new connections are accepted but go nowhere. `restore()` lets everything flow again,
 * like a route that comes back (TCP retransmits what was sent). Peers that gave up meanwhile (keepalive)
 * close and reconnect on their own.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface BlackholeProxy {
  port: number;
  url: string;
  blackhole(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startBlackholeProxy(upstreamPort: number): Promise<BlackholeProxy> {
  let dark = false;
  const pairs = new Set<{ client: Socket; upstream?: Socket }>();
  const pending: (() => void)[] = [];

  const join = (pair: { client: Socket; upstream?: Socket }) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    pair.upstream = upstream;
    // Plain data handlers, not pipe(): pipe() would resume a paused side on the next drain.
    pair.client.on('data', (d: Buffer) => upstream.write(d));
    upstream.on('data', (d: Buffer) => pair.client.write(d));
    if (!dark) pair.client.resume();
    const end = () => {
      pairs.delete(pair);
      pair.client.destroy();
      upstream.destroy();
    };
    upstream.on('close', end);
    upstream.on('error', end);
    if (dark) upstream.pause();
  };

  const server = createServer((client) => {
    const pair: { client: Socket; upstream?: Socket } = { client };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (dark) {
      client.pause();
      pending.push(() => join(pair));
    } else {
      join(pair);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    port: address.port,
    url: `mqtt://127.0.0.1:${address.port}`,
    blackhole() {
      dark = true;
      for (const p of pairs) {
        p.client.pause();
        p.upstream?.pause();
      }
    },
    restore() {
      dark = false;
      for (const p of pairs) {
        p.client.resume();
        p.upstream?.resume();
      }
      for (const go of pending.splice(0)) go();
    },
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream?.destroy();
      }
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
