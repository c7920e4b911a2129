import { describe, expect, it } from 'vitest';
import { decode, decodePayload, encode, newId, MAX_DEVICE_PAYLOAD_BYTES } from '../envelope.js';
import { deviceEventPayload, event, eventTypes, eventTypesByDeviceKind, heartbeat, laneOf, type EventType } from './events.js';
import { exampleEventData } from './examples.js';
import { canonicalJson, command, commandResult, deviceCommand, signedCommand } from './commands.js';
import { batchAck, eventBatch } from './uplink.js';
import { enrollRequest } from './enrollment.js';
// fixed-dates-ok: schema round-trips of sample messages; expiry is the receiver's job, no clock is read.

const stamp = (type: EventType, data: unknown, seq = 1) => ({
  v: 1, id: newId(), compoundId: 'hx-lane-12', gatewayId: 'gw-hx-lane-12', deviceId: 'gate-main',
  occurredAt: '2026-11-24T02:00:00.000+08:00', seq, type, data,
});

function expectError(result: ReturnType<typeof decode>, fieldPattern: RegExp) {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error).toMatch(fieldPattern);
}

describe('events', () => {
  it('has an example for every event type', () => {
    expect(Object.keys(exampleEventData).sort()).toEqual([...eventTypes].sort());
  });

  it.each(eventTypes)('%s: a stamped event round-trips through the wire encoding', (type) => {
    const e = stamp(type, exampleEventData[type]);
    const r = decodePayload(event, encode(e));
    expect(r).toEqual({ ok: true, value: e });
  });

  it.each(eventTypes)('%s: a device payload without envelope ids is valid', (type) => {
    const r = decode(deviceEventPayload, { v: 1, type, data: exampleEventData[type] });
    expect(r.ok).toBe(true);
  });

  it.each(eventTypes)('%s: an unknown data field is rejected and named', (type) => {
    expectError(decode(event, stamp(type, { ...exampleEventData[type], bogus: 1 })), /data: Unrecognized key: "bogus"/);
  });

  it('names the failing field for wrong values', () => {
    expectError(decode(event, stamp('gate.access_granted', { method: 'fingerprint' })), /^data\.method: Invalid option/);
    expectError(decode(event, stamp('gate.held_open', { openForS: -1, thresholdS: 60 })), /data\.openForS: Too small/);
    expectError(decode(event, stamp('alarm.siren_started', { pattern: 'alarm', durationS: 0 })), /data\.durationS/);
    expectError(decode(event, stamp('camera.snapshot', { ...exampleEventData['camera.snapshot'], bytes: 1.5 })), /data\.bytes/);
    expectError(decode(event, stamp('gateway.health', { ...exampleEventData['gateway.health'], cloudLink: 'maybe' })), /data\.cloudLink/);
    expectError(decode(event, stamp('alert.raised', { ...exampleEventData['alert.raised'], severity: 'urgent' })), /data\.severity/);
  });

  it('names missing and malformed envelope fields', () => {
    const e = stamp('gate.door_opened', {});
    expectError(decode(event, { ...e, id: 'not-a-uuid' }), /^id: must be a UUID/);
    expectError(decode(event, { ...e, seq: 0 }), /^seq: Too small/);
    expectError(decode(event, { ...e, occurredAt: 'yesterday' }), /^occurredAt: must be an ISO 8601 time/);
    expectError(decode(event, { ...e, deviceId: 'a/b' }), /^deviceId: must be an id/);
    const { compoundId: _c, ...noCompound } = e;
    expectError(decode(event, noCompound), /^compoundId: Invalid input/);
    expectError(decode(event, { ...e, type: 'gate.exploded' }), /^type: Invalid discriminator/);
  });

  it('refuses unknown schema versions with a clear code', () => {
    const r = decode(event, { ...stamp('gate.door_opened', {}), v: 2 });
    expect(r).toMatchObject({ ok: false, code: 'UNSUPPORTED_VERSION', error: 'v: unsupported schema version 2 (supported: 1)' });
    expect(decode(heartbeat, { v: '1' })).toMatchObject({ ok: false, code: 'UNSUPPORTED_VERSION' });
  });

  it('refuses invalid JSON and oversized payloads before parsing', () => {
    expect(decodePayload(event, '{"v":1,')).toMatchObject({ ok: false, code: 'INVALID_JSON' });
    expect(decodePayload(event, new Uint8Array([0xff, 0xfe]))).toMatchObject({ ok: false, code: 'INVALID_JSON' });
    const big = JSON.stringify({ v: 1, type: 'gate.tamper', data: { detail: 'x'.repeat(MAX_DEVICE_PAYLOAD_BYTES) } });
    expect(decodePayload(deviceEventPayload, big, MAX_DEVICE_PAYLOAD_BYTES)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });

  it('event ids are unique and sort by creation time', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('puts alarms and telemetry in their lanes', () => {
    expect(laneOf('gate.forced_open')).toBe('alarm');
    expect(laneOf('alert.raised')).toBe('alarm');
    expect(laneOf('alarm.button_pressed')).toBe('alarm');
    expect(laneOf('gateway.health')).toBe('telemetry');
    expect(laneOf('gate.access_granted')).toBe('normal');
  });

  it('lists which device kind reports which events', () => {
    expect(eventTypesByDeviceKind.gate).toContain('gate.forced_open');
    expect(eventTypesByDeviceKind.gate).not.toContain('alarm.button_pressed');
    expect(eventTypesByDeviceKind.alarm_column).toContain('alarm.button_pressed');
  });
});

const baseCommand = {
  v: 1, id: 'cmd-1', gatewayId: 'gw-hx-lane-12', deviceId: 'gate-main', issuedAt: '2026-11-24T10:00:00Z',
  expiresAt: '2026-11-24T10:00:10Z', nonce: 'n'.repeat(24), issuedBy: 'user-7',
};

describe('commands', () => {
  const valid = [
    { action: 'gate.open', params: {} },
    { action: 'gate.open', params: { pulseMs: 2000 } },
    { action: 'gate.hold_open', params: { durationS: 600 } },
    { action: 'gate.lock', params: {} },
    { action: 'siren.start', params: { pattern: 'voice_warning', durationS: 30 } },
    { action: 'siren.stop', params: {} },
    { action: 'camera.snapshot', params: { reason: 'manual' } },
    { action: 'config.push', params: { configVersion: 2, config: { version: 1 } } },
    { action: 'gateway.discover', params: { timeoutS: 5 } },
    { action: 'gateway.diagnostics', params: { logLines: 500, check: false } },
  ];
  it.each(valid)('$action round-trips', (a) => {
    const c = { ...baseCommand, ...a };
    expect(decodePayload(command, encode(c))).toEqual({ ok: true, value: c });
    expect(decode(deviceCommand, { v: 1, id: 'cmd-1', ...a }).ok).toBe(true);
  });
  it('fills default params', () => {
    const r = decode(command, { ...baseCommand, action: 'gate.lock' });
    expect(r).toMatchObject({ ok: true, value: { params: {} } });
  });
  it('names the failing field', () => {
    expectError(decode(command, { ...baseCommand, action: 'siren.start', params: { pattern: 'disco', durationS: 5 } }), /params\.pattern/);
    expectError(decode(command, { ...baseCommand, action: 'gate.hold_open', params: { durationS: 99999 } }), /params\.durationS: Too big/);
    expectError(decode(command, { ...baseCommand, action: 'gate.explode', params: {} }), /^action: Invalid discriminator/);
    expectError(decode(command, { ...baseCommand, action: 'gateway.diagnostics', params: { logLines: 501 } }), /params\.logLines: Too big/);
    expectError(decode(command, { ...baseCommand, nonce: 'short', action: 'gate.lock' }), /^nonce: Too small/);
    expectError(decode(command, { ...baseCommand, expiresAt: 'soon', action: 'gate.lock' }), /^expiresAt/);
  });
  it('results and signed envelopes validate', () => {
    const res = { v: 1, commandId: 'cmd-1', deviceId: 'gate-main', status: 'error', error: { code: 'DOOR_NOT_OPENED', message: '门未打开' }, latencyMs: 3012, completedAt: '2026-11-24T10:00:03Z' };
    expect(decode(commandResult, res).ok).toBe(true);
    expectError(decode(commandResult, { ...res, error: { code: 'OOPS', message: '' } }), /error\.code/);
    expectError(decode(signedCommand, { v: 1, command: {}, sig: 'abc' }), /^sig: Too small/);
  });
  it('canonical JSON ignores key order and undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('uplink and enrollment', () => {
  it('a batch and its ack validate', () => {
    const batch = { v: 1, gatewayId: 'gw1', batchId: 'b-1', sentAt: '2026-11-24T10:00:00Z', events: [stamp('gate.door_opened', {})] };
    expect(decodePayload(eventBatch, encode(batch)).ok).toBe(true);
    expectError(decode(eventBatch, { ...batch, events: [] }), /^events: Too small/);
    const ack = { v: 1, gatewayId: 'gw1', batchId: 'b-1', committed: [1, 2], rejected: [{ seq: 3, error: 'data.method: Invalid option' }], cloudTime: '2026-11-24T10:00:00.120Z' };
    expect(decode(batchAck, ack).ok).toBe(true);
    expectError(decode(batchAck, { ...ack, committed: [0] }), /^committed\[0\]: Too small/);
    // A transient failure is a retry, not a rejection: the edge keeps those events.
    const nack = { ...ack, committed: [], rejected: [], retry: { seqs: [1, 2], error: 'database unavailable', afterMs: 2000 } };
    expect(decode(batchAck, nack).ok).toBe(true);
    expectError(decode(batchAck, { ...nack, retry: { seqs: [1], error: 'x', afterMs: -1 } }), /^retry\.afterMs: Too small/);
  });
  it('an enrollment request names a malformed code', () => {
    expect(decode(enrollRequest, { code: 'AB12-CD34', publicKey: 'x'.repeat(60) }).ok).toBe(true);
    expectError(decode(enrollRequest, { code: 'hello', publicKey: 'x'.repeat(60) }), /^code: must look like ABCD-1234/);
  });
});
