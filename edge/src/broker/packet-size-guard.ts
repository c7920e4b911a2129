/**
 * A hard cap on MQTT packet size. aedes 1.2 has no maxPacketSize option and mqtt-packet buffers a
 * whole packet before parsing it, so one client announcing a 200 MB PUBLISH would make the broker
 * hold 200 MB. We read each packet's fixed header (type byte + remaining length) as bytes arrive
 * and close the connection as soon as a packet announces more than the cap, before its body is
 * buffered. Packets under the hard cap but over the device payload limit are refused later, at
 * decode time, without closing the connection.
 */
export class PacketFrameScanner {
  private remaining = 0;
  private inLength = false;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;

  constructor(private readonly maxPacketBytes: number) {}

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
      if (this.length > this.maxPacketBytes) return this.length;
      this.remaining = this.length;
      this.inLength = false;
    }
    return null;
  }
}

interface ParserHost {
  _parser?: { parse(buf: Buffer): unknown };
  conn: { destroy(): void };
}

/**
 * Wrap an aedes client's parser so every chunk is scanned first. Relies on aedes' private
 * `_parser` (checked at start-up: when it is missing the guard reports false and the caller logs).
 */
export function guardPacketSize(client: object, maxPacketBytes: number, onOversize: (bytes: number) => void): boolean {
  const host = client as ParserHost;
  const parser = host._parser;
  if (!parser || typeof parser.parse !== 'function') return false;
  const parse = parser.parse.bind(parser);
  const scanner = new PacketFrameScanner(maxPacketBytes);
  let tripped = false;
  parser.parse = (buf: Buffer) => {
    if (tripped) return 0;
    const over = scanner.scan(buf);
    if (over !== null) {
      tripped = true;
      onOversize(over);
      host.conn.destroy();
      return 0;
    }
    return parse(buf);
  };
  return true;
}
