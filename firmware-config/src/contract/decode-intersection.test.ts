import { describe, expect, it } from 'vitest';
import { decode, decodeIntersection, newId } from './envelope.js';
import { event } from './messages/events.js';
import { exampleEventData } from './messages/examples.js';
// fixed-dates-ok: decoder equivalence on sample values; no clock is read.

const envelope = { v: 1, compoundId: 'hx-lane-12', gatewayId: 'gw-1', deviceId: 'gate-1', occurredAt: '2026-11-24T16:00:00+08:00', seq: 7 };
const samples: unknown[] = [
  [1, 2, 3],
  'online',
  null,
  {},
  { ...envelope, id: newId() },
  ...Object.entries(exampleEventData).flatMap(([type, data]) => [
    { ...envelope, id: newId(), type, data },
    { type, data, ...envelope, id: newId(), extra: 'stripped' },
    { ...envelope, id: newId(), type, data: { ...data, unknownField: 1 } },
    { ...envelope, id: 'not-a-uuid', type, data },
    { ...envelope, v: 2, id: newId(), type, data },
    { ...envelope, v: 2, id: newId(), type, data: null },
    { ...envelope, id: newId(), type },
    { ...envelope, id: newId(), occurredAt: 'yesterday', type, data },
    { ...envelope, compoundId: undefined, id: newId(), type: 'nope', data },
  ]),
];

describe('decodeIntersection', () => {
  it('gives what decode() gives for the stored event schema: value (same key order) or code and issues', () => {
    for (const s of samples) {
      const fast = decodeIntersection(event, s);
      const zod = decode(event, s);
      expect(fast.ok, JSON.stringify(s)).toBe(zod.ok);
      if (fast.ok && zod.ok) {
        expect(JSON.stringify(fast.value)).toBe(JSON.stringify(zod.value));
        expect(fast.value).toStrictEqual(zod.value);
      }
      if (!fast.ok && !zod.ok) {
        expect(fast.code, JSON.stringify(s)).toBe(zod.code);
        expect(fast.error.split('; ').sort()).toEqual(zod.error.split('; ').sort());
      }
    }
  });
});
