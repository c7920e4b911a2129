/**
 * A loopback TCP proxy in front of a server's port, for fault injection (the e2e and fault suites share it).
 *
 * - `holdDownstream()` keeps everything the server sends (batch acks, commands) in a buffer while the
 *   client's uplink still flows, so the cloud stores a batch but the gateway never hears the ack and
 *   resends it. `release()` delivers the held bytes in order (the MQTT stream stays intact).
 * - `blackhole()` stops reading in both directions (nothing is answered, nothing is reset: the peers
 *   see silence, their writes back up as on a dead route), and new connections are accepted but go
 *   nowhere. `restore()` lets everything flow again, like a route that comes back (TCP retransmits
 *   what was sent). Peers that gave up meanwhile (keepalive) close and reconnect on their own.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  holdDownstream(): void;
  release(): void;
  /** Bytes held back so far (the server did answer). */
  heldBytes(): number;
  blackhole(): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream?: Socket;
  held: Buffer[];
}

export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  let holding = false;
  let dark = false;
  const pairs = new Set<Pair>();
  const parked: (() => void)[] = [];

  const join = (pair: Pair) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    pair.upstream = upstream;
    // Plain data handlers, not pipe(): pipe() would resume a paused side on the next drain.
    pair.client.on('data', (d: Buffer) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      if (holding) pair.held.push(d);
      else pair.client.write(d);
    });
    const end = () => {
      pairs.delete(pair);
      pair.client.destroy();
      upstream.destroy();
    };
    upstream.on('close', end);
    upstream.on('error', end);
    if (dark) upstream.pause();
    else pair.client.resume();
  };

  const server = createServer((client) => {
    const pair: Pair = { client, held: [] };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (dark) {
      client.pause();
      parked.push(() => join(pair));
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
    holdDownstream() {
      holding = true;
    },
    release() {
      holding = false;
      for (const p of pairs) {
        for (const chunk of p.held.splice(0)) p.client.write(chunk);
      }
    },
    heldBytes: () => [...pairs].reduce((n, p) => n + p.held.reduce((m, c) => m + c.length, 0), 0),
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
      for (const go of parked.splice(0)) go();
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
