/**
 * A loopback TCP proxy in front of the cloud's MQTT port, for fault injection: `holdDownstream()`
 * keeps everything the cloud sends (batch acks, commands) in a buffer while the gateway's uplink
 * still flows, so the cloud stores a batch but the gateway never hears the ack and resends it.
 * `release()` delivers the held bytes in order (the MQTT stream stays intact).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  url: string;
  holdDownstream(): void;
  release(): void;
  /** Bytes held back so far (the cloud did answer). */
  heldBytes(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  let holding = false;
  const pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: upstreamPort });
    const pair = { client, upstream, held: [] as Buffer[] };
    pairs.add(pair);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      if (holding) pair.held.push(d);
      else client.write(d);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
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
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
