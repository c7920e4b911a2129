/**
 * A hard cap on MQTT packet size and on how long one packet may take to arrive, for the aedes
 * brokers (edge and cloud ingress). aedes 1.2 has no maxPacketSize option and mqtt-packet buffers a
 * whole packet before parsing it, so one client announcing a 200 MB PUBLISH would make the broker
 * hold 200 MB. We read each packet's fixed header (type byte + remaining length) as bytes arrive
 * and close the connection as soon as a packet announces more than its cap, before its body is
 * buffered.
 *
 * The guard is installed on the connection's parser before the first byte is parsed (right after
 * `broker.handle(stream)`), so it sees every byte in order and never loses step, whatever way the
 * packets are cut into TCP chunks. Before login the first packet (CONNECT) has its own small cap,
 * and everything a client sends before its login is accepted is capped in total; a packet that
 * dribbles in slower than `maxPacketMs` (slowloris) closes the connection too.
 */
/** An MQTT fixed header: the type byte and the remaining length as MQTT's base-128 varint (tests build raw packets with it). */
export function mqttFixedHeader(typeByte: number, remainingLength: number): Buffer {
  const len: number[] = [];
  let x = remainingLength;
  do {
    let d = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) d |= 0x80;
    len.push(d);
  } while (x > 0);
  return Buffer.from([typeByte, ...len]);
}

export class PacketFrameScanner {
  private remaining = 0;
  private inLength = false;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private packets = 0;
  /** Packets begun (first byte seen) on this connection. */
  started = 0;

  /** `capFor(n)`: the cap of the n-th packet on this connection (0 = CONNECT). */
  constructor(private readonly capFor: (packetIndex: number) => number) {}

  /** True between a packet's first byte and its last. */
  get midPacket(): boolean {
    return this.inLength || this.remaining > 0;
  }

  /** Feed the next chunk; returns the announced size of the first oversize packet, or null. */
  scan(buf: Uint8Array): number | null {
    let i = 0;
    while (i < buf.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, buf.length - i);
        this.remaining -= take;
        i += take;
        continue;
      }
      if (!this.inLength) {
        i++; // fixed-header type/flags byte
        this.started++;
        this.inLength = true;
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      const b = buf[i++]!;
      this.length += (b & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (b & 0x80) {
        if (this.lengthBytes >= 4) return Number.POSITIVE_INFINITY; // malformed length
        continue;
      }
      if (this.length > this.capFor(this.packets)) return this.length;
      this.packets++;
      this.remaining = this.length;
      this.inLength = false;
    }
    return null;
  }
}

export interface PacketLimits {
  /** Any packet after login. */
  maxPacketBytes: number;
  /** The CONNECT packet (client id, user name, password, will): small. Default 4 KiB. */
  maxConnectBytes?: number;
  /** Everything a client sends before its login is accepted. Default maxPacketBytes. */
  maxPreLoginBytes?: number;
  /** Longest time one packet may take from its first byte to its last. Default 10 s. */
  maxPacketMs?: number;
}

export type PacketGuardTrip = { reason: 'OVERSIZE_PACKET'; bytes: number } | { reason: 'SLOW_PACKET'; ms: number };

export interface PacketGuard {
  /** Call when the login is accepted: from then on only maxPacketBytes applies. */
  loggedIn(): void;
}

interface ParserHost {
  _parser?: { parse(buf: Buffer): unknown };
  conn: { destroy(): void; once?(ev: 'close', fn: () => void): unknown };
}

/**
 * Wrap an aedes client's parser so every chunk is scanned first. Call it right after
 * `broker.handle(stream)`, before any data is read. Relies on aedes' private `_parser`: when it is
 * missing the guard returns null and the caller must refuse to start (tests cover the version we ship).
 */
export function guardPacketSize(client: object, limits: PacketLimits, onTrip: (trip: PacketGuardTrip) => void): PacketGuard | null {
  const host = client as ParserHost;
  const parser = host._parser;
  if (!parser || typeof parser.parse !== 'function') return null;
  const maxConnect = Math.min(limits.maxConnectBytes ?? 4096, limits.maxPacketBytes);
  const maxPreLogin = limits.maxPreLoginBytes ?? limits.maxPacketBytes;
  const maxPacketMs = limits.maxPacketMs ?? 10_000;
  let loggedIn = false;
  let preLoginBytes = 0;
  let tripped = false;
  let slowTimer: NodeJS.Timeout | undefined;
  let timedPacket = 0;
  const parse = parser.parse.bind(parser);
  const scanner = new PacketFrameScanner((n) => (n === 0 ? maxConnect : limits.maxPacketBytes));
  const trip = (t: PacketGuardTrip) => {
    if (tripped) return;
    tripped = true;
    clearTimeout(slowTimer);
    onTrip(t);
    host.conn.destroy();
  };
  host.conn.once?.('close', () => clearTimeout(slowTimer));
  parser.parse = (buf: Buffer) => {
    if (tripped) return 0;
    if (!loggedIn) {
      preLoginBytes += buf.length;
      if (preLoginBytes > maxPreLogin + maxConnect) {
        trip({ reason: 'OVERSIZE_PACKET', bytes: preLoginBytes });
        return 0;
      }
    }
    const over = scanner.scan(buf);
    if (over !== null) {
      trip({ reason: 'OVERSIZE_PACKET', bytes: over });
      return 0;
    }
    // The clock runs per packet: a new packet begun in this chunk gets a fresh one.
    if (!scanner.midPacket || timedPacket !== scanner.started) {
      clearTimeout(slowTimer);
      slowTimer = undefined;
    }
    if (scanner.midPacket && !slowTimer) {
      const started = Date.now();
      timedPacket = scanner.started;
      slowTimer = setTimeout(() => trip({ reason: 'SLOW_PACKET', ms: Date.now() - started }), maxPacketMs);
      slowTimer.unref();
    }
    return parse(buf);
  };
  return {
    loggedIn() {
      loggedIn = true;
    },
  };
}
