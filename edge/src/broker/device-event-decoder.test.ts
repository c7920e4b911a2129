import { describe, expect, it } from 'vitest';
import { decodePayload, deviceEventPayload, exampleEventData, newId } from '@yardguard/firmware-config';
import { decodeDeviceEvent } from './device-event-decoder.js';
// fixed-dates-ok: decoder equivalence on sample payloads; no clock is read.

const samples: unknown[] = [
  { v: 1, id: newId(), type: 'gate.access_granted', data: { method: 'card', credentialRef: 'c-1' } },
  { v: 1, type: 'alarm.button_pressed', data: {}, occurredAt: '2026-11-24T16:00:00+08:00' },
  { v: 1, type: 'alarm.button_pressed', data: {}, extra: 'stripped' },
  { v: 2, type: 'alarm.button_pressed', data: {} },
  { v: 1, type: 'alarm.button_pressed', data: { colour: 'red' } },
  { v: 1, id: 'not-a-uuid', type: 'nope', data: {} },
  { type: 'gate.door_opened' },
  [1, 2, 3],
  'online',
  null,
  // Every event type's example, bare and with every optional envelope field, plus broken variants.
  ...Object.entries(exampleEventData).flatMap(([type, data]) => [
    { v: 1, type, data },
    { id: newId(), occurredAt: '2026-11-24T08:00:00.000Z', type, v: 1, data },
    { v: 1, type, data, extra: 'stripped', id: newId() },
    { v: 1, type, data: { ...data, unknownField: 1 } },
    { v: 1, type, data: null },
    { v: 1, type },
    { v: 1, type, data, occurredAt: 'yesterday' },
    { v: 3, type, data, id: 'x' },
  ]),
];

describe('decodeDeviceEvent', () => {
  it('gives what decodePayload(deviceEventPayload) gives, value or error', () => {
    for (const s of samples) {
      const raw = Buffer.from(JSON.stringify(s));
      const a = decodeDeviceEvent(raw);
      const b = decodePayload(deviceEventPayload, raw, 16 * 1024);
      expect(a.ok, JSON.stringify(s)).toBe(b.ok);
      // Same value, same keys in the same order (the outbox body is JSON.stringify of it).
      if (a.ok && b.ok) expect(JSON.stringify(a.value)).toBe(JSON.stringify(b.value));
      if (a.ok && b.ok) expect(a.value).toStrictEqual(b.value);
      if (!a.ok && !b.ok) {
        expect(a.code).toBe(b.code);
        expect(a.error.split('; ').sort()).toEqual(b.error.split('; ').sort());
      }
    }
  });

  it('refuses oversize and non-JSON payloads', () => {
    expect(decodeDeviceEvent(Buffer.from('{x'))).toMatchObject({ ok: false, code: 'INVALID_JSON' });
    expect(decodeDeviceEvent(Buffer.alloc(20_000, 0x20))).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });
});
