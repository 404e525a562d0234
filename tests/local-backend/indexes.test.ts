/**
 * Declared indexes only narrow the documents the local store hands to mingo: they must never change a result.
 * The same queries, through the real query builder, against the same data in a store with indexes (declared
 * before and after the data arrived) and in one without, return identical results — order included.
 */
import { isDeepStrictEqual } from 'node:util';
import { getDb } from '../../cloudfunctions/lib/db';
import { createCollections } from '../../local-backend/backend';
import { useLocalDatabase } from '../../local-backend/db/install';
import { Store, type DeclaredIndex } from '../../local-backend/db/store';

const db = getDb();
const _ = db.command;

const INDEXES: DeclaredIndex[] = [
  { collection: 'users', fields: ['roles.scopeId'] },
  { collection: 'users', fields: ['communityId', 'name'] },
  { collection: 'users', fields: ['code'] },
  { collection: 'users', fields: ['tags'] },
  { collection: 'users', fields: ['at'] },
  { collection: 'users', fields: ['profile.level'] },
  { collection: 'users', fields: ['list.0.k'] },
  { collection: 'users', fields: ['flag'] },
];

/** Varied documents: arrays of grants, numbers and numeric strings, missing fields, nulls, dates, nesting. */
function documents() {
  const docs: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 60; i++) {
    const doc: Record<string, unknown> = { _id: `u${String(i).padStart(2, '0')}`, name: `name${i % 7}` };
    if (i % 5 !== 0) doc.communityId = `c${i % 3}`;
    if (i % 11 === 0) doc.communityId = null;
    doc.code = i % 2 === 0 ? i % 4 : String(i % 4); // 0, '1', 2, '3', …: 1 and '1' are different keys
    doc.roles = Array.from({ length: i % 3 }, (_x, k) => ({
      role: k ? 'staff' : 'worker',
      scopeId: `c${(i + k) % 3}`,
    }));
    if (i % 4 === 0) doc.roles = [{ role: 'staff', scopeId: i % 8 }]; // a numeric scope id
    if (i % 3 === 0) doc.tags = ['a', `t${i % 5}`];
    if (i % 6 === 1) doc.tags = 'a'; // not an array
    doc.at = new Date(Date.UTC(2026, 0, 1 + (i % 4)));
    if (i % 2) doc.profile = { level: i % 3 };
    if (i % 9 === 0) doc.profile = [{ level: 1 }, { level: 2 }];
    doc.list = i % 2 ? [{ k: i % 3 }, { k: 9 }] : [{ k: 9 }];
    doc.flag = i % 3 === 0;
    docs.push(doc);
  }
  return docs;
}

/** Every query is run with and without a sort, and with a small limit (which exposes any change of order). */
const QUERIES: Array<[string, object]> = [
  ['equality on a string', { communityId: 'c1' }],
  ['equality on null (missing or null)', { communityId: null }],
  ['$in on strings', { communityId: _.in(['c2', 'c0']) }],
  ['$in including null', { communityId: _.in([null, 'c1']) }],
  ['$in empty', { communityId: _.in([]) }],
  ['number 1', { code: 1 }],
  ['string "1"', { code: '1' }],
  ['$in mixing 1 and "3"', { code: _.in([1, '3', 2]) }],
  ['$eq number', { code: _.eq(0) }],
  ['dotted array field', { 'roles.scopeId': 'c1' }],
  ['dotted array field $in', { 'roles.scopeId': _.in(['c2', 'c0']) }],
  ['dotted array field, numeric value', { 'roles.scopeId': 4 }],
  ['dotted array field, numeric string', { 'roles.scopeId': '4' }],
  ['dotted array field and role', { 'roles.scopeId': 'c1', 'roles.role': 'staff' }],
  ['elemMatch on grants', { roles: _.elemMatch({ role: 'staff', scopeId: 'c2' }) }],
  ['array contains', { tags: 'a' }],
  ['array exact', { tags: ['a', 't0'] }],
  ['array $in', { tags: _.in(['t1', 't3']) }],
  ['date equality', { at: new Date(Date.UTC(2026, 0, 2)) }],
  ['date $in', { at: _.in([new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 0, 4))]) }],
  ['date range', { at: _.gt(new Date(Date.UTC(2026, 0, 2))) }],
  ['nested field through array of objects', { 'profile.level': 1 }],
  ['nested object-form query', { profile: { level: 2 } }],
  ['numeric path component', { 'list.0.k': 1 }],
  ['numeric path component, 9', { 'list.0.k': 9 }],
  ['boolean', { flag: false }],
  ['two indexed fields', { communityId: 'c1', code: '1' }],
  ['indexed field and _id $in', { communityId: 'c2', _id: _.in(['u05', 'u02', 'u08', 'u44']) }],
  ['_id $in out of order', { _id: _.in(['u30', 'u03', 'u10']) }],
  ['or of indexed fields', _.or([{ communityId: 'c1' }, { code: 2 }])],
  ['neq on an indexed field', { communityId: _.neq('c1') }],
  ['regexp on an indexed field', { name: db.RegExp({ regexp: '^name[12]$' }) }],
  ['$in with a regexp', { communityId: _.in([/^c1/, 'c2']) }],
];

async function runAll(store: Store) {
  const restore = useLocalDatabase(store);
  try {
    const out: Record<string, unknown> = {};
    const users = () => db.collection('users');
    for (const [name, query] of QUERIES) {
      out[`${name} / get`] = (await users().where(query).get()).data;
      out[`${name} / limit 3`] = (await users().where(query).limit(3).get()).data;
      out[`${name} / sorted`] = (await users().where(query).orderBy('name', 'desc').orderBy('_id', 'asc').get()).data;
      out[`${name} / count`] = (await users().where(query).count()).total;
      out[`${name} / aggregate`] = (await users().aggregate().match(query).limit(5).end()).data;
    }
    return out;
  } finally {
    restore();
  }
}

/** The query variants whose results differ: reads better than one huge diff. */
function differences(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  return Object.keys(expected).filter((key) => !isDeepStrictEqual(actual[key], expected[key]));
}

async function load(store: Store, docs: Array<Record<string, unknown>>) {
  const restore = useLocalDatabase(store);
  try {
    for (const doc of docs) await db.collection('users').add(doc);
    // Some updates, so that storage order is not insertion order.
    await db.collection('users').doc('u07').update({ communityId: 'c1', code: 1 });
    await db
      .collection('users')
      .doc('u02')
      .update({ roles: _.push([{ role: 'staff', scopeId: 'c1' }]) });
    await db.collection('users').doc('u33').remove();
  } finally {
    restore();
  }
}

describe('declared indexes never change results', () => {
  let plain: Record<string, unknown>;

  beforeAll(async () => {
    const store = createCollections(Store.memory());
    await load(store, documents());
    plain = await runAll(store);
  });

  it('has queries that find something (the comparison is not vacuous)', () => {
    expect((plain['number 1 / get'] as unknown[]).length).toBeGreaterThan(0);
    expect((plain['string "1" / get'] as unknown[]).length).toBeGreaterThan(0);
    expect(plain['number 1 / get']).not.toEqual(plain['string "1" / get']);
    expect((plain['dotted array field $in / get'] as unknown[]).length).toBeGreaterThan(3);
    expect((plain['numeric path component / get'] as unknown[]).length).toBeGreaterThan(0);
    expect((plain['dotted array field, numeric value / get'] as unknown[]).length).toBeGreaterThan(0);
  });

  it('indexes declared before the data arrived', async () => {
    const store = createCollections(Store.memory());
    store.declareIndexes(INDEXES);
    await load(store, documents());
    expect(differences(await runAll(store), plain)).toEqual([]);
  });

  it('indexes declared after the data arrived', async () => {
    const store = createCollections(Store.memory());
    await load(store, documents());
    store.declareIndexes(INDEXES);
    expect(differences(await runAll(store), plain)).toEqual([]);
  });

  it('the product’s own declared indexes', async () => {
    const { declaredIndexes } = await import('../../local-backend/backend');
    const store = createCollections(Store.memory());
    store.declareIndexes(declaredIndexes());
    await load(store, documents());
    expect(differences(await runAll(store), plain)).toEqual([]);
  });

  it('updates keep the index in step (a document leaves the old key and joins the new one)', async () => {
    const store = createCollections(Store.memory());
    store.declareIndexes(INDEXES);
    const restore = useLocalDatabase(store);
    try {
      await db.collection('users').add({ _id: 'x', communityId: 'c1', roles: [{ scopeId: 's1' }] });
      await db
        .collection('users')
        .doc('x')
        .update({ communityId: 'c2', roles: _.set([{ scopeId: 's2' }]) });
      const find = async (query: object) =>
        ((await db.collection('users').where(query).get()).data as Array<{ _id: string }>).map((d) => d._id);
      expect(await find({ communityId: 'c1' })).toEqual([]);
      expect(await find({ communityId: 'c2' })).toEqual(['x']);
      expect(await find({ 'roles.scopeId': 's1' })).toEqual([]);
      expect(await find({ 'roles.scopeId': 's2' })).toEqual(['x']);
      await db.collection('users').doc('x').remove();
      expect(await find({ communityId: 'c2' })).toEqual([]);
    } finally {
      restore();
    }
  });
});
