/**
 * Attack part `decoders-fuzz`: property-based fuzzing (fast-check) of the MQTT payload decoders
 * (device event, heartbeat, command result), the uplink's batch and ack decoders and the command
 * decoders (signed envelope, signature check, device command), plus the malformed corpus fed to
 * them directly. A decoder that throws crashed; one that accepts a message broken on purpose, or
 * returns a value its own schema refuses, let it in. Prototype pollution is checked after it all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  batchAck, command, commandResult, decodePayload, deviceCommand, deviceEventPayload, eventBatch, exampleEventData, heartbeat,
  newId, SCHEMA_VERSION, signedCommand, type DecodeResult,
} from '@yardguard/firmware-config';
import { generateSigningKeyPair, signCommand, verifySignedCommand } from '@yardguard/firmware-config/node';
import { decodeDeviceEvent } from '@yardguard/edge';
import { createTally } from './helpers/tally.js';
import { batchCorpus, deviceEventCorpus } from './helpers/malformed-corpus.js';

const tally = createTally('decoders-fuzz');
afterAll(() => {
  const r = tally.report();
  expect(r.let_in, 'inputs a decoder wrongly accepted').toEqual([]);
  expect(r.crashed, 'inputs that made a decoder throw').toBe(0);
});

const RUNS = Number(process.env.YG_FUZZ_RUNS ?? 300);
const keys = generateSigningKeyPair();

interface Decoder {
  name: string;
  schema: z.ZodType;
  decode(bytes: Uint8Array): DecodeResult<unknown>;
}
const decoders: Decoder[] = [
  { name: 'device event (edge hot path)', schema: deviceEventPayload, decode: (b) => decodeDeviceEvent(b) },
  { name: 'device event (contract)', schema: deviceEventPayload, decode: (b) => decodePayload(deviceEventPayload, b, 16 * 1024) },
  { name: 'heartbeat', schema: heartbeat, decode: (b) => decodePayload(heartbeat, b, 16 * 1024) },
  { name: 'command result', schema: commandResult, decode: (b) => decodePayload(commandResult, b) },
  { name: 'event batch', schema: eventBatch, decode: (b) => decodePayload(eventBatch, b) },
  { name: 'batch ack', schema: batchAck, decode: (b) => decodePayload(batchAck, b) },
  { name: 'signed command', schema: signedCommand, decode: (b) => decodePayload(signedCommand, b) },
  { name: 'device command', schema: deviceCommand, decode: (b) => decodePayload(deviceCommand, b) },
];

/** Run one decoder on one input and tally the outcome; `mustRefuse` for inputs broken on purpose. */
function judge(d: Decoder, bytes: Uint8Array, what: string, mustRefuse: boolean): void {
  let r: DecodeResult<unknown>;
  try {
    r = d.decode(bytes);
  } catch (err) {
    tally.crashed(`${d.name} threw on ${what}: ${(err as Error).message}`);
    return;
  }
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') {
    tally.crashed(`${d.name} returned no decode result on ${what}`);
    return;
  }
  if (!r.ok) {
    if (typeof r.error !== 'string' || !r.code) tally.letIn(`${d.name}: a refusal without code or message on ${what}`);
    else tally.refused();
    return;
  }
  if (mustRefuse) tally.letIn(`${d.name} accepted ${what}: ${Buffer.from(bytes).toString('utf8').slice(0, 160)}`);
  else if (!d.schema.safeParse(r.value).success) tally.letIn(`${d.name} returned a value its schema refuses on ${what}`);
  else tally.refused();
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const polluted = () => ({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined;

/** JSON values with the keys attackers like. */
const nastyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'v', 'type', 'data', 'id', 'sig', 'command', 'events', 'committed', 'toString', '');
const nastyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 53), 1e308, '', '1', 'online', SCHEMA_VERSION),
    fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyKey, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 })),
})).value;

describe('decoders under fuzzing', () => {
  it('never throw on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      for (const d of decoders) judge(d, bytes, 'random bytes', false);
    }), { numRuns: RUNS });
  });

  it('never throw on arbitrary JSON (with prototype-pollution keys), and never return a value their schema refuses', () => {
    fc.assert(fc.property(nastyJson, (value) => {
      const bytes = utf8(JSON.stringify(value) ?? 'null');
      for (const d of decoders) judge(d, bytes, 'random JSON', false);
    }), { numRuns: RUNS });
    expect(polluted()).toBe(false);
  });

  it('refuse a valid device event with one field turned into another type', () => {
    const types = Object.keys(exampleEventData) as (keyof typeof exampleEventData)[];
    const wrong = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.array(fc.integer(), { maxLength: 2 }), fc.constant({ x: 1 }));
    fc.assert(fc.property(fc.constantFrom(...types), fc.constantFrom('v', 'type', 'data', 'id', 'occurredAt'), wrong, (type, field, bad) => {
      const msg: Record<string, unknown> = { v: SCHEMA_VERSION, id: newId(), type, data: exampleEventData[type], occurredAt: new Date(0).toISOString() };
      // Objects are still the right type for data; everything else is a type change.
      if (field === 'v' && bad === SCHEMA_VERSION) return;
      if (field === 'data' && bad !== null && typeof bad === 'object' && !Array.isArray(bad)) msg.data = { ...msg.data as object, unknownField: 1 };
      else msg[field] = bad;
      const bytes = utf8(JSON.stringify(msg));
      judge(decoders[0]!, bytes, `${type} with ${field}=${JSON.stringify(bad)}`, true);
      judge(decoders[1]!, bytes, `${type} with ${field}=${JSON.stringify(bad)}`, true);
    }), { numRuns: RUNS });
  });

  it('refuse batch acks and batches with a broken field', () => {
    const validAck = { v: SCHEMA_VERSION, gatewayId: 'gw-1', batchId: 'b-1', committed: [1, 2], rejected: [], cloudTime: new Date(0).toISOString() };
    const validBatch = { v: SCHEMA_VERSION, gatewayId: 'gw-1', batchId: 'b-1', sentAt: new Date(0).toISOString(), events: [{}] };
    const ack = decoders.find((d) => d.name === 'batch ack')!;
    const batch = decoders.find((d) => d.name === 'event batch')!;
    const badSeq = fc.oneof(fc.constant(0), fc.integer({ max: -1 }), fc.double({ min: 0.1, max: 1e6, noInteger: true }), fc.string(), fc.constant(null));
    fc.assert(fc.property(badSeq, fc.nat(2), (bad, at) => {
      judge(ack, utf8(JSON.stringify({ ...validAck, committed: [1, 2, 3].map((s, i) => (i === at ? bad : s)) })), `ack committed with ${JSON.stringify(bad)}`, true);
      judge(ack, utf8(JSON.stringify({ ...validAck, rejected: [{ seq: bad, error: 'x' }] })), `ack rejected seq ${JSON.stringify(bad)}`, typeof bad !== 'number' || bad < 0 || !Number.isInteger(bad));
    }), { numRuns: RUNS });
    fc.assert(fc.property(fc.constantFrom('v', 'gatewayId', 'batchId', 'sentAt', 'events', 'extra'), nastyJson, (field, bad) => {
      const msg: Record<string, unknown> = { ...validBatch, [field]: bad };
      // Only keep the mutations that are broken by construction: an unknown key, or a value of another type.
      const broken = field === 'extra' || (field === 'events' ? !Array.isArray(bad) || bad.length === 0 : typeof bad !== typeof (validBatch as Record<string, unknown>)[field] || (field === 'v' && bad !== SCHEMA_VERSION));
      if (broken) judge(batch, utf8(JSON.stringify(msg)), `batch with ${field}=${JSON.stringify(bad)?.slice(0, 40)}`, true);
    }), { numRuns: RUNS });
  });

  it('signed commands: any change to a signed command, or any other key, fails the signature', () => {
    const base = { v: SCHEMA_VERSION, id: 'cmd-1', gatewayId: 'gw-1', deviceId: 'gate-1', issuedAt: new Date(0).toISOString(), expiresAt: new Date(30_000).toISOString(), nonce: 'n'.repeat(24), issuedBy: 'u1', action: 'gate.open' as const, params: {} };
    const signed = signCommand(base, keys.privateKey);
    expect(verifySignedCommand(signed, keys.publicKey).ok).toBe(true);
    fc.assert(fc.property(fc.constantFrom(...Object.keys(base)), nastyJson, fc.base64String({ minLength: 88, maxLength: 88 }), (field, bad, sig) => {
      const tampered = { ...signed, command: { ...base, [field]: bad } };
      const changed = JSON.stringify((base as Record<string, unknown>)[field]) !== JSON.stringify(bad);
      for (const [what, input] of [['tampered command', tampered], ['random signature', { ...signed, sig }]] as const) {
        if (what === 'tampered command' && !changed) continue;
        let r;
        try {
          r = verifySignedCommand(input as never, keys.publicKey);
        } catch (err) {
          tally.crashed(`verifySignedCommand threw on a ${what}: ${(err as Error).message}`);
          continue;
        }
        if (r.ok) tally.letIn(`verifySignedCommand accepted a ${what} (${field})`);
        else tally.refused();
      }
    }), { numRuns: RUNS });
    // Arbitrary values where a signed command is expected.
    fc.assert(fc.property(nastyJson, (value) => {
      try {
        const r = verifySignedCommand({ v: 1, command: value, sig: signed.sig }, keys.publicKey);
        if (r.ok) tally.letIn(`verifySignedCommand accepted an arbitrary command ${JSON.stringify(value).slice(0, 80)}`);
        else tally.refused();
      } catch (err) {
        tally.crashed(`verifySignedCommand threw: ${(err as Error).message}`);
      }
    }), { numRuns: RUNS });
    expect(command.safeParse(base).success).toBe(true);
  });

  it('accept what the contract allows (the decoders are not refusing everything)', () => {
    fc.assert(fc.property(fc.constantFrom(...(Object.keys(exampleEventData) as (keyof typeof exampleEventData)[])), fc.boolean(), (type, withId) => {
      const msg = { v: SCHEMA_VERSION, ...(withId ? { id: newId() } : {}), type, data: exampleEventData[type] };
      const bytes = utf8(JSON.stringify(msg));
      expect(decodeDeviceEvent(bytes).ok).toBe(true);
      expect(decodePayload(deviceEventPayload, bytes).ok).toBe(true);
    }), { numRuns: 100 });
  });

  it('refuse every item of the malformed corpus', () => {
    const device = deviceEventCorpus();
    for (const item of device) for (const d of decoders.slice(0, 2)) judge(d, item.payload, `corpus ${item.name}`, true);
    const batches = batchCorpus('gw-1').filter((i) => i.category !== 'wrong-gateway');
    const batch = decoders.find((d) => d.name === 'event batch')!;
    for (const item of batches) judge(batch, item.payload, `corpus ${item.name}`, true);
    expect(polluted()).toBe(false);
  });
});
