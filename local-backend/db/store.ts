// long: the Store class (~320 lines) keeps the log, snapshots, indexes, transactions and the lock over one shared
// private state; the index and collection classes above it serve only it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import { decode, encode } from './codec';
import { SortedField } from './order';
import { cloneDeep } from 'mingo/util';

/** A stored document: a plain object with a string `_id` (dates are `Date`s, as the sdk hands them over). */
export type Doc = Record<string, unknown> & { _id: string };

/** One change of a commit: the new document, or `null` for a removal. */
export interface Write {
  collection: string;
  id: string;
  doc: Doc | null;
}

export interface DeclaredIndex {
  collection: string;
  /** Field paths in index order; the local store indexes the first one (equality lookups). */
  fields: string[];
}

const LOG_FILE = 'log.jsonl';
/** The snapshot: a header line, then one line per document (streamed both ways: no string holds it whole). */
const SNAPSHOT_FILE = 'snapshot.jsonl';
/** The snapshot as one JSON text, as stores before the line format wrote it: still read, replaced at the next compaction. */
const OLD_SNAPSHOT_FILE = 'snapshot.json';
const LOCK_FILE = 'LOCK';
/**
 * The log is folded into a new snapshot when it grows past the larger of these: a floor, and a fraction of the
 * snapshot. A fixed limit alone rewrote the whole snapshot every 32 MB, so filling a big store cost the square of
 * its size; relative to the snapshot, the bytes rewritten stay proportional to the bytes logged.
 */
const COMPACT_LOG_BYTES = 32 * 1024 * 1024;
const COMPACT_LOG_FRACTION = 0.5;
/** Snapshot lines are written in pieces of about this many characters. */
const WRITE_CHUNK = 1 << 20;

interface SnapshotHeader {
  v: 2;
  seq: number;
  created: string[];
  /** How many document lines follow: a snapshot that holds fewer is refused, never opened as if complete. */
  docs: number;
}

const checksum = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);
/**
 * Deep copy that keeps values in this realm. Not `structuredClone`: under jest's vm sandbox it returns objects
 * of the host realm (a `Date` that is not `instanceof Date`), which mingo's equality then never matches.
 */
export const clone = <T>(value: T): T => cloneDeep(value);

/** What `EJSON` turns a value into for an index key, so that 1 and '1' stay different keys. */
function indexKey(value: unknown): string | undefined {
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number') return `n${value}`;
  if (typeof value === 'boolean') return `b${value}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  return undefined;
}

/**
 * Every value at a dotted path, descending through arrays as MongoDB's multikey indexes do. A numeric part
 * on an array addresses that element ('list.0.k') and also a field of that name in each element. Keys may
 * be a superset of what a query matches (mingo still decides), never a subset.
 */
function valuesAt(value: unknown, pathParts: string[]): unknown[] {
  if (pathParts.length === 0) return Array.isArray(value) ? [value, ...value] : [value];
  const [head, ...rest] = pathParts;
  if (Array.isArray(value)) {
    const byField = value.flatMap((item) => valuesAt(item, pathParts));
    return /^\d+$/.test(head) ? [...valuesAt(value[Number(head)], rest), ...byField] : byField;
  }
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[head], rest);
}

/** An equality index on one field: key → ids. Used only to narrow candidates; mingo still decides matches. */
class FieldIndex {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly parts: string[];

  constructor(readonly field: string) {
    this.parts = field.split('.');
  }

  private keys(doc: Doc): string[] {
    return [...new Set(valuesAt(doc, this.parts).map(indexKey))].filter((k): k is string => k !== undefined);
  }

  add(doc: Doc) {
    for (const key of this.keys(doc)) {
      let ids = this.byKey.get(key);
      if (!ids) this.byKey.set(key, (ids = new Set()));
      ids.add(doc._id);
    }
  }

  delete(doc: Doc) {
    for (const key of this.keys(doc)) this.byKey.get(key)?.delete(doc._id);
  }

  /** An upper bound of how many ids `lookup` would give (no set is built); undefined when it cannot narrow. */
  estimate(values: unknown[]): number | undefined {
    let total = 0;
    for (const value of values) {
      const key = indexKey(value);
      if (key === undefined) return undefined;
      total += this.byKey.get(key)?.size ?? 0;
    }
    return total;
  }

  lookup(values: unknown[]): Set<string> | undefined {
    const result = new Set<string>();
    for (const value of values) {
      const key = indexKey(value);
      if (key === undefined) return undefined;
      for (const id of this.byKey.get(key) ?? []) result.add(id);
    }
    return result;
  }
}

class Collection {
  /** Documents in storage order (a rewritten document moves to the end), which full scans return. */
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, FieldIndex>();
  /** Fields kept sorted (the sort keys of the declared indexes). */
  readonly sorted = new Map<string, SortedField>();
  /** Each document's place in `docs`, so that index lookups can return documents in the same order. */
  private readonly position = new Map<string, number>();
  private nextPosition = 0;

  put(doc: Doc) {
    this.remove(doc._id);
    const pos = this.nextPosition++;
    this.docs.set(doc._id, doc);
    this.position.set(doc._id, pos);
    for (const index of this.indexes.values()) index.add(doc);
    for (const sorted of this.sorted.values()) sorted.add(doc, pos);
  }

  remove(id: string) {
    const old = this.docs.get(id);
    if (!old) return;
    for (const index of this.indexes.values()) index.delete(old);
    const pos = this.position.get(id)!;
    for (const sorted of this.sorted.values()) sorted.delete(old, pos);
    this.docs.delete(id);
    this.position.delete(id);
  }

  /** The documents with these ids, in storage order: the order a full scan would give. */
  inStorageOrder(ids: Iterable<string>): Doc[] {
    const found: Array<[number, Doc]> = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc) found.push([this.position.get(id)!, doc]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, doc]) => doc);
  }

  addSorted(field: string) {
    if (this.sorted.has(field)) return;
    const sorted = new SortedField(field);
    for (const doc of this.docs.values()) sorted.add(doc, this.position.get(doc._id)!);
    this.sorted.set(field, sorted);
  }

  addIndex(field: string) {
    if (this.indexes.has(field)) return;
    const index = new FieldIndex(field);
    for (const doc of this.docs.values()) index.add(doc);
    this.indexes.set(field, index);
  }
}

/** The equality values a top-level query condition pins a field to, if it does (`x`, `{$eq: x}`, `{$in: [...]}`). */
function pinnedValues(condition: unknown): unknown[] | undefined {
  if (condition === null || condition === undefined) return undefined;
  if (typeof condition !== 'object' || condition instanceof Date) return [condition];
  if (Array.isArray(condition)) return undefined;
  const ops = condition as Record<string, unknown>;
  const keys = Object.keys(ops);
  if (keys.includes('$eq')) return pinnedValues(ops.$eq);
  if (keys.includes('$in') && Array.isArray(ops.$in)) return ops.$in;
  return undefined;
}

/**
 * The embedded document store behind the local backend: collections of documents in memory, made durable
 * by an append-only log of commits (one line each, with a checksum) and a snapshot the log is folded into (a
 * header line, then one line per document, so neither writing nor reading it needs the data as one string).
 *
 * A commit is acknowledged only after its log line is written, so a process killed at any moment restarts
 * with every acknowledged commit; a torn last line (the kill came mid-write) is dropped on open. The snapshot
 * is replaced by write-to-temp-then-rename, so no file is ever left half-written. Writes reach the OS before
 * the ack (safe against kill -9); `fsync: true` also survives power loss, at a cost per write.
 */
export class Store {
  private collections = new Map<string, Collection>();
  /** The collections that exist (created, as CloudBase's are, before anything reads or writes them). */
  private created = new Set<string>();
  private declared: DeclaredIndex[] = [];
  /** Last commit sequence number, and the sequence number that last touched each document (for transactions). */
  private seq = 0;
  private readonly touched = new Map<string, number>();
  /**
   * Open snapshots (the sequence number each transaction reads at, with how many read there), and the versions
   * of documents overwritten while any is open: `from` is the commit that wrote that version.
   */
  private readonly snapshots = new Map<number, number>();
  private readonly history = new Map<string, Array<{ from: number; doc: Doc | undefined }>>();
  private logFd: number | undefined;
  private logBytes = 0;
  private snapshotBytes = 0;

  private constructor(
    private readonly dir: string | undefined,
    private readonly fsync: boolean,
    private readonly compactLogBytes = COMPACT_LOG_BYTES,
    private readonly compactLogFraction = COMPACT_LOG_FRACTION,
  ) {}

  /** A store with no files: for tests and benchmarks. */
  static memory(): Store {
    return new Store(undefined, false);
  }

  /**
   * Opens (or creates) a durable store in `dir`. One process at a time. The log is compacted once it is longer
   * than `compactLogBytes` and than `compactLogFraction` of the snapshot.
   */
  static open(
    dir: string,
    options: { fsync?: boolean; compactLogBytes?: number; compactLogFraction?: number } = {},
  ): Store {
    fs.mkdirSync(dir, { recursive: true });
    const store = new Store(dir, options.fsync ?? false, options.compactLogBytes, options.compactLogFraction);
    store.lock();
    store.recover();
    return store;
  }

  // ---- reading ------------------------------------------------------------------------------------------

  get(collection: string, id: string): Doc | undefined {
    return this.collections.get(collection)?.docs.get(id);
  }

  hasCollection(name: string): boolean {
    return this.created.has(name);
  }

  /** A document as it was after commit `seq` (an open snapshot's): later writes are not seen. */
  getAt(collection: string, id: string, seq: number): Doc | undefined {
    const key = docKey(collection, id);
    if ((this.touched.get(key) ?? 0) <= seq) return this.get(collection, id);
    const versions = this.history.get(key) ?? [];
    return versions.filter((v) => v.from <= seq).at(-1)?.doc;
  }

  /** Starts reading at the current commit; versions overwritten from now on are kept until it is released. */
  openSnapshot(): number {
    this.snapshots.set(this.seq, (this.snapshots.get(this.seq) ?? 0) + 1);
    return this.seq;
  }

  releaseSnapshot(seq: number) {
    const left = (this.snapshots.get(seq) ?? 1) - 1;
    if (left > 0) this.snapshots.set(seq, left);
    else this.snapshots.delete(seq);
    if (this.snapshots.size === 0) this.history.clear();
  }

  /**
   * The documents a query could match, narrowed by a declared index when a top-level condition pins an
   * indexed field; otherwise every document. Either way in storage order (the order of writes), so indexes
   * never change what a limit keeps. The caller still evaluates the query.
   */
  candidates(collection: string, query: Record<string, unknown> = {}): Doc[] {
    const coll = this.collections.get(collection);
    if (!coll) return [];
    const best = this.narrowest(coll, query);
    if (!best) return [...coll.docs.values()];
    // Same order as the full scan: an index may narrow the candidates, never reorder them.
    return coll.inStorageOrder(best);
  }

  /** About how many documents `candidates` would return (an upper bound), without building the list. */
  candidateCount(collection: string, query: Record<string, unknown> = {}): number {
    const coll = this.collections.get(collection);
    if (!coll) return 0;
    return this.plan(coll, query)?.size ?? coll.docs.size;
  }

  /** The collection sorted by a field that a declared index sorts on, if every value of it is a scalar. */
  sortedBy(collection: string, field: string): SortedField | undefined {
    const sorted = this.collections.get(collection)?.sorted.get(field);
    return sorted?.usable ? sorted : undefined;
  }

  /** The smallest id set an index (or an `_id` condition) narrows the query to; undefined: no narrowing. */
  private narrowest(coll: Collection, query: Record<string, unknown>): Set<string> | undefined {
    return this.plan(coll, query)?.ids();
  }

  /** Picks the narrowest lookup by its estimated size; only that one is materialised. */
  private plan(coll: Collection, query: Record<string, unknown>): { size: number; ids: () => Set<string> } | undefined {
    let best: { size: number; ids: () => Set<string> } | undefined;
    const idValues = pinnedValues(query._id);
    if (idValues) {
      const ids = new Set(idValues.filter((v): v is string => typeof v === 'string'));
      best = { size: ids.size, ids: () => ids };
    }
    for (const [field, index] of coll.indexes) {
      const values = pinnedValues(query[field]);
      if (!values) continue;
      const size = index.estimate(values);
      if (size !== undefined && (!best || size < best.size)) best = { size, ids: () => index.lookup(values)! };
    }
    // Every branch of an `$or` narrowed (mine: filed by me or supported by me): the union of theirs.
    const branches = Array.isArray(query.$or) ? query.$or.map((branch) => this.plan(coll, branch)) : [];
    if (branches.length && branches.every((b) => b !== undefined)) {
      const size = branches.reduce((sum, b) => sum + b!.size, 0);
      if (!best || size < best.size) best = { size, ids: () => new Set(branches.flatMap((b) => [...b!.ids()])) };
    }
    // Any branch of an `$and` narrows the whole.
    for (const branch of Array.isArray(query.$and) ? query.$and : []) {
      const plan = this.plan(coll, branch);
      if (plan && (!best || plan.size < best.size)) best = plan;
    }
    return best;
  }

  count(collection: string): number {
    return this.collections.get(collection)?.docs.size ?? 0;
  }

  /** Every collection's documents sorted by id: compare two dumps to prove nothing changed. */
  dump(): Record<string, Doc[]> {
    const out: Record<string, Doc[]> = {};
    for (const name of [...this.collections.keys()].sort()) {
      const docs = [...this.collections.get(name)!.docs.values()].sort((a, b) => (a._id < b._id ? -1 : 1));
      if (docs.length) out[name] = clone(docs);
    }
    return out;
  }

  /** The commit sequence number: grows by one per commit. */
  get sequence(): number {
    return this.seq;
  }

  /** The commit that last wrote (or removed) a document; 0 if none did. */
  lastWrite(collection: string, id: string): number {
    return this.touched.get(docKey(collection, id)) ?? 0;
  }

  // ---- writing ------------------------------------------------------------------------------------------

  /** Applies writes atomically: all are logged in one line, then applied; none are if logging fails. */
  commit(writes: Write[]): number {
    if (writes.length === 0) return this.seq;
    const seq = this.seq + 1;
    if (this.dir) {
      const body = encode({ s: seq, w: writes.map((w) => [w.collection, w.id, w.doc]) });
      this.appendLog(`${checksum(body)} ${body}\n`);
    }
    this.apply(
      seq,
      writes.map((w) => ({ ...w, doc: w.doc && clone(w.doc) })),
    );
    this.compactIfLong();
    return seq;
  }

  /** Creates a collection (logged like a commit); fails if it exists, as CloudBase's createCollection does. */
  createCollection(name: string): number {
    if (this.created.has(name)) throw new Error(`collection ${name} already exists`);
    const seq = this.seq + 1;
    if (this.dir) {
      const body = JSON.stringify({ s: seq, c: name });
      this.appendLog(`${checksum(body)} ${body}\n`);
    }
    this.seq = seq;
    this.created.add(name);
    this.collection(name);
    this.compactIfLong();
    return seq;
  }

  private apply(seq: number, writes: Write[]) {
    this.seq = seq;
    for (const { collection, id, doc } of writes) {
      const coll = this.collection(collection);
      const key = docKey(collection, id);
      if (this.snapshots.size > 0) {
        const versions = this.history.get(key) ?? [];
        versions.push({ from: this.touched.get(key) ?? 0, doc: coll.docs.get(id) });
        this.history.set(key, versions);
      }
      if (doc) coll.put(doc);
      else coll.remove(id);
      this.touched.set(key, seq);
    }
  }

  private collection(name: string): Collection {
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new Collection();
      for (const index of this.declared) if (index.collection === name) addDeclared(coll, index);
      this.collections.set(name, coll);
    }
    return coll;
  }

  /** Indexes speed up lookups only; they never change results. */
  declareIndexes(indexes: DeclaredIndex[]) {
    this.declared = [...this.declared, ...indexes];
    for (const index of indexes) {
      addDeclared(this.collection(index.collection), index);
    }
  }

  /** Drops every document (the demo seed runs again on the next start). */
  reset() {
    this.collections = new Map();
    this.created = new Set();
    this.touched.clear();
    if (this.dir) this.writeSnapshot();
  }

  // ---- durability ---------------------------------------------------------------------------------------

  private lock() {
    const file = path.join(this.dir!, LOCK_FILE);
    try {
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(`数据目录 ${this.dir} 正被进程 ${pid} 使用（另一个本地后端在运行？）`);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    fs.writeFileSync(file, String(process.pid));
  }

  private recover() {
    const dir = this.dir!;
    const snapshotPath = path.join(dir, SNAPSHOT_FILE);
    const oldSnapshotPath = path.join(dir, OLD_SNAPSHOT_FILE);
    // Both exist only after a crash between writing the new one and removing the old: the new one is later.
    if (fs.existsSync(snapshotPath)) this.readSnapshot(snapshotPath);
    else if (fs.existsSync(oldSnapshotPath)) this.readOldSnapshot(oldSnapshotPath);
    const logPath = path.join(dir, LOG_FILE);
    let goodBytes = 0;
    if (fs.existsSync(logPath)) {
      forEachLine(logPath, (line, bytes) => {
        const space = line.indexOf(' ');
        const body = line.slice(space + 1);
        if (space < 0 || checksum(body) !== line.slice(0, space)) return false; // torn tail: never acknowledged
        const entry = decode(body) as {
          s: number;
          w?: Array<[string, string, Doc | null]>;
          c?: string;
        };
        if (entry.s > this.seq && entry.c !== undefined) {
          this.seq = entry.s;
          this.created.add(entry.c);
        } else if (entry.s > this.seq && entry.w) {
          this.apply(
            entry.s,
            entry.w.map(([collection, id, doc]) => ({ collection, id, doc })),
          );
        }
        goodBytes += bytes;
        return true;
      });
      fs.truncateSync(logPath, goodBytes);
    }
    this.logFd = fs.openSync(logPath, 'a');
    this.logBytes = goodBytes;
    this.compactIfLong();
  }

  private readSnapshot(file: string) {
    let header: SnapshotHeader | undefined;
    let docs = 0;
    forEachLine(file, (line) => {
      if (!header) {
        header = JSON.parse(line) as SnapshotHeader;
        if (header.v !== 2) throw new Error(`${file}: unknown snapshot format ${String(header.v)}`);
        this.seq = header.seq;
        this.created = new Set(header.created);
        return true;
      }
      const [name, doc] = decode(line) as [string, Doc];
      this.collection(name).put(doc);
      docs++;
      return true;
    });
    // Written to a temp file and renamed, a snapshot is never torn by this store: one that is was cut by something
    // else, and opening it as complete would make the next compaction persist the loss.
    if (!header || docs !== header.docs) {
      throw new Error(`${file}: snapshot holds ${docs} of ${header?.docs ?? '?'} documents (damaged?)`);
    }
    this.snapshotBytes = fs.statSync(file).size;
  }

  /** The one-text snapshot of earlier stores (it fitted in a string when written, so it does when read). */
  private readOldSnapshot(file: string) {
    const snapshot = EJSON.parse(fs.readFileSync(file, 'utf8'), { relaxed: true }) as {
      seq: number;
      collections: Record<string, Doc[]>;
      created?: string[];
    };
    this.seq = snapshot.seq;
    // A snapshot from before collections were created explicitly: every collection it holds exists.
    this.created = new Set(snapshot.created ?? Object.keys(snapshot.collections));
    for (const [name, docs] of Object.entries(snapshot.collections)) {
      const coll = this.collection(name);
      for (const doc of docs) coll.put(doc);
    }
    this.snapshotBytes = fs.statSync(file).size;
  }

  private appendLog(line: string) {
    this.logBytes += writeAll(this.logFd!, Buffer.from(line));
    if (this.fsync) fs.fdatasyncSync(this.logFd!);
  }

  /**
   * Folds a long log into a snapshot — only once the commit just logged is applied: a snapshot taken between its
   * log line and its apply would drop it from both (the log is emptied), losing it at the next kill.
   */
  private compactIfLong() {
    if (this.logBytes > Math.max(this.compactLogBytes, this.snapshotBytes * this.compactLogFraction)) this.compact();
  }

  /**
   * Streams every document to a temp file, one line each, makes it durable, renames it over the snapshot, and
   * only then empties the log: at every moment the snapshot and the log together hold every logged commit.
   */
  private writeSnapshot() {
    const dir = this.dir!;
    const tmp = path.join(dir, `${SNAPSHOT_FILE}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    let bytes = 0;
    let pending: string[] = [];
    let pendingLength = 0;
    const write = (line: string) => {
      pending.push(line);
      pendingLength += line.length;
      if (pendingLength < WRITE_CHUNK) return;
      bytes += writeAll(fd, Buffer.from(pending.join('')));
      pending = [];
      pendingLength = 0;
    };
    try {
      let docs = 0;
      for (const coll of this.collections.values()) docs += coll.docs.size;
      const header: SnapshotHeader = { v: 2, seq: this.seq, created: [...this.created], docs };
      write(`${JSON.stringify(header)}\n`);
      for (const [name, coll] of this.collections) {
        for (const doc of coll.docs.values()) write(`${encode([name, doc])}\n`);
      }
      bytes += writeAll(fd, Buffer.from(pending.join('')));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, SNAPSHOT_FILE));
    if (this.fsync) syncDirectory(dir);
    // The new snapshot supersedes an old-format one (a crash before this line leaves both: the new one is read).
    fs.rmSync(path.join(dir, OLD_SNAPSHOT_FILE), { force: true });
    this.snapshotBytes = bytes;
    // The snapshot now holds every logged commit; a log left behind by a crash here is skipped by `seq`.
    if (this.logFd !== undefined) fs.closeSync(this.logFd);
    this.logFd = fs.openSync(path.join(dir, LOG_FILE), 'w');
    this.logBytes = 0;
  }

  /** Folds the log into a fresh snapshot. */
  compact() {
    if (this.dir) this.writeSnapshot();
  }

  close() {
    if (!this.dir || this.logFd === undefined) return;
    this.compact();
    fs.closeSync(this.logFd);
    this.logFd = undefined;
    fs.rmSync(path.join(this.dir, LOCK_FILE), { force: true });
  }
}

const docKey = (collection: string, id: string) => `${collection}\u0000${id}`;

/** Writes the whole buffer (a write may take part of it); returns its length. */
function writeAll(fd: number, buffer: Buffer): number {
  let written = 0;
  while (written < buffer.length) written += fs.writeSync(fd, buffer, written);
  return buffer.length;
}

/** Makes a rename in `dir` durable across a power cut (POSIX; Windows cannot open a directory to sync it). */
function syncDirectory(dir: string) {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Lines are read in chunks of this many bytes: a file of any size, no string longer than a line. */
const READ_CHUNK = 4 << 20;

/**
 * Calls `onLine` with each complete line of a file (without its newline) and its size in bytes with the newline,
 * until it returns false. A last line without a newline is not passed on (a torn write).
 */
function forEachLine(file: string, onLine: (line: string, bytes: number) => boolean) {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    let rest = Buffer.alloc(0);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return;
      const buffer = rest.length ? Buffer.concat([rest, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let end = buffer.indexOf(10, start); end >= 0; end = buffer.indexOf(10, start)) {
        if (!onLine(buffer.toString('utf8', start, end), end + 1 - start)) return;
        start = end + 1;
      }
      // Copied: `chunk` is overwritten by the next read.
      rest = Buffer.from(buffer.subarray(start));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A declared index: its first field for equality lookups; its last kept sorted, for sorts and ranges on it (a
 * one-field index such as `createdAt` serves a day's window as well as an equality).
 */
function addDeclared(coll: Collection, index: DeclaredIndex) {
  if (index.fields.length === 0) return;
  coll.addIndex(index.fields[0]);
  coll.addSorted(index.fields[index.fields.length - 1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
