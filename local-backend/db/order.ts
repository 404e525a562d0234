import type { Doc } from './store';

/** MongoDB's sort order across types: missing/null, numbers, strings, (objects, arrays), booleans, dates. */
export const typeRank = (v: unknown): number =>
  v === null || v === undefined
    ? 0
    : typeof v === 'number'
      ? 1
      : typeof v === 'string'
        ? 2
        : typeof v === 'boolean'
          ? 4
          : v instanceof Date
            ? 5
            : 3;

/** A sort key the fast paths handle: anything but an object or array (those go to mingo). */
export const isScalar = (v: unknown): boolean => typeRank(v) !== 3;

export const valueAt = (doc: Doc, field: string): unknown =>
  field
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      doc,
    );

export function compareScalars(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  const x = a instanceof Date ? a.getTime() : (a as number | string | boolean);
  const y = b instanceof Date ? b.getTime() : (b as number | string | boolean);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Entry {
  value: unknown;
  /** Storage position: ties keep storage order, as a stable sort of a full scan would. */
  pos: number;
  doc: Doc;
}

/**
 * A collection kept sorted by one field, for `orderBy(field).limit(n)` without sorting everything: the executor
 * walks it in order and stops after n matches. Documents whose value is not a scalar make it unusable (mingo
 * decides those orders).
 */
export class SortedField {
  private readonly entries: Entry[] = [];
  private readonly irregular = new Set<string>();

  constructor(readonly field: string) {}

  get usable(): boolean {
    return this.irregular.size === 0;
  }

  private compare(a: Pick<Entry, 'value' | 'pos'>, b: Pick<Entry, 'value' | 'pos'>): number {
    return compareScalars(a.value, b.value) || a.pos - b.pos;
  }

  /** The first index whose entry is not before `probe`. */
  private lowerBound(probe: Pick<Entry, 'value' | 'pos'>): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.entries[mid], probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(doc: Doc, pos: number) {
    const value = valueAt(doc, this.field);
    if (!isScalar(value)) {
      this.irregular.add(doc._id);
      return;
    }
    const entry = { value, pos, doc };
    this.entries.splice(this.lowerBound(entry), 0, entry);
  }

  delete(doc: Doc, pos: number) {
    if (this.irregular.delete(doc._id)) return;
    const i = this.lowerBound({ value: valueAt(doc, this.field), pos });
    if (this.entries[i]?.doc._id === doc._id) this.entries.splice(i, 1);
  }

  /** Smallest value first, from the first not below `from` when given (a range's lower bound: a seek). */
  *ascending(from?: { value: unknown }): Generator<Doc> {
    const start = from ? this.lowerBound({ value: from.value, pos: -Infinity }) : 0;
    for (let i = start; i < this.entries.length; i += 1) yield this.entries[i].doc;
  }

  /**
   * Largest value first, from the last not above `from` when given; equal values still in storage order (what a
   * stable descending sort gives).
   */
  *descending(from?: { value: unknown }): Generator<Doc> {
    let end = from ? this.lowerBound({ value: from.value, pos: Infinity }) : this.entries.length;
    while (end > 0) {
      let start = end - 1;
      while (start > 0 && compareScalars(this.entries[start - 1].value, this.entries[end - 1].value) === 0) start -= 1;
      for (let i = start; i < end; i += 1) yield this.entries[i].doc;
      end = start;
    }
  }
}
