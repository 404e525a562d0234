/**
 * Inputs for the robustness suite, derived from the API's own zod/mini schemas: a walk of `_zod.def` (objects,
 * strings and their checks, ints, enums, arrays, optionals) builds an arbitrary that mostly satisfies the schema,
 * and `mutated` breaks it the ways a hostile or buggy client would (wrong types, missing fields, huge strings,
 * unicode, operator-looking keys and values, prototype keys, deep nesting, non-finite numbers).
 */
import fc from 'fast-check';
import { SERVICE_CATEGORY_IDS } from '../../../miniprogram/shared/orders/catalogue';

/** The parts of a zod/mini definition the walk reads (zod keeps them on `schema._zod.def`). */
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  innerType?: Schema;
  element?: Schema;
  entries?: Record<string, string>;
  /** A union's members; a literal's values. */
  options?: Schema[];
  values?: unknown[];
  checks?: Array<{ _zod: { def: CheckDef } }>;
  format?: string;
}
interface Schema {
  _zod: { def: Def };
}

const defOf = (schema: unknown): Def => (schema as Schema)._zod.def;
const checksOf = (def: Def): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);

/** What the generated values may refer to: ids that exist in the store (and the times around the clock). */
export interface Domain {
  /** Every existing document id (places, units, users, orders, complaints, meetings, topics…). */
  ids: string[];
  /** The ids a field most likely means, by field name (`orderId` → the orders…). */
  pools: Record<string, string[]>;
  /** The request clock: datetimes are drawn around it. */
  now: Date;
}

/** Id-shaped strings that are also names of Object.prototype members: a plain-object lookup would find them. */
export const PROTOTYPE_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

const CHINESE = fc.constantFrom(
  ...'德轩小区暖气不热楼道堆物清理加装电梯停车管理噪音漏水维修社区工作人员议事会纪要决议'.split(''),
);
const readable = (min: number, max: number) =>
  fc
    .array(fc.oneof({ weight: 4, arbitrary: CHINESE }, fc.constantFrom('a', 'Z', '1', ' ', '，', '。')), {
      minLength: min,
      maxLength: max,
    })
    .map((chars) => chars.join(''))
    .filter((s) => s.trim().length >= min);

/** Strings of exactly the right length whose content is hostile (they pass validation and reach the handler). */
const NASTY_TEXT = [
  '{"$gt": ""}',
  '{"$where": "1"}',
  "'; DROP TABLE orders; --",
  '$where',
  '__proto__',
  'constructor.prototype',
  '<script>alert(1)</script>',
  '\u202Eمرحبا بالعالم\u202C',
  '👨‍👩‍👧‍👦🏳️‍🌈🇨🇳 emoji 表情',
  'NUL\u0000in\u0000the\u0000middle',
  'a\u0000',
  '\uD800 lone surrogate \uDFFF',
  'Z̷̢͉̈́a̸̛͎l̵̤̈g̶͉̕ȯ̵̲ text',
  '${7*7} {{7*7}} %s %n',
  '\r\n\t\v\f spaces',
];

const nastyText = (min: number, max: number): fc.Arbitrary<string> =>
  fc.constantFrom(...NASTY_TEXT).map((s) => {
    let text = s;
    while (text.trim().length < min) text += ` ${s}`;
    return text.length > max ? text.slice(0, max) : text;
  });

function stringArbitrary(def: Def, field: string, domain: Domain): fc.Arbitrary<string> {
  const checks = checksOf(def);
  if (def.format === 'datetime') {
    const base = domain.now.getTime();
    return fc
      .integer({ min: -48, max: 24 * 7 })
      .chain((hours) => fc.constantFrom('Z', '+08:00').map((zone) => ({ hours, zone })))
      .map(({ hours, zone }) => {
        const at = new Date(base + hours * 3600_000);
        if (zone === 'Z') return at.toISOString();
        return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
      });
  }
  let min = 0;
  let max = 200;
  let pattern: RegExp | undefined;
  let custom = false;
  for (const c of checks) {
    if (c.check === 'min_length' && c.minimum !== undefined) min = c.minimum;
    if (c.check === 'max_length' && c.maximum !== undefined) max = Math.min(c.maximum, 600);
    if (c.check === 'string_format' && c.pattern) pattern = c.pattern;
    if (c.check === 'custom') custom = true;
  }
  if (custom && /categoryId/i.test(field)) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...SERVICE_CATEGORY_IDS) },
      { weight: 1, arbitrary: fc.constantFrom('', 'nope', '__proto__') },
    );
  }
  if (pattern) {
    const source = pattern.source;
    if (source === '^[A-Za-z0-9_-]+$') {
      // A document id: mostly one of the kind the field names, sometimes any, a prototype name or a stranger.
      const pool = domain.pools[field]?.length ? domain.pools[field] : domain.ids;
      return fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...pool) },
        { weight: 2, arbitrary: fc.constantFrom(...domain.ids) },
        { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_IDS) },
        { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
      );
    }
    return fc
      .stringMatching(pattern)
      .map((s) => (s.length > max ? s.slice(0, max) : s))
      .filter((s) => s.length >= min && pattern.test(s));
  }
  const upper = Math.min(max, min + 40);
  return fc.oneof({ weight: 2, arbitrary: readable(min, upper) }, { weight: 1, arbitrary: nastyText(min, max) });
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -1000;
  let max = 1000;
  for (const c of checksOf(def)) {
    if (c.check === 'greater_than' && c.value !== undefined) min = c.value + (c.inclusive ? 0 : 1);
    if (c.check === 'less_than' && c.value !== undefined) max = c.value - (c.inclusive ? 0 : 1);
  }
  return fc.oneof({ weight: 5, arbitrary: fc.integer({ min, max }) }, fc.constantFrom(min, max));
}

/** An arbitrary that mostly satisfies `schema`; `field` is the key it sits under (for id and category hints). */
export function fromSchema(schema: unknown, domain: Domain, field = ''): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {};
      const required = Object.keys(shape).filter((k) => defOf(shape[k]).type !== 'optional');
      const model = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, fromSchema(v, domain, k)]));
      return fc.record(model, { requiredKeys: required });
    }
    case 'optional':
      return fromSchema(def.innerType, domain, field);
    case 'nullable':
      return fc.option(fromSchema(def.innerType, domain, field), { nil: null });
    case 'string':
      return stringArbitrary(def, field, domain);
    case 'number':
      return numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'array': {
      let maxLength = 5;
      for (const c of checksOf(def)) if (c.check === 'max_length' && c.maximum !== undefined) maxLength = c.maximum;
      return fc.array(fromSchema(def.element, domain, field.replace(/s$/, '')), { maxLength: Math.min(maxLength, 4) });
    }
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => fromSchema(option, domain, field)));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'unknown':
    case 'any':
      return fc.jsonValue();
    default:
      throw new Error(`robustness: no arbitrary for zod type ${def.type} (${field})`);
  }
}

// ── Breaking a payload ────────────────────────────────────────────────────────────────────────────────────────

const HUGE = 'x'.repeat(100_000);
const HUGE_UNICODE = '德'.repeat(50_000) + '👨‍👩‍👧'.repeat(1000);

function deeplyNested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i++) value = { nested: value, $gt: '' };
  return value;
}

/** A prototype-polluting object, built the way JSON.parse builds it (an own `__proto__` key). */
const protoKeyed = () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');

/** Values of the wrong kind, or of the right kind with hostile content. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    true,
    0,
    -0,
    -1,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    HUGE,
    HUGE_UNICODE,
    '\u0000',
    '{"$gt": ""}',
    '2026-13-45T99:99:99Z',
    [],
    [1, 'a', null],
    {},
    { $gt: '' },
    { $where: '1' },
    { $ne: null },
    { $regex: '.*' },
    { $in: ['a', 'b'] },
    new Date('2026-11-02T09:00:00+08:00'),
    new Date(NaN),
  ),
  fc.constant(null).map(() => protoKeyed()),
  fc.constant(null).map(() => deeplyNested(200)),
  fc.constantFrom(...NASTY_TEXT),
  fc.anything({ maxDepth: 3 }),
);

export type Mutation =
  | { kind: 'drop'; key: number }
  | { kind: 'replace'; key: number; value: unknown }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'whole'; value: unknown }
  | { kind: 'nested'; key: number; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), key: fc.nat() }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), key: fc.nat(), value: weirdValue }) },
  fc.record({
    kind: fc.constant('extra' as const),
    key: fc.constantFrom('__proto__', 'constructor', '$where', '$gt', '_id', 'openid', 'role', 'status', 'version'),
    value: weirdValue,
  }),
  fc.record({ kind: fc.constant('whole' as const), value: weirdValue }),
  fc.record({ kind: fc.constant('nested' as const), key: fc.nat(), value: weirdValue }),
);

/** Applies mutations to a (usually valid) payload; `__proto__` keys are set as own properties, as JSON would. */
export function mutate(payload: unknown, mutations: Mutation[]): unknown {
  let current: unknown = payload;
  for (const m of mutations) {
    if (m.kind === 'whole') {
      current = m.value;
      continue;
    }
    if (current === null || typeof current !== 'object' || Array.isArray(current)) continue;
    const copy: Record<string, unknown> = { ...(current as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (m.kind === 'extra') {
      Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    } else if (keys.length > 0) {
      const key = keys[m.key % keys.length];
      if (m.kind === 'drop') delete copy[key];
      else if (m.kind === 'replace') copy[key] = m.value;
      else {
        const inner = copy[key];
        copy[key] = Array.isArray(inner) ? [...inner, m.value] : { value: inner, $gt: m.value };
      }
    }
    current = copy;
  }
  return current;
}

/** A short description of a payload for failure messages (huge strings abbreviated). */
export function describePayload(payload: unknown): string {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(payload, (_key, value: unknown) => {
    if (typeof value === 'string' && value.length > 80) return `${value.slice(0, 20)}…(${value.length} chars)`;
    if (typeof value === 'number' && !Number.isFinite(value)) return `«${String(value)}»`;
    if (value === undefined) return '«undefined»';
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return '«cycle»';
      seen.add(value);
    }
    return value;
  });
  return (text ?? String(payload)).slice(0, 2000);
}
