/**
 * The store's own lines (log and snapshot) in relaxed EJSON. Written by bson's EJSON; read by JSON.parse and one
 * walk that turns `{"$date": "<ISO>"}` back into dates — what stored documents hold besides plain JSON. EJSON's
 * parse calls a reviver per value, three times slower here, and it was most of the time of reopening a big store.
 * A line with any other `$` key (bson types, NaN…) is read by EJSON itself, so every line reads exactly as EJSON
 * reads it.
 */
import { EJSON } from 'bson';

export const encode = (value: unknown): string => EJSON.stringify(value, { relaxed: true });

/** Thrown inside the walk to hand the whole line to EJSON. */
const NOT_PLAIN = new Error('not plain JSON with dates');

/** Turns `{"$date": "<ISO>"}` into a Date in place; any other `$` key throws NOT_PLAIN. */
function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (key.charCodeAt(0) === 36 /* $ */) {
      if (key === '$date' && typeof object.$date === 'string' && Object.keys(object).length === 1) {
        return new Date(object.$date);
      }
      throw NOT_PLAIN;
    }
    object[key] = revive(object[key]);
  }
  return object;
}

export function decode(text: string): unknown {
  try {
    return revive(JSON.parse(text));
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return EJSON.parse(text, { relaxed: true });
  }
}
