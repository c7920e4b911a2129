/**
 * A corpus of malformed MQTT payloads, generated from valid messages of the contract by category:
 * not JSON, JSON that is not an object, every field given a value of another type, missing required
 * fields, huge strings, deep nesting, invalid UTF-8, prototype-pollution keys, NaN/Infinity, wrong
 * schema versions, duplicate keys, unknown data fields. Every item is invalid by construction (a
 * type change, a missing field, a strict object given an unknown key…), never by asking the
 * decoder under test, so a decoder that accepts one is caught.
 */
import { exampleEventData, newId, SCHEMA_VERSION } from '@yardguard/firmware-config';

export interface CorpusItem {
  category: string;
  name: string;
  payload: Buffer;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Values of every JSON type; a field is given the ones whose type differs from its own. */
const VALUES_BY_TYPE: Record<string, Json[]> = {
  null: [null],
  boolean: [true, false],
  number: [0, -1, 1.5, 1e300],
  string: ['', 'x', '1', ' \u0000 '],
  array: [[], [1, 'a'], [{}]],
  object: [{}, { a: 1 }],
};
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const text = (v: unknown) => Buffer.from(JSON.stringify(v));
const raw = (s: string) => Buffer.from(s, 'utf8');

/** Every top-level field of `base` replaced by each value of another JSON type. */
function wrongTypes(base: Record<string, Json>, prefix: string): CorpusItem[] {
  const out: CorpusItem[] = [];
  for (const [k, v] of Object.entries(base)) {
    for (const [t, values] of Object.entries(VALUES_BY_TYPE)) {
      if (t === typeOf(v)) continue;
      values.forEach((bad, i) => out.push({ category: 'wrong-type', name: `${prefix}.${k}:${t}#${i}`, payload: text({ ...base, [k]: bad }) }));
    }
  }
  return out;
}

function missing(base: Record<string, Json>, required: string[], prefix: string): CorpusItem[] {
  const out: CorpusItem[] = required.map((k) => {
    const copy = { ...base };
    delete copy[k];
    return { category: 'missing-field', name: `${prefix} without ${k}`, payload: text(copy) };
  });
  out.push({ category: 'missing-field', name: `${prefix} empty object`, payload: text({}) });
  return out;
}

const NOT_JSON = [
  '', ' ', '{', '}', '{"v":1,', '{"v":1,}', "{'v':1}", '{v:1}', 'undefined', 'NaN', '-', '01', '{"v":01}', '[1,]', '{"a":1}}',
  '{"v":1} trailing', '{"v":1}{"v":1}', '/* c */{"v":1}', '\u0000', '\ufeff\ufeff{', '{"v":1,"type":"gate.door_opened","data":{}', 'online\n{',
  'true false', '"unterminated', '{"\\u12"}', '{"v":1e}', '{"v":.5}', '{"v":+1}', '{"v":0x1}', '{"v":Infinity}',
];
const NOT_OBJECT: Json[] = [null, true, false, 0, 1, -1, 3.14, 'online', '', [], [1, 2, 3], [{ v: 1 }], [[]]];

function nested(depth: number, key: string): string {
  return `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * Malformed variants of one valid message. `required` lists its required fields; `setAt` puts a
 * value at a place where it makes the message invalid (e.g. inside a strict `data`).
 */
export function malformedFrom(base: Record<string, Json>, opts: { prefix: string; required: string[]; strictChild: string; maxBytes: number }): CorpusItem[] {
  const { prefix, required, strictChild, maxBytes } = opts;
  const child = (extra: Record<string, Json>) => ({ ...base, [strictChild]: { ...(base[strictChild] as Record<string, Json>), ...extra } });
  const out: CorpusItem[] = [];
  out.push(...NOT_JSON.map((s, i) => ({ category: 'not-json', name: `${prefix} not-json #${i}`, payload: raw(s) })));
  out.push(...NOT_OBJECT.map((v, i) => ({ category: 'not-object', name: `${prefix} not-object #${i}`, payload: text(v) })));
  out.push(...wrongTypes(base, prefix));
  out.push(...missing(base, required, prefix));
  // Huge strings: over the payload cap, and just under it in a field that must be short or enumerated.
  out.push({ category: 'huge-string', name: `${prefix} pad of ${maxBytes + 1} bytes`, payload: text({ ...base, pad: 'x'.repeat(maxBytes + 1) }) });
  out.push({ category: 'huge-string', name: `${prefix} pad of 1 MB`, payload: text({ ...base, pad: 'x'.repeat(1024 * 1024) }) });
  for (const k of required) {
    out.push({ category: 'huge-string', name: `${prefix} long ${k}`, payload: text({ ...base, [k]: 'y'.repeat(Math.floor(maxBytes / 2)) }) });
  }
  out.push({ category: 'huge-string', name: `${prefix} long key in ${strictChild}`, payload: text(child({ ['k'.repeat(Math.floor(maxBytes / 2))]: 1 })) });
  // Deep nesting, inside the strict child (an unknown key there) and as the whole payload.
  for (const depth of [10, 100, 1000, 3000]) {
    out.push({ category: 'deep-nesting', name: `${prefix} ${strictChild} nested ${depth}`, payload: raw(JSON.stringify(base).replace(/}$/, `,"${strictChild}":${nested(depth, 'n')}}`)) });
    out.push({ category: 'deep-nesting', name: `${prefix} array nested ${depth}`, payload: raw(`${'['.repeat(depth)}${']'.repeat(depth)}`) });
  }
  out.push({ category: 'deep-nesting', name: `${prefix} array nested past the cap`, payload: raw(`${'['.repeat(maxBytes)}${']'.repeat(maxBytes)}`) });
  // Invalid UTF-8 in a field that is an id or an enum (a replacement character makes it invalid).
  const bads = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];
  for (const k of required.filter((f) => typeof base[f] === 'string')) {
    for (const [i, b] of bads.entries()) {
      const s = JSON.stringify({ ...base, [k]: `${String(base[k])}@@` });
      const at = s.indexOf('@@');
      out.push({ category: 'invalid-utf8', name: `${prefix} ${k} invalid utf-8 #${i}`, payload: Buffer.concat([raw(s.slice(0, at)), Buffer.from(b), raw(s.slice(at + 2))]) });
    }
  }
  out.push({ category: 'invalid-utf8', name: `${prefix} lone surrogate escape in ${strictChild} key`, payload: raw(JSON.stringify(base).replace(/}$/, `,"${strictChild}":{"\\ud800":1}}`)) });
  // Prototype pollution keys, where an unknown key is refused (the strict child) or with a wrong version.
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    out.push({ category: 'prototype-pollution', name: `${prefix} ${strictChild}.${key}`, payload: raw(JSON.stringify(base).replace(/}$/, `,"${strictChild}":{"${key}":{"polluted":"yes","isAdmin":true}}}`)) });
    out.push({ category: 'prototype-pollution', name: `${prefix} ${key} at top with v 2`, payload: raw(JSON.stringify({ ...base, v: 2 }).replace(/}$/, `,"${key}":{"polluted":"yes"}}`)) });
  }
  out.push({ category: 'prototype-pollution', name: `${prefix} constructor.prototype in ${strictChild}`, payload: raw(JSON.stringify(base).replace(/}$/, `,"${strictChild}":{"constructor":{"prototype":{"polluted":"yes"}}}}`)) });
  // NaN / Infinity: not JSON, or numbers out of range where a number is expected.
  for (const lit of ['NaN', 'Infinity', '-Infinity']) out.push({ category: 'nan-infinity', name: `${prefix} v ${lit}`, payload: raw(JSON.stringify(base).replace(/"v":1/, `"v":${lit}`)) });
  for (const lit of ['1e999', '-1e999', '1e-999']) out.push({ category: 'nan-infinity', name: `${prefix} v ${lit}`, payload: raw(JSON.stringify(base).replace(/"v":1/, `"v":${lit}`)) });
  // Versions.
  for (const v of [0, 2, -1, 99, 1.5, '1', 'v1', null]) out.push({ category: 'wrong-version', name: `${prefix} v ${JSON.stringify(v)}`, payload: text({ ...base, v }) });
  // Duplicate keys: the last one wins in JSON.parse.
  out.push({ category: 'duplicate-keys', name: `${prefix} v twice`, payload: raw(JSON.stringify(base).replace(/^\{/, '{"v":1,').replace(/}$/, ',"v":2}')) });
  out.push({ category: 'duplicate-keys', name: `${prefix} ${strictChild} twice`, payload: raw(JSON.stringify(base).replace(/}$/, `,"${strictChild}":[]}`)) });
  // Unknown keys in the strict child.
  for (const k of ['unknownField', 'isAdmin', 'deviceId', '', ' ']) out.push({ category: 'unknown-field', name: `${prefix} ${strictChild}.${JSON.stringify(k)}`, payload: text(child({ [k]: 1 })) });
  return out;
}

/** Malformed device event payloads (yg/d/{id}/event), from alarm.button_pressed and every event type's example. */
export function deviceEventCorpus(maxBytes = 16 * 1024): CorpusItem[] {
  const base = { v: SCHEMA_VERSION, id: newId(), type: 'alarm.button_pressed', data: {}, occurredAt: new Date(0).toISOString() } as Record<string, Json>;
  const out = malformedFrom(base, { prefix: 'device event', required: ['v', 'type', 'data'], strictChild: 'data', maxBytes });
  for (const [type, data] of Object.entries(exampleEventData) as [string, Record<string, Json>][]) {
    out.push({ category: 'per-type', name: `${type} data null`, payload: text({ v: 1, type, data: null }) });
    out.push({ category: 'per-type', name: `${type} without data`, payload: text({ v: 1, type }) });
    out.push({ category: 'per-type', name: `${type} v 3`, payload: text({ v: 3, type, data }) });
    out.push({ category: 'per-type', name: `${type} unknown data field`, payload: text({ v: 1, type, data: { ...data, unknownField: 1 } }) });
    out.push({ category: 'per-type', name: `${type} upper case`, payload: text({ v: 1, type: type.toUpperCase(), data }) });
    for (const [k, v] of Object.entries(data)) {
      out.push({ category: 'per-type', name: `${type} data.${k} wrong type`, payload: text({ v: 1, type, data: { ...data, [k]: typeOf(v) === 'string' ? 42 : 'x' } }) });
    }
  }
  return out;
}

/** Malformed event batches (yg/gw/{id}/up/events) for a gateway: bad envelopes. */
export function batchCorpus(gatewayId: string, maxBytes = 256 * 1024): CorpusItem[] {
  const base = { v: SCHEMA_VERSION, gatewayId, batchId: 'b-attack', sentAt: new Date(0).toISOString(), events: [{ v: 1 }] } as Record<string, Json>;
  // The batch object is strict: an unknown key anywhere at the top refuses it.
  return malformedFrom(base, { prefix: 'batch', required: ['v', 'gatewayId', 'batchId', 'sentAt', 'events'], strictChild: 'extra', maxBytes })
    .concat([
      { category: 'wrong-gateway', name: 'batch for another gateway', payload: text({ ...base, gatewayId: 'gw-someone-else' }) },
      { category: 'too-many', name: 'batch of 501 events', payload: text({ ...base, events: Array.from({ length: 501 }, () => ({ v: 1 })) }) },
      { category: 'too-many', name: 'batch of no events', payload: text({ ...base, events: [] }) },
    ]);
}
