import { describe, expect, it } from 'vitest';
import { LoginBackoff } from './login-backoff.js';
import { mqttFixedHeader, PacketFrameScanner } from './packet-size-guard.js';

/** A packet: type byte, remaining length (MQTT varint), body. */
function frame(type: number, bodyBytes: number): Buffer {
  return Buffer.concat([mqttFixedHeader(type, bodyBytes), Buffer.alloc(bodyBytes, 0x61)]);
}

describe('PacketFrameScanner', () => {
  const stream = Buffer.concat([frame(0x10, 30), frame(0x30, 200), frame(0xc0, 0), frame(0x30, 300), frame(0x30, 20_000)]);

  it('finds the oversize packet however the stream is cut', () => {
    for (const cut of [stream.length, 1, 2, 3, 7, 64, 129, 4096]) {
      const s = new PacketFrameScanner((n) => (n === 0 ? 64 : 1000));
      let found: number | null = null;
      for (let i = 0; i < stream.length && found === null; i += cut) found = s.scan(stream.subarray(i, i + cut));
      expect(found, `chunks of ${cut}`).toBe(20_000);
      expect(s.started).toBe(5);
    }
  });

  it('passes a stream of packets under the caps and knows when it is mid-packet', () => {
    const s = new PacketFrameScanner(() => 1000);
    const ok = stream.subarray(0, stream.length - 20_004);
    expect(s.scan(ok.subarray(0, 40))).toBeNull();
    expect(s.midPacket).toBe(true);
    expect(s.scan(ok.subarray(40))).toBeNull();
    expect(s.midPacket).toBe(false);
  });

  it('applies the CONNECT cap to the first packet only', () => {
    const s = new PacketFrameScanner((n) => (n === 0 ? 64 : 1000));
    expect(s.scan(frame(0x10, 65))).toBe(65);
    const t = new PacketFrameScanner((n) => (n === 0 ? 64 : 1000));
    expect(t.scan(Buffer.concat([frame(0x10, 64), frame(0x30, 900)]))).toBeNull();
  });

  it('refuses a remaining length longer than four bytes', () => {
    expect(new PacketFrameScanner(() => Number.MAX_SAFE_INTEGER).scan(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('LoginBackoff', () => {
  it('grows the delay per failure after the free ones, up to the cap', () => {
    const b = new LoginBackoff({ freeFailures: 2, baseDelayMs: 100, maxDelayMs: 1000 });
    expect([0, 1, 2, 3, 4, 5, 9].map((f) => b.delayFor(f))).toEqual([0, 0, 100, 200, 400, 800, 1000]);
  });

  it('makes attempts from one source take turns, refuses past maxWaiting, and leaves other sources alone', async () => {
    let now = 0;
    const b = new LoginBackoff({ freeFailures: 0, baseDelayMs: 20, maxDelayMs: 20, maxWaiting: 2, now: () => now });
    expect(await b.turn('10.0.0.9')).toBe(true); // no failure yet: no wait
    b.failed('10.0.0.9');
    const first = b.turn('10.0.0.9');
    const second = b.turn('10.0.0.9');
    expect(await b.turn('10.0.0.9')).toBe(false);
    expect(b.pendingDelay('10.0.0.9')).toBe(40);
    expect(await b.turn('10.0.0.7')).toBe(true);
    now = 40;
    expect(await first).toBe(true);
    expect(await second).toBe(true);
  });

  it('forgets a source after a quiet period', () => {
    let now = 0;
    const b = new LoginBackoff({ freeFailures: 0, baseDelayMs: 50, forgetAfterMs: 1000, now: () => now });
    b.failed('s');
    void b.turn('s');
    expect(b.pendingDelay('s')).toBe(100);
    now = 5000;
    expect(b.pendingDelay('s')).toBe(0);
  });
});
