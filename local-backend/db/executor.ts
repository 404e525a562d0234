// long: one requester answers every database action the sdk sends (createRequester, ~270 lines of one switch); its
// helpers (BSON, server dates, updates, joins) serve only it.
import { randomBytes } from 'node:crypto';
import { EJSON } from 'bson';
import { Aggregator, Query, find, update as applyUpdate } from 'mingo';
import * as UPDATE_OPERATORS from 'mingo/operators/update';
import { isEqual } from 'mingo/util';
import { decode } from './codec';
import { compareScalars, isScalar, valueAt } from './order';
import { clone, type Doc, type Store, type Write } from './store';

/** What the sdk's query builder sends: one of these actions with EJSON-encoded query, data, order… */
export type DatabaseAction =
  | 'database.getDocument'
  | 'database.calculateDocument'
  | 'database.insertDocument'
  | 'database.modifyDocument'
  | 'database.removeDocument'
  | 'database.modifyAndReturnDoc'
  | 'database.aggregateDocuments'
  | 'database.addCollection'
  | 'database.startTransaction'
  | 'database.commitTransaction'
  | 'database.abortTransaction';

interface Params {
  collectionName?: string;
  queryType?: 'WHERE' | 'DOC';
  query?: string;
  data?: string | string[];
  order?: string;
  offset?: number;
  limit?: number;
  projection?: string;
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  transactionId?: string;
  stages?: Array<{ stageKey: string; stageValue: string }>;
}

/** One request as it crossed the seam: what the round-trip counter and the index-coverage check read. */
export interface RequestEvent {
  action: DatabaseAction;
  collection?: string;
  queryType?: 'WHERE' | 'DOC';
  query?: Record<string, unknown>;
  order?: Record<string, 1 | -1>;
  inTransaction: boolean;
  /** An aggregation's joins: what each `$lookup` asks of the collection it reads. */
  lookups?: Array<{ collection: string; query: Record<string, unknown>; order?: Record<string, 1 | -1> }>;
}

export interface ExecutorOptions {
  /** The database clock (`db.serverDate()`); the real one by default. */
  now?: () => Date;
  onRequest?: (event: RequestEvent) => void;
}

/** Errors look like the sdk's: an Error with a CloudBase code, which node-sdk throws to the caller. */
export class DatabaseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const conflict = () => new DatabaseError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict');
const noCollection = (name: string) =>
  new DatabaseError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
const failed = (message: string) => new DatabaseError('DATABASE_REQUEST_FAILED', message);

/** CloudBase document ids are 32 hex characters. */
const newId = () => randomBytes(16).toString('hex');

interface TransactionState {
  /** The store's sequence number when the transaction began: it reads that snapshot; writing later ones conflicts. */
  start: number;
  writes: Map<string, Write>;
}

const txKey = (collection: string, id: string) => `${collection}\u0000${id}`;

/**
 * Parses an EJSON string from the sdk into plain values mingo understands: dates and numbers by the fast path,
 * anything else by EJSON and then RegExp instead of BSONRegExp.
 */
function parse<T = Record<string, unknown>>(text: string | undefined): T | undefined {
  if (text === undefined || text === '') return undefined;
  return decode(text, (slow) => fromBson(EJSON.parse(slow, { relaxed: true }))) as T;
}

function fromBson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromBson);
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const { pattern, options } = value as unknown as { pattern: string; options: string };
    return new RegExp(pattern, options);
  }
  if (bsonType) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = fromBson(item);
  return out;
}

/**
 * Replies in relaxed EJSON: the sdk's `EJSON.parse` gives the same values as from the canonical form (numbers,
 * dates as `{"$date": iso}`) and parses it about a fifth faster — a cost every read pays in the handler.
 */
const stringify = (doc: unknown) => EJSON.stringify(doc as Doc, { relaxed: true });

/** Replaces `db.serverDate()` markers with the database clock. */
function resolveServerDates(value: unknown, now: Date): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveServerDates(item, now));
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value;
  const marker = (value as { $tcb_server_date?: { offset?: number } }).$tcb_server_date;
  if (marker) return new Date(now.getTime() + (marker.offset ?? 0));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = resolveServerDates(item, now);
  return out;
}

/** Below this many candidates, filtering and sorting them is as fast as walking a sorted field. */
const SORTED_WALK_FROM = 1000;

type Bound = { value: unknown };

/**
 * The scalar bounds a condition puts on one field ({$gte: a, $lt: b}, or the sdk's `_.gte(a).and(_.lt(b))`, which
 * arrives as {$and: [{$gte: a}, {$lt: b}]}); inclusive or not, the walk lets mingo decide the edge itself.
 */
function rangeOf(condition: unknown): { lower?: Bound; upper?: Bound } {
  if (condition === null || typeof condition !== 'object' || condition instanceof Date || Array.isArray(condition))
    return {};
  const c = condition as Record<string, unknown>;
  const found: { lower?: Bound; upper?: Bound } = {};
  const take = (key: 'lower' | 'upper', value: unknown) => {
    if (!isScalar(value)) return;
    const current = found[key];
    const tighter = current === undefined || compareScalars(value, current.value) * (key === 'lower' ? 1 : -1) > 0;
    if (tighter) found[key] = { value };
  };
  for (const [op, value] of Object.entries(c)) {
    if (op === '$gte' || op === '$gt') take('lower', value);
    else if (op === '$lte' || op === '$lt') take('upper', value);
    else if (op === '$and' && Array.isArray(value))
      for (const part of value) {
        const { lower, upper } = rangeOf(part);
        if (lower) take('lower', lower.value);
        if (upper) take('upper', upper.value);
      }
  }
  return found;
}

/** CloudBase's server returns at most 1000 documents per get(), 100 when no limit is given. */
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;
/** An aggregation without a `$limit` stage returns at most 20 documents (CloudBase, server side too). */
const AGGREGATE_DEFAULT_LIMIT = 20;

/**
 * Sorts like MongoDB. Scalars (the product's sort keys: ISO strings, numbers, dates) are compared directly —
 * mingo's general sort costs ~60× more on large result sets; arrays or sub-documents go to mingo.
 */
function sortDocs(docs: Doc[], order: Record<string, 1 | -1> | undefined): Doc[] {
  const keys = Object.entries(order ?? {});
  if (keys.length === 0) return docs;
  const scalar = docs.every((doc) => keys.every(([field]) => isScalar(valueAt(doc, field))));
  if (!scalar) return find(docs, {}).sort(order!).all() as Doc[];
  return [...docs].sort((a, b) => {
    for (const [field, direction] of keys) {
      const c = compareScalars(valueAt(a, field), valueAt(b, field));
      if (c !== 0) return c * direction;
    }
    return 0;
  });
}

/**
 * Creates the class that replaces the sdk's `Db.reqClass`: it receives exactly what the sdk would send to
 * CloudBase and answers in CloudBase's reply shapes, evaluating queries, updates and aggregations with mingo
 * against the store. Transactions are optimistic: writes are buffered and committed at once; a document
 * written by someone else after the transaction began makes it fail with DATABASE_TRANSACTION_CONFLICT, which
 * the sdk's `runTransaction` retries — the behaviour CloudBase's (MongoDB's) snapshot transactions have.
 */
export function createRequester(store: Store, options: ExecutorOptions = {}) {
  const now = options.now ?? (() => new Date());
  const transactions = new Map<string, TransactionState>();
  let requestCounter = 0;

  const transaction = (id: string | undefined): TransactionState | undefined => {
    if (!id) return undefined;
    const tx = transactions.get(id);
    if (!tx) throw failed(`transaction ${id} is not open`);
    return tx;
  };

  /** Reads a document as a transaction sees it: its own writes first, else its snapshot (outside writes unseen). */
  const readInTransaction = (tx: TransactionState, collection: string, id: string): Doc | undefined => {
    const own = tx.writes.get(txKey(collection, id));
    if (own) return own.doc ?? undefined;
    return store.getAt(collection, id, tx.start);
  };

  /** Ends a transaction (committed, aborted, or failed by a conflict, which CloudBase aborts on its side). */
  const close = (id: string, tx: TransactionState) => {
    transactions.delete(id);
    store.releaseSnapshot(tx.start);
  };

  /** A request's query, with `db.serverDate()` resolved (CloudBase allows it in query conditions too). */
  const queryOf = (params: Params) => resolveServerDates(parse(params.query) ?? {}, now()) as Record<string, unknown>;

  const matching = (collection: string, query: Record<string, unknown> = {}): Doc[] => {
    const mingoQuery = new Query(query);
    return store.candidates(collection, query).filter((doc) => mingoQuery.test(doc));
  };

  /**
   * A page of a large result in the order asked for, without sorting it all: when the query's candidates are many
   * and the sort is one field kept sorted by the store, walk that field in order and stop after `wanted`
   * matches. Undefined when the plain way is as good (few candidates) or the order is not one sorted field.
   */
  const sortedWalk = (
    collection: string,
    query: Record<string, unknown>,
    order: Record<string, 1 | -1> | undefined,
    wanted: number,
  ): Doc[] | undefined => {
    const keys = Object.entries(order ?? {});
    if (keys.length !== 1 || store.candidateCount(collection, query) <= SORTED_WALK_FROM) return undefined;
    const [field, direction] = keys[0];
    const sorted = store.sortedBy(collection, field);
    if (!sorted) return undefined;
    const mingoQuery = new Query(query);
    // A range on the sorted field (createdAt ≥ a day's start and < its end): start at its near end, stop past its far.
    const { lower, upper } = rangeOf(query[field]);
    const [from, to] = direction === 1 ? [lower, upper] : [upper, lower];
    const past = (doc: Doc) => to !== undefined && compareScalars(valueAt(doc, field), to.value) * direction > 0;
    const out: Doc[] = [];
    for (const doc of direction === 1 ? sorted.ascending(from) : sorted.descending(from)) {
      if (past(doc)) break;
      if (!mingoQuery.test(doc)) continue;
      out.push(doc);
      if (out.length >= wanted) break;
    }
    return out;
  };

  /** The documents a single-document (DOC) request addresses, honouring a transaction's view. */
  const addressed = (params: Params, tx: TransactionState | undefined, query = queryOf(params)): Doc[] => {
    const collection = params.collectionName!;
    if (tx) {
      if (params.queryType !== 'DOC' || typeof query._id !== 'string') {
        throw failed('only single-document operations (by doc id) are allowed in a transaction');
      }
      const doc = readInTransaction(tx, collection, query._id);
      return doc ? [doc] : [];
    }
    return matching(collection, query);
  };

  /**
   * Writes now, or into the transaction's buffer. A transaction's write fails at once, as MongoDB's write
   * conflicts do, when the document changed after its snapshot or another open transaction wrote it.
   */
  const write = (tx: TransactionState | undefined, writes: Write[], txId?: string) => {
    if (!tx) return store.commit(writes);
    for (const w of writes) {
      const key = txKey(w.collection, w.id);
      const taken = [...transactions.values()].some((other) => other !== tx && other.writes.has(key));
      if (taken || store.lastWrite(w.collection, w.id) > tx.start) {
        close(txId!, tx);
        throw conflict();
      }
    }
    for (const w of writes) tx.writes.set(txKey(w.collection, w.id), w);
    return store.sequence;
  };

  const handlers: Record<DatabaseAction, (params: Params, event?: RequestEvent) => unknown> = {
    'database.getDocument'(params) {
      const tx = transaction(params.transactionId);
      const order = parse<Record<string, 1 | -1>>(params.order);
      const offset = params.offset ?? 0;
      const limit = Math.min(params.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
      const query = queryOf(params);
      const page =
        (tx ? undefined : sortedWalk(params.collectionName!, query, order, offset + limit)) ??
        sortDocs(addressed(params, tx, query), order);
      page.splice(0, offset);
      page.splice(limit);
      const projection = parse(params.projection);
      const list = projection ? find(page, {}, projection).all() : page;
      return { data: { list: list.map(stringify), offset, limit } };
    },

    'database.calculateDocument'(params) {
      return { data: { total: matching(params.collectionName!, queryOf(params)).length } };
    },

    'database.insertDocument'(params) {
      const tx = transaction(params.transactionId);
      const collection = params.collectionName!;
      const docs = (Array.isArray(params.data) ? params.data : [params.data!]).map((text) => {
        const doc = resolveServerDates(parse(text), now()) as Doc;
        return { ...doc, _id: doc._id === undefined ? newId() : String(doc._id) };
      });
      const ids = new Set<string>();
      for (const doc of docs) {
        const exists = tx ? readInTransaction(tx, collection, doc._id) : store.get(collection, doc._id);
        if (exists || ids.has(doc._id)) {
          throw failed(`E11000 duplicate key error collection: ${collection} dup key: { _id: "${doc._id}" }`);
        }
        ids.add(doc._id);
      }
      write(
        tx,
        docs.map((doc) => ({ collection, id: doc._id, doc })),
        params.transactionId,
      );
      return { data: { insertedIds: docs.map((doc) => doc._id) } };
    },

    'database.modifyDocument'(params) {
      const tx = transaction(params.transactionId);
      const collection = params.collectionName!;
      const data = resolveServerDates(parse(params.data as string) ?? {}, now()) as Record<string, unknown>;
      const query = queryOf(params);
      const targets = addressed(params, tx, query);
      const chosen = params.multi ? targets : targets.slice(0, 1);
      const writes: Write[] = [];
      if (params.merge === false) {
        // doc().set(): replace the whole document, or create it.
        const replacement = { ...data, _id: query._id } as Doc;
        const existing = chosen[0];
        if (existing && isEqual(existing, replacement)) return { data: { updated: 0 } };
        write(tx, [{ collection, id: replacement._id, doc: replacement }], params.transactionId);
        return existing ? { data: { updated: 1 } } : { data: { updated: 0, upsert_id: replacement._id } };
      }
      for (const doc of chosen) {
        const next = updated(doc, data, query);
        if (next) writes.push({ collection, id: doc._id, doc: next });
      }
      write(tx, writes, params.transactionId);
      return { data: { updated: writes.length } };
    },

    'database.modifyAndReturnDoc'(params) {
      const tx = transaction(params.transactionId);
      const collection = params.collectionName!;
      const data = resolveServerDates(parse(params.data as string) ?? {}, now()) as Record<string, unknown>;
      const query = queryOf(params);
      const [doc] = tx ? addressed({ ...params, queryType: 'DOC' }, tx, query) : matching(collection, query);
      if (!doc) return { data: { updated: 0, doc: null } };
      const next = updated(doc, data, query);
      if (next) write(tx, [{ collection, id: doc._id, doc: next }], params.transactionId);
      return { data: { updated: next ? 1 : 0, doc: stringify(next ?? doc) } };
    },

    'database.removeDocument'(params) {
      const tx = transaction(params.transactionId);
      const collection = params.collectionName!;
      const targets = addressed(params, tx);
      const chosen = params.multi === false ? targets.slice(0, 1) : targets;
      write(
        tx,
        chosen.map((doc) => ({ collection, id: doc._id, doc: null })),
        params.transactionId,
      );
      return { data: { deleted: chosen.length } };
    },

    'database.aggregateDocuments'(params, event) {
      const pipeline = (params.stages ?? []).map(({ stageKey, stageValue }) => ({
        [stageKey]: fromBson(resolveServerDates(parse(stageValue), now())),
      }));
      const firstMatch = pipeline[0]?.$match as Record<string, unknown> | undefined;
      const source = store.candidates(params.collectionName!, firstMatch);
      const collectionResolver = lookupResolver(store, pipeline, source);
      if (event) event.lookups = lookupsOf(pipeline, source);
      const list = new Aggregator(pipeline, { collectionResolver }).run(source);
      const limited = pipeline.some((stage) => '$limit' in stage) ? list : list.slice(0, AGGREGATE_DEFAULT_LIMIT);
      return { data: { list: limited.map(stringify) } };
    },

    'database.addCollection'(params) {
      const name = params.collectionName!;
      if (store.hasCollection(name)) {
        throw new DatabaseError('DATABASE_COLLECTION_ALREADY_EXIST', `collection already exists: ${name}`);
      }
      store.createCollection(name);
      return {};
    },

    'database.startTransaction'() {
      const id = `local-tx-${++requestCounter}-${newId().slice(0, 8)}`;
      transactions.set(id, { start: store.openSnapshot(), writes: new Map() });
      return { transactionId: id };
    },

    'database.commitTransaction'(params) {
      const tx = transaction(params.transactionId)!;
      close(params.transactionId!, tx);
      const writes = [...tx.writes.values()];
      if (writes.some((w) => store.lastWrite(w.collection, w.id) > tx.start)) throw conflict();
      store.commit(writes);
      return {};
    },

    'database.abortTransaction'(params) {
      const tx = transactions.get(params.transactionId ?? '');
      if (tx) close(params.transactionId!, tx);
      return {};
    },
  };

  return class LocalDatabaseRequester {
    // The sdk constructs one per query with its config; the local store needs none of it.
    constructor(_config?: unknown) {}

    async send(action: string, params: Params = {}): Promise<unknown> {
      const handler = handlers[action as DatabaseAction];
      if (!handler) throw failed(`local backend does not support ${action}`);
      // CloudBase creates no collection on first use: reads and writes of a missing one fail.
      const name = params.collectionName;
      if (name !== undefined && action !== 'database.addCollection' && !store.hasCollection(name)) {
        throw noCollection(name);
      }
      const firstStage = params.stages?.[0];
      const event: RequestEvent = {
        action: action as DatabaseAction,
        collection: params.collectionName,
        queryType: params.queryType,
        // An aggregation is served by an index through its first $match.
        query: params.query
          ? parse(params.query)
          : firstStage?.stageKey === '$match'
            ? parse(firstStage.stageValue)
            : undefined,
        order: params.order ? parse(params.order) : undefined,
        inTransaction: Boolean(params.transactionId),
      };
      // The observers hear of every request, failed ones included, with what an aggregation's joins asked.
      let reply: Record<string, unknown>;
      try {
        reply = handler(params, event) as Record<string, unknown>;
      } finally {
        options.onRequest?.(event);
      }
      return { requestId: `local-${++requestCounter}`, ...reply };
    }
  };
}

/**
 * Applies an update to a copy of `doc`: the new document, or undefined when no value changed (CloudBase then
 * reports `updated: 0`). Fails, changing nothing, where MongoDB refuses the update and mingo would quietly
 * skip it (an operator on a field of the wrong type, a path through a scalar) or where it would change `_id`.
 * The query is the condition a positional path (`'list.$'`) refers to: the first element it matched.
 */
function updated(doc: Doc, modifier: Record<string, unknown>, query: Record<string, unknown>): Doc | undefined {
  checkUpdateTargets(doc, modifier);
  const next = clone(doc);
  try {
    if (appliesDirectly(modifier)) {
      for (const [operator, fields] of Object.entries(modifier))
        UPDATE_OPERATORS[operator as DirectOperator](fields as never)(next);
    } else applyUpdate(next, modifier, undefined, query, { cloneMode: 'deep' });
  } catch (error) {
    throw failed(`invalid update: ${(error as Error).message}`);
  }
  if (next._id !== doc._id) {
    throw failed("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return isEqual(doc, next) ? undefined : next;
}

/**
 * Update operators that can be applied one after another, each on its own: mingo's `update` builds a new operator
 * context per call (about 0.5 ms, more than the rest of a write), which these skip. Values need no copy (`next` is
 * a copy, the modifier was parsed for this request, and the store copies what it keeps).
 */
const DIRECT_OPERATORS = [
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
] as const;
type DirectOperator = (typeof DIRECT_OPERATORS)[number];
const isDirect = (operator: string): operator is DirectOperator =>
  (DIRECT_OPERATORS as readonly string[]).includes(operator);

/**
 * Whether `updated` may apply the operators directly: known ones, plain paths (positional `$` paths need the
 * query), and no path that another one contains or repeats — mingo's `update` refuses those, so it gets them.
 */
function appliesDirectly(modifier: Record<string, unknown>): boolean {
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(modifier)) {
    if (!isDirect(operator) || fields === null || typeof fields !== 'object' || Array.isArray(fields)) return false;
    for (const path of Object.keys(fields)) {
      if (path.includes('$')) return false;
      paths.push(path);
    }
  }
  const distinct = new Set(paths);
  if (distinct.size < paths.length) return false;
  // 'a.b' conflicts with 'a' (sorting would not put them side by side: 'a-x' comes between)
  return paths.every((path) => {
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
      if (distinct.has(path.slice(0, dot))) return false;
    }
    return true;
  });
}

const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

const isNumeric = (value: unknown) =>
  typeof value === 'number' || ['Long', 'Int32', 'Double', 'Decimal128'].includes(bsonTypeOf(value) ?? '');
const bsonTypeOf = (value: unknown) =>
  value !== null && typeof value === 'object' ? (value as { _bsontype?: string })._bsontype : undefined;
const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** MongoDB's type rules for update targets, which mingo does not enforce (it skips the field instead). */
function checkUpdateTargets(doc: Doc, modifier: Record<string, unknown>) {
  for (const [operator, fields] of Object.entries(modifier)) {
    // $unset and $rename of a path that does not exist (through a scalar) are no-ops in MongoDB.
    if (fields === null || typeof fields !== 'object' || operator === '$unset' || operator === '$rename') continue;
    for (const path of Object.keys(fields)) {
      const parts = path.split('.');
      if (parts.some((part) => part.startsWith('$'))) continue; // positional paths: leave them to mingo
      let value: unknown = doc;
      let found = true;
      for (const [i, part] of parts.entries()) {
        if (value === undefined) {
          found = false;
          break;
        }
        if (Array.isArray(value) && /^\d+$/.test(part)) {
          value = value[Number(part)];
        } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
          value = (value as Record<string, unknown>)[part];
        } else {
          const at = parts.slice(0, i).join('.');
          throw failed(`Cannot create field '${part}' in element {${at}: ${typeName(value)}}`);
        }
      }
      if (!found || value === undefined) continue;
      if (NUMERIC_OPERATORS.has(operator) && !isNumeric(value)) {
        throw failed(`Cannot apply ${operator} to a value of non-numeric type ${typeName(value)} (field '${path}')`);
      }
      if (ARRAY_OPERATORS.has(operator) && !Array.isArray(value)) {
        throw failed(`Cannot apply ${operator} to a non-array value (field '${path}' is ${typeName(value)})`);
      }
    }
  }
}

interface LookupStage {
  from?: string;
  localField?: string;
  foreignField?: string;
  let?: Record<string, unknown>;
  pipeline?: Array<Record<string, unknown>>;
}

/** The values of a pipeline variable over the source documents, when it names a field (`{ v: '$compoundId' }`). */
function variableValues(lookup: LookupStage, name: string, source: readonly Doc[]): unknown[] | undefined {
  const path = lookup.let?.[name];
  if (typeof path !== 'string' || !path.startsWith('$') || path.startsWith('$$')) return undefined;
  return source.flatMap((doc) => [valueAt(doc, path.slice(1))].flat()).filter((v) => v != null);
}

/**
 * A sub-pipeline's `$match` as the query it amounts to: a join condition `$expr: { $eq: ['$field', '$$v'] }` on a
 * variable bound to a field of the source reads as `{ field: { $in: <the source's values> } }` — what an index serves.
 */
function resolveJoin(match: Record<string, unknown>, lookup: LookupStage, source: readonly Doc[]) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(match)) {
    if (key === '$and' && Array.isArray(value)) {
      // Lifted to the top level where no field repeats, so the store's indexes see the join's field.
      const parts = value.map((part) => resolveJoin(part as Record<string, unknown>, lookup, source));
      const keys = parts.flatMap((part) => Object.keys(part));
      if (new Set(keys).size === keys.length && !keys.some((k) => k in match)) Object.assign(out, ...parts);
      else out.$and = parts;
      continue;
    }
    const eq = key === '$expr' ? ((value as { $eq?: unknown } | null)?.$eq as unknown[] | undefined) : undefined;
    const [field, variable] = eq ?? [];
    const values =
      typeof field === 'string' && field.startsWith('$') && typeof variable === 'string' && variable.startsWith('$$')
        ? variableValues(lookup, variable.slice(2), source)
        : undefined;
    if (values) out[(field as string).slice(1)] = { $in: values };
    else out[key] = value;
  }
  return out;
}

/** What one `$lookup` asks of the collection it reads: its sub-pipeline's leading `$match` (and `$sort`). */
function lookupQuery(lookup: LookupStage, source: readonly Doc[]) {
  if (lookup.localField && lookup.foreignField) {
    const values = source.flatMap((doc) => [valueAt(doc, lookup.localField!)].flat()).filter((v) => v != null);
    return { query: { [lookup.foreignField]: { $in: values } } as Record<string, unknown>, order: undefined };
  }
  const match = lookup.pipeline?.[0]?.$match as Record<string, unknown> | undefined;
  const order = lookup.pipeline?.[1]?.$sort as Record<string, 1 | -1> | undefined;
  return match ? { query: resolveJoin(match, lookup, source), order } : undefined;
}

/** The joins of a pipeline, for the request seam's observers (index coverage). */
function lookupsOf(pipeline: Array<Record<string, unknown>>, source: readonly Doc[]): RequestEvent['lookups'] {
  const joins: NonNullable<RequestEvent['lookups']> = [];
  for (const stage of pipeline) {
    const lookup = stage.$lookup as LookupStage | undefined;
    const asked = lookup?.from ? lookupQuery(lookup, source) : undefined;
    if (asked) joins.push({ collection: lookup!.from!, ...asked });
  }
  return joins;
}

/**
 * The collections a pipeline's `$lookup`s read. A lookup on a local field, or whose sub-pipeline starts with
 * `$match`, only needs the documents an index finds for it (joining one order by `_id` must not scan every order);
 * any other lookup gets the whole collection. mingo still evaluates every stage.
 */
function lookupResolver(store: Store, pipeline: Array<Record<string, unknown>>, source: readonly Doc[]) {
  const narrowed = new Map<string, Doc[] | 'all'>();
  for (const stage of pipeline) {
    const lookup = stage.$lookup as LookupStage | undefined;
    if (!lookup?.from) continue;
    const asked = lookupQuery(lookup, source);
    const previous = narrowed.get(lookup.from);
    if (!asked || previous === 'all') narrowed.set(lookup.from, 'all');
    else narrowed.set(lookup.from, [...new Set([...(previous ?? []), ...store.candidates(lookup.from, asked.query)])]);
  }
  return (name: string) => {
    const docs = narrowed.get(name);
    return docs === undefined || docs === 'all' ? store.candidates(name) : docs;
  };
}
