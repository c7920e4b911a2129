/**
 * fast-check arbitraries from a route's zod body schema (zod 4 definitions): values that follow the
 * schema's shape (its keys, enum members, literals, number and string kinds), mixed at every level
 * with arbitrary JSON, missing keys and unknown keys, so generated bodies reach past the first check
 * into every validation branch and, when they happen to be valid, into the handler.
 */
import fc from 'fast-check';

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  entries?: Record<string, string>;
  values?: unknown[];
  valueType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  format?: string;
  catchall?: unknown;
}

const defOf = (schema: unknown): Def | null => (schema as { _zod?: { def?: Def } })?._zod?.def ?? null;

const isoTimes = fc.date({ min: new Date(0), max: new Date(4_102_444_800_000), noInvalidDate: true }).map((d) => d.toISOString());
const nasty = fc.constantFrom('', ' ', '\u0000', '\u202e', '\ud800', '"; DROP TABLE users; --', '../../etc/passwd', 'x'.repeat(5000), '好'.repeat(300), '__proto__', 'NaN', '-1', '1e999');
const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, fc.constantFrom(null, -1, 0, 1.5, 1e308, true, [], {}));

/**
 * Half the bodies follow the schema closely (required keys present, no unknown keys, no junk: many are
 * valid and reach the handler); the other half take anything else now and then at every level.
 */
export function arbitraryFor(schema: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(build(schema, 0, false), build(schema, 0, true));
}

function build(schema: unknown, depth: number, noisy: boolean): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  if (!d || depth > 6) return anyJson;
  return noisy ? fc.oneof({ arbitrary: shaped(d, depth, noisy), weight: 4 }, { arbitrary: anyJson, weight: 1 }) : shaped(d, depth, noisy);
}

const optionalTypes = new Set(['optional', 'default', 'prefault']);

function shaped(d: Def, depth: number, noisy: boolean): fc.Arbitrary<unknown> {
  const arbitraryFor = (schema: unknown, dep: number) => build(schema, dep, noisy);
  switch (d.type) {
    case 'string':
      if (d.format === 'datetime' || d.format === 'date') return fc.oneof(isoTimes, isoTimes.map((t) => t.slice(0, 10)), fc.string());
      return noisy ? fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[a-z0-9-]{1,24}$/), nasty) : fc.stringMatching(/^[a-z0-9-]{1,24}$/);
    case 'number': case 'int': case 'bigint':
      return noisy
        ? fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double({ noNaN: false }), fc.constantFrom(0, 1, 30, 600, 3600, Number.MAX_SAFE_INTEGER))
        : fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(1, 5, 30, 60));
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'literal': return fc.constantFrom(...(d.values ?? [null]));
    case 'enum': return fc.constantFrom(...Object.values(d.entries ?? { x: 'x' }));
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return noisy ? fc.oneof(arbitraryFor(d.innerType, depth + 1), fc.constant(undefined), fc.constant(null)) : fc.option(arbitraryFor(d.innerType, depth + 1), { nil: undefined });
    case 'pipe': return arbitraryFor(d.in, depth + 1);
    case 'array': return fc.array(arbitraryFor(d.element, depth + 1), { maxLength: 6 });
    case 'union': return fc.oneof(...(d.options ?? []).map((o) => arbitraryFor(o, depth + 1)));
    case 'record': return fc.dictionary(fc.string({ maxLength: 12 }), arbitraryFor(d.valueType, depth + 1), { maxKeys: 5 });
    case 'object': {
      const fields = Object.fromEntries(Object.entries(d.shape ?? {}).map(([k, v]) => [k, arbitraryFor(v, depth + 1)]));
      if (!noisy) {
        const required = Object.entries(d.shape ?? {}).filter(([, v]) => !optionalTypes.has(v._zod.def.type)).map(([k]) => k);
        return fc.record(fields, { requiredKeys: required });
      }
      // Any key may be missing; now and then an unknown one rides along (strict objects must refuse it).
      return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), anyJson), { freq: 5 }))
        .map(([o, extra]) => (extra ? { ...o, [extra[0]]: extra[1] } : o));
    }
    default: return anyJson;
  }
}
