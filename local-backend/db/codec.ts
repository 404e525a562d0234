/**
 * Extended JSON as the store's lines (log, snapshot) and the sdk's requests carry it, read fast. bson's
 * `EJSON.parse` calls a reviver per value; that was most of the time of reopening a big store and a tenth of a
 * request. Here JSON.parse reads the text and one walk turns what relaxed or canonical EJSON writes for dates and
 * numbers back into them; a text with any other Extended JSON type (an ObjectId, a regular expression, a Long
 * past 15 digits…) is read by the slow path, EJSON itself, so every text reads exactly as EJSON reads it.
 * Writing stays with bson's `EJSON.stringify` (JSON.stringify with a replacer for dates was slower).
 */
import { EJSON } from 'bson';

export const encode = (value: unknown): string =>
  EJSON.stringify(value as Parameters<typeof EJSON.stringify>[0], { relaxed: true });

/** Thrown inside the walk to hand the whole text to the slow path. */
const NOT_PLAIN = new Error('not plain JSON, dates and numbers');

/** Keys that make EJSON turn an object into something else; the fast cases of `$date` and numbers aside. */
const SPECIAL = new Set([
  '$oid',
  '$binary',
  '$uuid',
  '$symbol',
  '$numberInt',
  '$numberDecimal',
  '$numberDouble',
  '$numberLong',
  '$minKey',
  '$maxKey',
  '$regex',
  '$regularExpression',
  '$timestamp',
  '$date',
  '$code',
  '$scope',
  '$ref',
  '$id',
  '$db',
  '$dbPointer',
  '$undefined',
]);
/** What `Number` reads exactly as `Long.fromString(…).toNumber()` does. */
const SAFE_LONG = /^-?\d{1,15}$/;

/** The value of a one-key `{"$…": …}` EJSON writes for a date or a number, or NOT_PLAIN. */
function special(key: string, value: unknown): unknown {
  if (key === '$numberInt' && typeof value === 'string') return parseInt(value, 10);
  if (key === '$numberDouble' && typeof value === 'string') return parseFloat(value);
  if (key === '$numberLong' && typeof value === 'string' && SAFE_LONG.test(value)) return Number(value);
  if (key === '$date') {
    if (typeof value === 'string') return new Date(Date.parse(value));
    const ms = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    const keys = ms && Object.keys(ms);
    if (keys?.length === 1 && keys[0] === '$numberLong')
      return new Date(special('$numberLong', ms!.$numberLong) as number);
  }
  throw NOT_PLAIN;
}

function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  let count = 0;
  for (const key in object) {
    count++;
    if (key.charCodeAt(0) === 36 /* $ */ && SPECIAL.has(key)) {
      if (count > 1 || Object.keys(object).length > 1) throw NOT_PLAIN;
      return special(key, object[key]);
    }
    if (key.includes('\u0000')) throw NOT_PLAIN; // EJSON refuses such names: let it say so
    object[key] = revive(object[key]);
  }
  return object;
}

const ejsonParse = (text: string): unknown => EJSON.parse(text, { relaxed: true });

/** Reads Extended JSON as `EJSON.parse(text, { relaxed: true })` would; `slow` is what reads the other texts. */
export function decode(text: string, slow: (text: string) => unknown = ejsonParse): unknown {
  try {
    return revive(JSON.parse(text));
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return slow(text);
  }
}
