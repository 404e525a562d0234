import type { RequestEvent } from './executor';

/** An index as declared for deployment: fields in order with their direction. */
export interface IndexKeys {
  name: string;
  keys: Array<[field: string, direction: 1 | -1]>;
}

/** What a query asks of an index: fields pinned to values, fields in a range, and the sort. */
export interface QueryShape {
  collection: string;
  equality: string[];
  range: string[];
  sort: Array<[field: string, direction: 1 | -1]>;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Classifies one field's condition: pinned (a value, $eq, $in), a range, or neither (e.g. $ne, $exists). */
function kindOf(condition: unknown): 'equality' | 'range' | 'other' {
  if (condition === null || typeof condition !== 'object' || condition instanceof Date || condition instanceof RegExp) {
    return condition instanceof RegExp ? 'other' : 'equality';
  }
  if (Array.isArray(condition)) return 'equality';
  const ops = Object.keys(condition);
  if (ops.length === 0 || !ops[0].startsWith('$')) return 'equality'; // a whole sub-document
  if (ops.every((op) => op === '$eq' || op === '$in')) return 'equality';
  if (ops.every((op) => RANGE_OPS.has(op))) return 'range';
  return 'other';
}

/** The shapes of a query: one per `$or` branch (each branch must be served), `$and` flattened. */
export function queryShapes(
  collection: string,
  query: Record<string, unknown> = {},
  order: Record<string, 1 | -1> = {},
): QueryShape[] {
  const sort = Object.entries(order) as Array<[string, 1 | -1]>;
  const branches: Array<Record<string, unknown>> = [{}];
  const addTo = (target: Record<string, unknown>, q: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(q)) {
      if (key === '$and' && Array.isArray(value))
        value.forEach((part) => addTo(target, part as Record<string, unknown>));
      else if (key !== '$or' && key !== '$nor') target[key] = value;
    }
  };
  addTo(branches[0], query);
  const or = query.$or as Array<Record<string, unknown>> | undefined;
  const expanded = or ? or.map((branch) => ({ ...branches[0], ...flatten(branch) })) : branches;
  return expanded.map((branch) => {
    const shape: QueryShape = { collection, equality: [], range: [], sort };
    for (const [field, condition] of Object.entries(branch)) {
      const kind = kindOf(condition);
      if (kind === 'equality') shape.equality.push(field);
      else if (kind === 'range') shape.range.push(field);
    }
    return shape;
  });
}

function flatten(q: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(q)) {
    if (key === '$and' && Array.isArray(value)) Object.assign(out, ...value.map((v) => flatten(v)));
    else out[key] = value;
  }
  return out;
}

/**
 * Whether an index serves the query as MongoDB (and so CloudBase) plans it: the index's leading keys are pinned
 * by equality (in any order), then come the sort keys in index order (all in the index's direction or all
 * reversed), and a range may use the next key. A lookup by `_id` is always served. A query with no condition
 * and no sort (read all) is served by nothing.
 */
export function servedBy(shape: QueryShape, index: IndexKeys): boolean {
  const keys = index.keys;
  let i = 0;
  while (i < keys.length && shape.equality.includes(keys[i][0])) i += 1;
  // Sort fields already pinned by equality are constant: they need no index position.
  const sort = shape.sort.filter(([field]) => !shape.equality.includes(field));
  if (sort.length > 0) {
    const segment = keys.slice(i, i + sort.length);
    if (segment.length < sort.length || segment.some(([field], k) => field !== sort[k][0])) return false;
    const same = segment.every(([, dir], k) => dir === sort[k][1]);
    const reversed = segment.every(([, dir], k) => dir === -sort[k][1]);
    if (!same && !reversed) return false;
    return true;
  }
  if (i > 0) return true;
  return keys.length > 0 && shape.range.includes(keys[0][0]);
}

export function isServed(shape: QueryShape, indexes: IndexKeys[]): boolean {
  if (shape.equality.includes('_id')) return true;
  return indexes.some((index) => servedBy(shape, index));
}

/** A readable name for an unserved query, e.g. `orders where {communityId, status} order by deadline asc`. */
export function describeShape(shape: QueryShape): string {
  const where = [...shape.equality, ...shape.range.map((f) => `${f}(range)`)].join(', ');
  const order = shape.sort.map(([f, d]) => `${f} ${d === 1 ? 'asc' : 'desc'}`).join(', ');
  return `${shape.collection} where {${where}}${order ? ` order by ${order}` : ''}`;
}

/** The requests that read or write by a condition (a transaction's doc reads/writes go by `_id`). */
export function shapesOf(event: RequestEvent): QueryShape[] {
  if (!event.collection) return [];
  if (
    ![
      'database.getDocument',
      'database.calculateDocument',
      'database.modifyDocument',
      'database.removeDocument',
      'database.modifyAndReturnDoc',
      'database.aggregateDocuments',
    ].includes(event.action)
  ) {
    return [];
  }
  return [
    ...queryShapes(event.collection, event.query ?? {}, event.order ?? {}),
    // A join reads its collection by a query of its own, which an index must serve just the same.
    ...(event.lookups ?? []).flatMap((join) => queryShapes(join.collection, join.query, join.order ?? {})),
  ];
}
