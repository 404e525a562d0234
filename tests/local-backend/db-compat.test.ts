/**
 * CloudBase database compatibility: every operator the product uses, and the ones CloudBase documents for
 * `db.command`, run through the real `@cloudbase/node-sdk` query builder against the local executor, with
 * the results CloudBase documents (developers.weixin.qq.com … reference-sdk-api/database, docs.cloudbase.net
 * … node-sdk/database). Where CloudBase's documentation says nothing, the test says so and asserts what
 * MongoDB (which CloudBase's document database is) does.
 */
import { getDb } from '../../cloudfunctions/lib/db';
import { isDuplicateKey } from '../../cloudfunctions/lib/records';
import { createCollections } from '../../local-backend/backend';
import { useLocalDatabase } from '../../local-backend/db/install';
import { Store } from '../../local-backend/db/store';

const db = getDb();
const _ = db.command;
const $ = db.command.aggregate;

let store: Store;
let restore: () => void;
let clock = new Date('2026-11-02T01:00:00.000Z');

/** The collections these tests use (CloudBase creates none on first use). */
const COLLECTIONS = ['todos', 'items', 'accounts', 'ledger', 'orders', 'users'];

beforeEach(() => {
  store = createCollections(Store.memory(), COLLECTIONS);
  clock = new Date('2026-11-02T01:00:00.000Z');
  restore = useLocalDatabase(store, { now: () => clock });
});
afterEach(() => restore());

type Row = Record<string, unknown> & { _id: string };

const todos = () => db.collection('todos');

/** Adds documents, then reads them back by id (sorted), the way most assertions below look at the store. */
async function seed(docs: Row[], name = 'todos') {
  await db.collection(name).add(docs);
}

async function ids(query: object, name = 'todos'): Promise<string[]> {
  const res = await db.collection(name).where(query).get();
  return (res.data as Row[]).map((doc) => doc._id).sort();
}

async function read(id: string, name = 'todos'): Promise<Row | undefined> {
  const res = await db.collection(name).doc(id).get();
  return (res.data as Row[])[0];
}

const numbers: Row[] = [
  { _id: 'n1', n: 1, tag: 'a' },
  { _id: 'n2', n: 2, tag: 'b' },
  { _id: 'n3', n: 3, tag: 'a' },
  { _id: 'n4', n: 4, tag: 'c' },
  { _id: 'nx', tag: 'x' },
];

describe('query operators (db.command)', () => {
  beforeEach(() => seed(numbers));

  it('a plain value is _.eq: matches equal values only, no type conversion ("1" is not 1)', async () => {
    expect(await ids({ n: 1 })).toEqual(['n1']);
    expect(await ids({ n: _.eq(2) })).toEqual(['n2']);
    expect(await ids({ n: '1' })).toEqual([]);
  });

  it('_.neq matches documents whose field differs, including documents without the field', async () => {
    expect(await ids({ n: _.neq(1) })).toEqual(['n2', 'n3', 'n4', 'nx']);
  });

  it('_.lt / _.lte / _.gt / _.gte compare numbers and skip documents without the field', async () => {
    expect(await ids({ n: _.lt(2) })).toEqual(['n1']);
    expect(await ids({ n: _.lte(2) })).toEqual(['n1', 'n2']);
    expect(await ids({ n: _.gt(3) })).toEqual(['n4']);
    expect(await ids({ n: _.gte(3) })).toEqual(['n3', 'n4']);
  });

  it('_.in matches any listed value; _.nin matches none of them (and documents without the field)', async () => {
    expect(await ids({ n: _.in([1, 3]) })).toEqual(['n1', 'n3']);
    expect(await ids({ n: _.nin([1, 3]) })).toEqual(['n2', 'n4', 'nx']);
    expect(await ids({ n: _.in([]) })).toEqual([]);
  });

  it('_.and on one field combines conditions (chained .and), and at the top level combines whole queries', async () => {
    expect(await ids({ n: _.gt(1).and(_.lt(4)) })).toEqual(['n2', 'n3']);
    expect(await ids(_.and([{ n: _.gt(1) }, { tag: 'a' }]))).toEqual(['n3']);
  });

  it('_.or on one field matches either condition, and at the top level either query', async () => {
    expect(await ids({ n: _.lt(2).or(_.gt(3)) })).toEqual(['n1', 'n4']);
    expect(await ids({ n: _.or(_.lt(2), _.gt(3)) })).toEqual(['n1', 'n4']);
    expect(await ids(_.or([{ n: 2 }, { tag: 'x' }]))).toEqual(['n2', 'nx']);
  });

  it('_.nor matches documents that match none of the queries', async () => {
    expect(await ids(_.nor([{ n: _.lt(3) }, { tag: 'c' }]))).toEqual(['n3', 'nx']);
  });

  it('_.not negates a condition, also matching documents without the field', async () => {
    expect(await ids({ n: _.not(_.gt(2)) })).toEqual(['n1', 'n2', 'nx']);
  });

  it('_.exists(true) matches documents that have the field, _.exists(false) those without it', async () => {
    expect(await ids({ n: _.exists(true) })).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(await ids({ n: _.exists(false) })).toEqual(['nx']);
  });

  it('_.mod(divisor, remainder) matches numbers with that remainder', async () => {
    // The sdk's typings declare mod() without parameters; its implementation reads (divisor, remainder).
    const mod = _.mod as unknown as (divisor: number, remainder: number) => unknown;
    expect(await ids({ n: mod(2, 0) })).toEqual(['n2', 'n4']);
    expect(await ids({ n: mod(3, 1) })).toEqual(['n1', 'n4']);
  });

  it('_.expr compares two fields of the same document with an aggregation expression', async () => {
    await seed(
      [
        { _id: 'i1', inStock: 5, ordered: 8 },
        { _id: 'i2', inStock: 9, ordered: 3 },
      ],
      'items',
    );
    expect(await ids(_.expr($.gt(['$ordered', '$inStock'])), 'items')).toEqual(['i1']);
  });
});

describe('array queries', () => {
  beforeEach(() =>
    seed([
      { _id: 'p1', tags: ['cloud', 'db'], scores: [1, 5, 9], roles: [{ role: 'staff', scopeId: 'c1' }] },
      { _id: 'p2', tags: ['cloud'], scores: [2, 3], roles: [{ role: 'worker', scopeId: 'g1' }] },
      {
        _id: 'p3',
        tags: ['db', 'web', 'cloud'],
        scores: [10],
        roles: [
          { role: 'worker', scopeId: 'c1' },
          { role: 'staff', scopeId: 'g1' },
        ],
      },
    ]),
  );

  it('a value matches an array field that contains it', async () => {
    expect(await ids({ tags: 'db' })).toEqual(['p1', 'p3']);
  });

  it('an array value matches only the exact same array, order included', async () => {
    expect(await ids({ tags: ['cloud', 'db'] })).toEqual(['p1']);
    expect(await ids({ tags: ['db', 'cloud'] })).toEqual([]);
  });

  it('a numeric path component addresses an array element ("tags.0")', async () => {
    expect(await ids({ 'tags.0': 'cloud' })).toEqual(['p1', 'p2']);
  });

  it('_.all matches arrays that contain every listed value, in any order', async () => {
    expect(await ids({ tags: _.all(['db', 'cloud']) })).toEqual(['p1', 'p3']);
  });

  it('_.size matches arrays of exactly that length', async () => {
    expect(await ids({ tags: _.size(1) })).toEqual(['p2']);
    expect(await ids({ tags: _.size(3) })).toEqual(['p3']);
  });

  it('_.elemMatch requires one element to meet every condition', async () => {
    // Operator-object form: the sdk (1.4.3) serializes a chained command inside elemMatch
    // (`_.elemMatch(_.gt(4).and(_.lt(6)))`) as its internal object, which no server understands.
    expect(await ids({ scores: _.elemMatch({ $gt: 4, $lt: 6 }) })).toEqual(['p1']);
    expect(await ids({ roles: _.elemMatch({ role: 'staff', scopeId: 'c1' }) })).toEqual(['p1']);
  });

  it('without _.elemMatch, conditions on an array may be met by different elements', async () => {
    // MongoDB's rule (CloudBase documents only the elemMatch side): p3 has a "staff" and a "c1", in two grants.
    expect(await ids({ 'roles.role': 'staff', 'roles.scopeId': 'c1' })).toEqual(['p1', 'p3']);
  });

  it('a dotted path through an array of objects matches any element ("roles.scopeId" with _.in)', async () => {
    expect(await ids({ 'roles.scopeId': _.in(['g1']) })).toEqual(['p2', 'p3']);
    expect(await ids({ 'roles.scopeId': 'c1' })).toEqual(['p1', 'p3']);
  });

  it('comparison operators match when any array element satisfies them', async () => {
    expect(await ids({ scores: _.gt(8) })).toEqual(['p1', 'p3']);
  });
});

describe('nested fields', () => {
  beforeEach(() =>
    seed([
      { _id: 's1', style: { color: 'red', size: 10 } },
      { _id: 's2', style: { color: 'blue', size: 20 } },
      { _id: 's3', style: { color: 'red' } },
    ]),
  );

  it('"a.b" dotted paths query nested fields', async () => {
    expect(await ids({ 'style.color': 'red' })).toEqual(['s1', 's3']);
  });

  it('object-form queries match nested fields like dotted paths (not the whole sub-document)', async () => {
    expect(await ids({ style: { color: 'red' } })).toEqual(['s1', 's3']);
    expect(await ids({ style: { size: _.gt(15) } })).toEqual(['s2']);
  });

  it('_.eq with an object matches the whole sub-document exactly', async () => {
    expect(await ids({ style: _.eq({ color: 'red' }) })).toEqual(['s3']);
  });
});

describe('RegExp queries', () => {
  beforeEach(() =>
    seed([
      { _id: 'r1', name: '张三丰' },
      { _id: 'r2', name: 'Alice Zhang' },
      { _id: 'r3', name: 'alice wang' },
    ]),
  );

  it('db.RegExp({regexp, options}) matches strings, with "i" ignoring case', async () => {
    expect(await ids({ name: db.RegExp({ regexp: '^alice', options: 'i' }) })).toEqual(['r2', 'r3']);
    expect(await ids({ name: db.RegExp({ regexp: '^alice' }) })).toEqual(['r3']);
    expect(await ids({ name: db.RegExp({ regexp: '三' }) })).toEqual(['r1']);
  });

  it('a JavaScript RegExp literal works the same way', async () => {
    expect(await ids({ name: /zhang$/i })).toEqual(['r2']);
  });

  it('an escaped keyword matches literally (how the product builds its name search)', async () => {
    await todos().add({ _id: 'r4', name: 'a.b (x)' });
    const keyword = 'a.b (x)'.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(await ids({ name: db.RegExp({ regexp: keyword, options: 'i' }) })).toEqual(['r4']);
  });
});

describe('reading: get, count, orderBy, skip, limit, field', () => {
  it('get() without limit returns at most 100 documents on the server', async () => {
    await todos().add(Array.from({ length: 150 }, (_x, i) => ({ _id: `d${String(i).padStart(3, '0')}`, i })));
    expect((await todos().get()).data).toHaveLength(100);
  });

  it('limit() is capped at 1000 on the server', async () => {
    await todos().add(Array.from({ length: 1100 }, (_x, i) => ({ i })));
    expect((await todos().limit(5000).get()).data).toHaveLength(1000);
    expect((await todos().limit(7).get()).data).toHaveLength(7);
  });

  it('count() counts every matching document, beyond the read limit', async () => {
    await todos().add(Array.from({ length: 120 }, (_x, i) => ({ even: i % 2 === 0 })));
    expect((await todos().count()).total).toBe(120);
    expect((await todos().where({ even: true }).count()).total).toBe(60);
  });

  it('orderBy on several fields sorts by the first, then the next', async () => {
    await seed([
      { _id: 'o1', group: 'b', n: 1 },
      { _id: 'o2', group: 'a', n: 2 },
      { _id: 'o3', group: 'b', n: 3 },
      { _id: 'o4', group: 'a', n: 1 },
    ]);
    const res = await todos().orderBy('group', 'asc').orderBy('n', 'desc').get();
    expect((res.data as Row[]).map((doc) => doc._id)).toEqual(['o2', 'o4', 'o3', 'o1']);
  });

  it('ascending order puts documents without the field first (MongoDB: missing sorts as null, lowest)', async () => {
    // CloudBase does not document where missing values sort; this is MongoDB's order.
    await seed([{ _id: 'm1', n: 2 }, { _id: 'm2' }, { _id: 'm3', n: 1 }]);
    const res = await todos().orderBy('n', 'asc').get();
    expect((res.data as Row[]).map((doc) => doc._id)).toEqual(['m2', 'm3', 'm1']);
  });

  it('orderBy sorts dates chronologically and strings by code point', async () => {
    await seed([
      { _id: 't1', at: new Date('2026-01-02'), s: 'b' },
      { _id: 't2', at: new Date('2025-12-31'), s: 'B' },
      { _id: 't3', at: new Date('2026-01-01'), s: 'a' },
    ]);
    const byDate = await todos().orderBy('at', 'asc').get();
    expect((byDate.data as Row[]).map((doc) => doc._id)).toEqual(['t2', 't3', 't1']);
    const byString = await todos().orderBy('s', 'asc').get();
    expect((byString.data as Row[]).map((doc) => doc._id)).toEqual(['t2', 't3', 't1']);
  });

  it('skip() and limit() page through the sorted results', async () => {
    await todos().add(Array.from({ length: 10 }, (_x, i) => ({ _id: `k${i}`, i })));
    const page = await todos().orderBy('i', 'desc').skip(3).limit(4).get();
    expect((page.data as Row[]).map((doc) => doc.i)).toEqual([6, 5, 4, 3]);
  });

  it('field() with true returns only those fields and _id', async () => {
    await todos().add({ _id: 'f1', name: 'n', secret: 's', nested: { a: 1, b: 2 } });
    const res = await todos().where({ _id: 'f1' }).field({ name: true, 'nested.a': true }).get();
    expect(res.data).toEqual([{ _id: 'f1', name: 'n', nested: { a: 1 } }]);
  });

  it('field() with false returns every field except those', async () => {
    await todos().add({ _id: 'f2', name: 'n', secret: 's' });
    const res = await todos().doc('f2').field({ secret: false }).get();
    expect(res.data).toEqual([{ _id: 'f2', name: 'n' }]);
  });

  it('doc().get() of a missing document returns an empty list', async () => {
    expect((await todos().doc('nope').get()).data).toEqual([]);
  });
});

describe('writing documents', () => {
  it('add() of one document returns its new id, a 32-character hex string when none is given', async () => {
    const res = await todos().add({ title: 'x' });
    expect((res as { id: string }).id).toMatch(/^[0-9a-f]{32}$/);
    expect(await read((res as { id: string }).id)).toEqual({ _id: (res as { id: string }).id, title: 'x' });
  });

  it('add() of an array inserts every document and returns their ids in order', async () => {
    const res = (await todos().add([{ _id: 'a1', n: 1 }, { n: 2 }])) as { ids: string[] };
    expect(res.ids).toHaveLength(2);
    expect(res.ids[0]).toBe('a1');
    expect((await todos().count()).total).toBe(2);
  });

  it('add() with an _id that exists fails with E11000 duplicate key, and nothing is written', async () => {
    await todos().add({ _id: 'dup', v: 1 });
    const error = await todos()
      .add({ _id: 'dup', v: 2 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(String((error as Error).message)).toMatch(/E11000 duplicate key/);
    expect(isDuplicateKey(error)).toBe(true);
    expect(await read('dup')).toEqual({ _id: 'dup', v: 1 });
  });

  it('a batch add with a duplicate inside fails as a whole', async () => {
    // CloudBase does not document partial batches; the local store refuses the whole batch (MongoDB ordered
    // insertMany would keep the documents before the duplicate). Product code adds one document at a time.
    await expect(todos().add([{ _id: 'b1' }, { _id: 'b1' }])).rejects.toThrow(/E11000/);
    expect((await todos().count()).total).toBe(0);
  });

  it('doc().set() creates a missing document and reports its id as upserted', async () => {
    const res = (await todos().doc('s1').set({ a: 1 })) as { updated: number; upsertedId?: string };
    expect(res.updated).toBe(0);
    expect(res.upsertedId).toBe('s1');
    expect(await read('s1')).toEqual({ _id: 's1', a: 1 });
  });

  it('doc().set() replaces the whole document (fields not given are gone)', async () => {
    await todos().add({ _id: 's2', a: 1, b: 2 });
    const res = (await todos().doc('s2').set({ c: 3 })) as { updated: number };
    expect(res.updated).toBe(1);
    expect(await read('s2')).toEqual({ _id: 's2', c: 3 });
  });

  it('doc().update() with a plain object merges nested fields instead of replacing the object', async () => {
    await todos().add({ _id: 'u1', style: { color: 'red', size: 1 } });
    await todos()
      .doc('u1')
      .update({ style: { color: 'blue' } });
    expect(await read('u1')).toEqual({ _id: 'u1', style: { color: 'blue', size: 1 } });
  });

  it('doc().update() of a missing document updates nothing and creates nothing', async () => {
    expect((await todos().doc('ghost').update({ a: 1 })).updated).toBe(0);
    expect((await todos().count()).total).toBe(0);
  });

  it('stats.updated is 0 when the update changes no value', async () => {
    await todos().add({ _id: 'same', a: 1, tags: ['x'], when: new Date(5) });
    expect((await todos().doc('same').update({ a: 1 })).updated).toBe(0);
    expect(
      (
        await todos()
          .doc('same')
          .update({ tags: _.addToSet('x') })
      ).updated,
    ).toBe(0);
    expect(
      (
        await todos()
          .doc('same')
          .update({ when: new Date(5) })
      ).updated,
    ).toBe(0);
    expect((await todos().where({ a: 1 }).update({ a: 1 })).updated).toBe(0);
    expect(
      (
        await todos()
          .doc('same')
          .set({ a: 1, tags: ['x'], when: new Date(5) })
      ).updated,
    ).toBe(0);
    expect((await todos().doc('same').update({ a: 2 })).updated).toBe(1);
  });

  it('where().update() updates every matching document and counts them', async () => {
    await seed(numbers);
    const res = await todos().where({ tag: 'a' }).update({ seen: true });
    expect(res.updated).toBe(2);
    expect(await ids({ seen: true })).toEqual(['n1', 'n3']);
  });

  it('doc().remove() removes one document; where().remove() every match', async () => {
    await seed(numbers);
    expect((await todos().doc('n1').remove()).deleted).toBe(1);
    expect((await todos().doc('n1').remove()).deleted).toBe(0);
    expect(
      (
        await todos()
          .where({ n: _.gte(3) })
          .remove()
      ).deleted,
    ).toBe(2);
    expect(await ids({})).toEqual(['n2', 'nx']);
  });

  it('updating _id is refused, by update() and by set()', async () => {
    await todos().add({ _id: 'fixed', a: 1 });
    await expect(todos().doc('fixed').update({ _id: 'other' })).rejects.toThrow();
    await expect(todos().doc('fixed').set({ _id: 'other', a: 2 })).rejects.toThrow();
    await expect(todos().where({ a: 1 }).update({ _id: 'other' })).rejects.toThrow();
    expect(await ids({})).toEqual(['fixed']);
  });

  it('an update operator that would change _id (rename onto it, remove it) is refused', async () => {
    // CloudBase's sdk only checks the top-level key; MongoDB refuses any change of the immutable _id.
    await todos().add({ _id: 'fixed', a: 'x' });
    await expect(
      todos()
        .doc('fixed')
        .update({ a: _.rename('_id') }),
    ).rejects.toThrow(/_id/);
    expect(await read('fixed')).toEqual({ _id: 'fixed', a: 'x' });
  });
});

describe('update operators (db.command)', () => {
  const doc = async (data: Row) => {
    await todos().add(data);
  };

  it('_.set replaces a field with the given value, objects included (no merge)', async () => {
    await doc({ _id: 'x', style: { color: 'red', size: 1 } });
    await todos()
      .doc('x')
      .update({ style: _.set({ color: 'blue' }) });
    expect(await read('x')).toEqual({ _id: 'x', style: { color: 'blue' } });
  });

  it('_.remove deletes the field', async () => {
    await doc({ _id: 'x', a: 1, b: { c: 1, d: 2 } });
    await todos()
      .doc('x')
      .update({ a: _.remove(), b: { c: _.remove() } });
    expect(await read('x')).toEqual({ _id: 'x', b: { d: 2 } });
  });

  it('_.inc adds to a number and creates a missing field', async () => {
    await doc({ _id: 'x', progress: 10 });
    await todos()
      .doc('x')
      .update({ progress: _.inc(-3), visits: _.inc(1), stats: { likes: _.inc(2) } });
    expect(await read('x')).toEqual({ _id: 'x', progress: 7, visits: 1, stats: { likes: 2 } });
  });

  it('_.inc is atomic: concurrent increments all count', async () => {
    await doc({ _id: 'x', n: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        todos()
          .doc('x')
          .update({ n: _.inc(1) }),
      ),
    );
    expect((await read('x'))?.n).toBe(20);
  });

  it('_.mul multiplies a number; a missing field becomes 0', async () => {
    await doc({ _id: 'x', price: 10 });
    await todos()
      .doc('x')
      .update({ price: _.mul(1.5), missing: _.mul(3) });
    expect(await read('x')).toEqual({ _id: 'x', price: 15, missing: 0 });
  });

  it('_.min / _.max keep the smaller / larger of the field and the value, creating a missing field', async () => {
    await doc({ _id: 'x', low: 5, high: 5 });
    await todos()
      .doc('x')
      .update({ low: _.min(3), high: _.max(3), fresh: _.max(9) });
    expect(await read('x')).toEqual({ _id: 'x', low: 3, high: 5, fresh: 9 });
    expect(
      (
        await todos()
          .doc('x')
          .update({ low: _.min(4) })
      ).updated,
    ).toBe(0);
  });

  it('_.rename moves a field to a new name', async () => {
    await doc({ _id: 'x', old: 1, keep: 2 });
    await todos()
      .doc('x')
      .update({ old: _.rename('renamed') });
    expect(await read('x')).toEqual({ _id: 'x', renamed: 1, keep: 2 });
  });

  it('_.push appends values to the end, creating a missing array', async () => {
    await doc({ _id: 'x', tags: ['a'] });
    await todos()
      .doc('x')
      .update({ tags: _.push(['b', 'c']), fresh: _.push(['z']) });
    expect(await read('x')).toEqual({ _id: 'x', tags: ['a', 'b', 'c'], fresh: ['z'] });
  });

  it('_.push pushes objects as whole elements (how the product appends history)', async () => {
    await doc({ _id: 'x', history: [] });
    await todos()
      .doc('x')
      .update({ history: _.push([{ at: new Date(1), what: 'moved' }]) });
    const saved = await read('x');
    expect(saved?.history).toEqual([{ at: new Date(1), what: 'moved' }]);
  });

  it('_.push with position inserts at that index; a negative position counts from the end', async () => {
    await doc({ _id: 'x', tags: ['a', 'b', 'c'] });
    await todos()
      .doc('x')
      .update({ tags: _.push({ each: ['X'], position: 1 }) });
    expect((await read('x'))?.tags).toEqual(['a', 'X', 'b', 'c']);
    await todos()
      .doc('x')
      .update({ tags: _.push({ each: ['Y'], position: -1 }) });
    expect((await read('x'))?.tags).toEqual(['a', 'X', 'b', 'Y', 'c']);
  });

  it('_.push with sort sorts the whole array, by a field for objects', async () => {
    await doc({ _id: 'x', tags: ['b', 'c'], items: [{ w: 8 }] });
    await todos()
      .doc('x')
      .update({
        tags: _.push({ each: ['a'], sort: 1 }),
        items: _.push({ each: [{ w: 6 }, { w: 9 }], sort: { w: -1 } }),
      });
    expect(await read('x')).toEqual({ _id: 'x', tags: ['a', 'b', 'c'], items: [{ w: 9 }, { w: 8 }, { w: 6 }] });
  });

  it('_.push with slice keeps the first n (positive) or last n (negative) elements; 0 empties', async () => {
    await doc({ _id: 'x', a: [1, 2], b: [1, 2], c: [1, 2] });
    await todos()
      .doc('x')
      .update({
        a: _.push({ each: [3], slice: 2 }),
        b: _.push({ each: [3], slice: -2 }),
        c: _.push({ each: [3], slice: 0 }),
      });
    expect(await read('x')).toEqual({ _id: 'x', a: [1, 2], b: [2, 3], c: [] });
  });

  it('_.push with position, sort and slice together: insert, then sort, then slice', async () => {
    await doc({ _id: 'x', tags: ['c', 'a'] });
    await todos()
      .doc('x')
      .update({ tags: _.push({ each: ['b', 'd'], position: 0, sort: -1, slice: 2 }) });
    expect((await read('x'))?.tags).toEqual(['d', 'c']);
  });

  it('_.pop removes the last element; _.shift the first', async () => {
    await doc({ _id: 'x', a: [1, 2, 3], b: [1, 2, 3] });
    await todos().doc('x').update({ a: _.pop(), b: _.shift() });
    expect(await read('x')).toEqual({ _id: 'x', a: [1, 2], b: [2, 3] });
  });

  it('_.unshift adds values to the front, in the given order', async () => {
    await doc({ _id: 'x', tags: ['c'] });
    await todos()
      .doc('x')
      .update({ tags: _.unshift(['a', 'b']) });
    expect((await read('x'))?.tags).toEqual(['a', 'b', 'c']);
  });

  it('_.pull removes every element equal to the value or matching the condition', async () => {
    await doc({ _id: 'x', tags: ['a', 'b', 'a'], scores: [1, 5, 9], items: [{ k: 1 }, { k: 2 }] });
    await todos()
      .doc('x')
      .update({ tags: _.pull('a'), scores: _.pull(_.gt(4)), items: _.pull({ k: 2 }) });
    expect(await read('x')).toEqual({ _id: 'x', tags: ['b'], scores: [1], items: [{ k: 1 }] });
  });

  it('_.pullAll removes every element equal to any listed value', async () => {
    await doc({ _id: 'x', tags: ['a', 'b', 'c', 'a'] });
    await todos()
      .doc('x')
      .update({ tags: _.pullAll(['a', 'c']) });
    expect((await read('x'))?.tags).toEqual(['b']);
  });

  it('_.addToSet adds a value only if absent; {$each} adds several; a missing field is created', async () => {
    await doc({ _id: 'x', tags: ['a'] });
    await todos()
      .doc('x')
      .update({ tags: _.addToSet('a'), fresh: _.addToSet('z') });
    expect(await read('x')).toEqual({ _id: 'x', tags: ['a'], fresh: ['z'] });
    await todos()
      .doc('x')
      .update({ tags: _.addToSet({ $each: ['a', 'b', 'c'] }) });
    expect((await read('x'))?.tags).toEqual(['a', 'b', 'c']);
  });

  it('update operators work on dotted paths and on array elements by index', async () => {
    await doc({ _id: 'x', a: { b: { c: 1 } }, list: [{ n: 1 }, { n: 2 }] });
    await todos()
      .doc('x')
      .update({ 'a.b.c': _.inc(1), 'list.1.n': 20 });
    expect(await read('x')).toEqual({ _id: 'x', a: { b: { c: 2 } }, list: [{ n: 1 }, { n: 20 }] });
  });

  it('an operator that does not fit the field (inc on a string) fails and changes nothing', async () => {
    await doc({ _id: 'x', s: 'text', n: 1 });
    await expect(
      todos()
        .doc('x')
        .update({ s: _.inc(1), n: _.inc(1) }),
    ).rejects.toThrow();
    expect(await read('x')).toEqual({ _id: 'x', s: 'text', n: 1 });
  });

  it('an array operator on a field that is not an array fails (MongoDB), and changes nothing', async () => {
    await doc({ _id: 'x', s: 'text', tags: ['a'] });
    await expect(
      todos()
        .doc('x')
        .update({ s: _.push(['b']) }),
    ).rejects.toThrow(/non-array/);
    await expect(todos().doc('x').update({ s: _.pop() })).rejects.toThrow(/non-array/);
    await expect(
      todos()
        .doc('x')
        .update({ s: _.addToSet('b'), tags: _.push(['b']) }),
    ).rejects.toThrow();
    expect(await read('x')).toEqual({ _id: 'x', s: 'text', tags: ['a'] });
  });

  it('a path through a value that is not an object fails instead of being skipped (MongoDB)', async () => {
    // CloudBase does not document this; MongoDB answers "Cannot create field 'x' in element {s: "text"}".
    await doc({ _id: 'x', s: 'text', n: null });
    await expect(todos().doc('x').update({ 's.x': 1 })).rejects.toThrow(/Cannot create field/);
    await expect(
      todos()
        .doc('x')
        .update({ n: { y: 1 } }),
    ).rejects.toThrow(/Cannot create field/);
    expect(await read('x')).toEqual({ _id: 'x', s: 'text', n: null });
  });
});

describe('dates and serverDate', () => {
  it('a Date is stored and read back as a Date', async () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    await todos().add({ _id: 'd1', at, nested: { at }, list: [at] });
    const saved = await read('d1');
    expect(saved?.at).toBeInstanceOf(Date);
    expect(saved).toEqual({ _id: 'd1', at, nested: { at }, list: [at] });
  });

  it('dates compare chronologically in queries', async () => {
    await seed([
      { _id: 'd1', at: new Date('2026-01-01') },
      { _id: 'd2', at: new Date('2026-02-01') },
    ]);
    expect(await ids({ at: _.gt(new Date('2026-01-15')) })).toEqual(['d2']);
    expect(await ids({ at: new Date('2026-01-01') })).toEqual(['d1']);
  });

  it('db.serverDate() is the database clock, and {offset} adds milliseconds', async () => {
    await todos().add({ _id: 'sd', createdAt: db.serverDate(), expiresAt: db.serverDate({ offset: 60_000 }) });
    await todos().doc('sd').update({ touchedAt: db.serverDate() });
    const saved = await read('sd');
    expect(saved?.createdAt).toEqual(clock);
    expect(saved?.expiresAt).toEqual(new Date(clock.getTime() + 60_000));
    expect(saved?.touchedAt).toBeInstanceOf(Date);
  });

  it('db.serverDate() works in set() and in query conditions', async () => {
    await todos()
      .doc('sd')
      .set({ at: db.serverDate({ offset: -1000 }) });
    expect(await ids({ at: _.lt(db.serverDate()) })).toEqual(['sd']);
    expect(await ids({ at: _.gt(db.serverDate()) })).toEqual([]);
    expect(
      (
        await todos()
          .where({ at: _.lt(db.serverDate()) })
          .count()
      ).total,
    ).toBe(1);
    expect(
      (
        await todos()
          .where({ at: _.lt(db.serverDate()) })
          .update({ seen: true })
      ).updated,
    ).toBe(1);
    expect(
      (
        await todos()
          .where({ at: _.lt(db.serverDate()) })
          .remove()
      ).deleted,
    ).toBe(1);
  });
});

describe('aggregate', () => {
  beforeEach(async () => {
    await seed(
      [
        { _id: 'o1', user: 'u1', amount: 10, items: ['a', 'b'] },
        { _id: 'o2', user: 'u2', amount: 30, items: ['a'] },
        { _id: 'o3', user: 'u1', amount: 20, items: [] },
        { _id: 'o4', user: 'u3', amount: 5, items: ['c'] },
      ],
      'orders',
    );
    await seed(
      [
        { _id: 'u1', name: 'Ann' },
        { _id: 'u2', name: 'Bob' },
      ],
      'users',
    );
  });
  const orders = () => db.collection('orders').aggregate();

  it('match filters with query operators, sort orders, skip and limit page', async () => {
    const res = await orders()
      .match({ amount: _.gte(10) })
      .sort({ amount: -1 })
      .skip(1)
      .limit(1)
      .end();
    expect((res.data as Row[]).map((doc) => doc._id)).toEqual(['o3']);
  });

  it('group with $.sum, $.avg and a count ($.sum(1))', async () => {
    const res = await orders()
      .group({ _id: '$user', total: $.sum('$amount'), average: $.avg('$amount'), count: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    expect(res.data).toEqual([
      { _id: 'u1', total: 30, average: 15, count: 2 },
      { _id: 'u2', total: 30, average: 30, count: 1 },
      { _id: 'u3', total: 5, average: 5, count: 1 },
    ]);
  });

  it('project keeps, drops and computes fields', async () => {
    const res = await orders()
      .match({ _id: 'o1' })
      .project({ _id: 0, user: 1, double: $.multiply(['$amount', 2]) })
      .end();
    expect(res.data).toEqual([{ user: 'u1', double: 20 }]);
  });

  it('unwind makes one document per array element, dropping empty arrays', async () => {
    const res = await orders().unwind('$items').sort({ _id: 1, items: 1 }).end();
    expect((res.data as Row[]).map((doc) => `${doc._id}:${String(doc.items)}`)).toEqual([
      'o1:a',
      'o1:b',
      'o2:a',
      'o4:c',
    ]);
  });

  it('lookup joins by localField / foreignField into an array (empty when nothing matches)', async () => {
    const res = await orders()
      .match({ _id: _.in(['o1', 'o4']) })
      .lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'buyer' })
      .sort({ _id: 1 })
      .end();
    expect((res.data as Row[]).map((doc) => doc.buyer)).toEqual([[{ _id: 'u1', name: 'Ann' }], []]);
  });

  it('count stage returns the number of documents under the given name', async () => {
    const res = await orders().match({ user: 'u1' }).count('n').end();
    expect(res.data).toEqual([{ n: 2 }]);
  });

  it('aggregation never changes the stored documents', async () => {
    const before = store.dump();
    await orders().addFields({ extra: 1 }).unwind('$items').project({ amount: 0 }).end();
    await orders().lookup({ from: 'users', localField: 'user', foreignField: '_id', as: 'buyer' }).end();
    expect(store.dump()).toEqual(before);
  });
});

describe('transactions', () => {
  beforeEach(() =>
    seed(
      [
        { _id: 'alice', balance: 100 },
        { _id: 'bob', balance: 0 },
      ],
      'accounts',
    ),
  );
  const balances = async () =>
    Object.fromEntries(
      ((await db.collection('accounts').get()).data as Row[]).map((doc) => [doc._id, doc.balance]),
    ) as Record<string, number>;

  it('runTransaction commits every write at once and returns the callback result', async () => {
    const result = await db.runTransaction(async (tx: TxLike) => {
      const alice = (await tx.collection('accounts').doc('alice').get()).data as Row;
      await tx
        .collection('accounts')
        .doc('alice')
        .update({ balance: _.inc(-30) });
      await tx
        .collection('accounts')
        .doc('bob')
        .update({ balance: _.inc(30) });
      await tx.collection('ledger').add({ _id: 'l1', amount: 30 });
      return alice.balance;
    });
    expect(result).toBe(100);
    expect(await balances()).toEqual({ alice: 70, bob: 30 });
    expect(await read('l1', 'ledger')).toEqual({ _id: 'l1', amount: 30 });
  });

  it('inside a transaction doc().get() returns {data: document} or {data: null}', async () => {
    await db.runTransaction(async (tx: TxLike) => {
      expect((await tx.collection('accounts').doc('alice').get()).data).toEqual({ _id: 'alice', balance: 100 });
      expect((await tx.collection('accounts').doc('nobody').get()).data).toBeNull();
    });
  });

  it('a transaction reads its own writes before they are committed; others do not see them', async () => {
    await db.runTransaction(async (tx: TxLike) => {
      await tx.collection('accounts').doc('alice').update({ balance: 1 });
      await tx.collection('accounts').doc('carol').set({ balance: 5 });
      expect((await tx.collection('accounts').doc('alice').get()).data).toEqual({ _id: 'alice', balance: 1 });
      expect((await tx.collection('accounts').doc('carol').get()).data).toEqual({ _id: 'carol', balance: 5 });
      expect(await balances()).toEqual({ alice: 100, bob: 0 });
    });
    expect(await balances()).toEqual({ alice: 1, bob: 0, carol: 5 });
  });

  it('an error thrown in the callback rolls back every write and reaches the caller', async () => {
    await expect(
      db.runTransaction(async (tx: TxLike) => {
        await tx.collection('accounts').doc('alice').update({ balance: 0 });
        await tx.collection('accounts').doc('bob').remove();
        await tx.collection('accounts').add({ _id: 'carol', balance: 1 });
        throw new Error('insufficient funds');
      }),
    ).rejects.toThrow('insufficient funds');
    expect(await balances()).toEqual({ alice: 100, bob: 0 });
  });

  it('a conflicting write by someone else makes runTransaction run the callback again', async () => {
    let attempts = 0;
    await db.runTransaction(async (tx: TxLike) => {
      attempts += 1;
      const alice = (await tx.collection('accounts').doc('alice').get()).data as Row;
      // Someone else writes alice between this attempt's read and its commit (first attempt only).
      if (attempts === 1)
        await db
          .collection('accounts')
          .doc('alice')
          .update({ balance: _.inc(5) });
      await tx
        .collection('accounts')
        .doc('alice')
        .update({ balance: (alice.balance as number) - 10 });
    });
    expect(attempts).toBe(2);
    // The retry read 105, so the concurrent +5 is not lost.
    expect((await balances()).alice).toBe(95);
  });

  it('a transaction that keeps conflicting fails in the end, writing nothing', async () => {
    let attempts = 0;
    await expect(
      db.runTransaction(async (tx: TxLike) => {
        attempts += 1;
        await tx.collection('accounts').doc('bob').update({ balance: 1000 });
        await db
          .collection('accounts')
          .doc('bob')
          .update({ balance: _.inc(1) });
      }),
    ).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect(attempts).toBeGreaterThan(1);
    expect((await balances()).bob).toBe(attempts);
  });

  it('startTransaction / commit applies the writes; rollback discards them', async () => {
    const tx = (await db.startTransaction()) as ManualTx;
    await tx.collection('accounts').doc('alice').update({ balance: 1 });
    expect((await balances()).alice).toBe(100);
    await tx.commit();
    expect((await balances()).alice).toBe(1);

    const other = (await db.startTransaction()) as ManualTx;
    await other.collection('accounts').doc('alice').update({ balance: 2 });
    await other.collection('accounts').doc('bob').remove();
    await other.rollback();
    expect(await balances()).toEqual({ alice: 1, bob: 0 });
  });

  it('only single-document operations are allowed inside a transaction (no where queries)', async () => {
    const tx = (await db.startTransaction()) as ManualTx;
    await expect(tx.collection('accounts').where({ balance: 0 }).get()).rejects.toThrow(/single-document/);
    await tx.rollback();
  });

  it('a duplicate add inside a transaction fails with E11000 like outside', async () => {
    await expect(
      db.runTransaction(async (tx: TxLike) => {
        await tx.collection('accounts').add({ _id: 'alice', balance: 1 });
      }),
    ).rejects.toThrow(/E11000 duplicate key/);
    expect((await balances()).alice).toBe(100);
  });
});

/** What a transaction offers the callback (the sdk types it `any`). */
interface TxLike {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>;
      set(data: object): Promise<unknown>;
      update(data: object): Promise<unknown>;
      remove(): Promise<unknown>;
    };
    add(data: object): Promise<unknown>;
    where(query: object): { get(): Promise<unknown>; update(data: object): Promise<unknown> };
  };
}

interface ManualTx extends TxLike {
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
}
