/**
 * The event envelope and how a raw payload is decoded against a schema. Errors name the field:
 * `data.method: Invalid option: expected one of "card"|"qr"|...`.
 */
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';

/** Version of the wire schemas. A message with another `v` is refused, never guessed at. */
export const SCHEMA_VERSION = 1 as const;
/** Largest payload any peer accepts on the wire (a batch of events included). */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Largest single device message. */
export const MAX_DEVICE_PAYLOAD_BYTES = 16 * 1024;

export const schemaVersion = z.literal(SCHEMA_VERSION, {
  error: (iss) => `unsupported schema version ${JSON.stringify(iss.input)} (supported: ${SCHEMA_VERSION})`,
});
export const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be an id (letters, digits, - and _)');
export const eventId = z.uuid({ error: 'must be a UUID (v7, time-sortable)' });
export const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' });

/** A new globally unique, time-sortable id (UUIDv7). */
export const newId = (): string => uuidv7();

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string; code: DecodeErrorCode };
export type DecodeErrorCode = 'TOO_LARGE' | 'INVALID_JSON' | 'UNSUPPORTED_VERSION' | 'SCHEMA';

/** Format zod issues as `path: message; path: message`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : (n ? '.' : '') + String(p))).join('') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Validate an already-parsed value. */
export function decode<S extends z.ZodType>(schema: S, input: unknown): DecodeResult<z.output<S>> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const versionIssue = r.error.issues.find((i) => i.path.length === 1 && i.path[0] === 'v');
  return {
    ok: false,
    code: versionIssue && (input as { v?: unknown })?.v !== undefined ? 'UNSUPPORTED_VERSION' : 'SCHEMA',
    error: formatIssues(r.error),
  };
}

/**
 * decode() for an intersection of two object schemas with disjoint keys (an envelope & an event
 * body): each half validated on its own, the outputs joined with Object.assign. Same value (keys
 * in the same order) and the same issues as decode(schema, input), without zod's deep merge of the
 * two outputs, which cost more than both validations: 5 % of the cloud's ingest CPU, 1-2 µs an
 * event on the edge (profiles in edge/bench/README.md). When both halves fail, the code is the
 * left half's and the errors of both are joined with "; " (possibly in another order than zod's).
 */
export function decodeIntersection<L extends z.ZodType, R extends z.ZodType>(
  schema: z.ZodIntersection<L, R>,
  input: unknown,
): DecodeResult<z.output<L> & z.output<R>> {
  const left = decode(schema.def.left, input);
  const right = decode(schema.def.right, input);
  if (left.ok && right.ok) return { ok: true, value: Object.assign(left.value as object, right.value) as z.output<L> & z.output<R> };
  if (!left.ok && !right.ok) return { ok: false, code: left.code, error: `${left.error}; ${right.error}` };
  return left.ok ? (right as Extract<typeof right, { ok: false }>) : left;
}

/** Decode a raw MQTT/HTTP payload: size cap, JSON, then the schema. Never throws. */
export function decodePayload<S extends z.ZodType>(
  schema: S,
  payload: Uint8Array | string,
  maxBytes: number = MAX_PAYLOAD_BYTES,
): DecodeResult<z.output<S>> {
  const size = typeof payload === 'string' ? new TextEncoder().encode(payload).byteLength : payload.byteLength;
  if (size > maxBytes) return { ok: false, code: 'TOO_LARGE', error: `payload is ${size} bytes, limit is ${maxBytes}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload));
  } catch (e) {
    return { ok: false, code: 'INVALID_JSON', error: `invalid JSON: ${(e as Error).message}` };
  }
  return decode(schema, parsed);
}

/** Serialize for the wire (one place, so encoding rules stay the same everywhere). */
export const encode = (message: unknown): string => JSON.stringify(message);
