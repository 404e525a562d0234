/**
 * Where the emulator once differed from CloudBase, through the real query builder: positional updates, collections
 * that must exist, the aggregate default limit, and transactions (snapshot reads, write conflicts at once).
 */
import { getDb } from '../../cloudfunctions/lib/db';
import { createCollections } from '../../local-backend/backend';
import { useLocalDatabase } from '../../local-backend/db/install';
import { Store } from '../../local-backend/db/store';

const db = getDb();
const _ = db.command;

let store: Store;
let restore: () => void;
beforeEach(() => {
  store = createCollections(Store.memory(), ['todos', 'accounts']);
  restore = useLocalDatabase(store);
});
afterEach(() => restore());

const read = async (collection: string, id: string) => (await db.collection(collection).doc(id).get()).data[0];

describe('positional updates', () => {
  it('"arr.$" updates the first element the query matched', async () => {
    await db.collection('todos').add({ _id: 't', scores: [1, 5, 5, 9] });
    const res = await db.collection('todos').where({ _id: 't', scores: 5 }).update({ 'scores.$': 6 });
    expect(res.updated).toBe(1);
    expect(await read('todos', 't')).toEqual({ _id: 't', scores: [1, 6, 5, 9] });
  });

  it('"list.$.field" updates a field of the matched object', async () => {
    await db.collection('todos').add({
      _id: 't',
      list: [
        { k: 'a', n: 1 },
        { k: 'b', n: 2 },
      ],
    });
    await db
      .collection('todos')
      .where({ _id: 't', 'list.k': 'b' })
      .update({ 'list.$.n': _.inc(10) });
    expect(await read('todos', 't')).toEqual({
      _id: 't',
      list: [
        { k: 'a', n: 1 },
        { k: 'b', n: 12 },
      ],
    });
  });
});

describe('updates', () => {
  it('several operators in one update all apply, and the document the next read gets is not the one sent', async () => {
    await db.collection('todos').add({ _id: 't', n: 1, tags: ['a'], log: [{ at: 1 }], info: { seen: 0 } });
    const entry = { at: 2, by: 'u' };
    await db
      .collection('todos')
      .doc('t')
      .update({ n: _.inc(2), tags: _.addToSet('b'), log: _.push(entry), 'info.seen': _.inc(1), title: '修门锁' });
    entry.by = 'changed after the update';
    expect(await read('todos', 't')).toEqual({
      _id: 't',
      n: 3,
      tags: ['a', 'b'],
      log: [{ at: 1 }, { at: 2, by: 'u' }],
      info: { seen: 1 },
      title: '修门锁',
    });
  });

  it('two operators on one path (or on a path and a field inside it) fail and change nothing, as in MongoDB', async () => {
    await db.collection('todos').add({ _id: 't', n: 1, info: { seen: 0 } });
    const update = db
      .collection('todos')
      .doc('t')
      .update({ info: _.set({ seen: 5 }), 'info.seen': _.inc(1) });
    await expect(update).rejects.toThrow(/conflict/);
    expect(await read('todos', 't')).toEqual({ _id: 't', n: 1, info: { seen: 0 } });
  });
});

describe('collections must exist', () => {
  const missing = expect.objectContaining({ code: 'DATABASE_COLLECTION_NOT_EXIST' });

  it('reads and writes of a collection that does not exist fail', async () => {
    const ghost = db.collection('ghost');
    await expect(ghost.get()).rejects.toEqual(missing);
    await expect(ghost.where({ a: 1 }).count()).rejects.toEqual(missing);
    await expect(ghost.add({ a: 1 })).rejects.toEqual(missing);
    await expect(ghost.doc('x').update({ a: 1 })).rejects.toEqual(missing);
    await expect(ghost.doc('x').set({ a: 1 })).rejects.toEqual(missing);
    await expect(ghost.where({ a: 1 }).remove()).rejects.toEqual(missing);
    await expect(ghost.aggregate().match({}).end()).rejects.toEqual(missing);
    expect(store.hasCollection('ghost')).toBe(false);
  });

  it('db.createCollection creates one, and fails when it exists', async () => {
    await db.createCollection('ghost');
    await db.collection('ghost').add({ _id: 'g', a: 1 });
    expect(await read('ghost', 'g')).toEqual({ _id: 'g', a: 1 });
    await expect(db.createCollection('ghost')).rejects.toEqual(
      expect.objectContaining({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' }),
    );
  });

  it('the local backend creates every collection of COLLECTION_SPECS', async () => {
    const { COLLECTION_SPECS } = await import('../../cloudfunctions/lib/db');
    const fresh = createCollections(Store.memory());
    for (const name of Object.keys(COLLECTION_SPECS)) expect(fresh.hasCollection(name)).toBe(true);
  });
});

describe('aggregate', () => {
  beforeEach(() => db.collection('todos').add(Array.from({ length: 30 }, (_x, i) => ({ _id: `t${i}`, i }))));

  it('returns at most 20 documents without a limit stage (CloudBase, also in a cloud function)', async () => {
    expect((await db.collection('todos').aggregate().match({}).end()).data).toHaveLength(20);
  });

  it('returns what the limit asks for with one', async () => {
    expect((await db.collection('todos').aggregate().match({}).limit(25).end()).data).toHaveLength(25);
  });
});

describe('transactions', () => {
  beforeEach(() => db.collection('accounts').add({ _id: 'a', balance: 100 }));

  it('a transaction keeps reading its snapshot after an outside write', async () => {
    const tx = await db.startTransaction();
    expect((await tx.collection('accounts').doc('a').get()).data).toMatchObject({ balance: 100 });
    await db.collection('accounts').doc('a').update({ balance: 50 });
    expect((await tx.collection('accounts').doc('a').get()).data).toMatchObject({ balance: 100 });
    await tx.rollback();
    expect(await read('accounts', 'a')).toMatchObject({ balance: 50 });
  });

  it('a document inserted outside after the snapshot is not seen inside', async () => {
    const tx = await db.startTransaction();
    await db.collection('accounts').add({ _id: 'b', balance: 1 });
    expect((await tx.collection('accounts').doc('b').get()).data).toBeNull();
    await tx.rollback();
  });

  it('a write into a document another open transaction wrote fails at once with a conflict', async () => {
    const first = await db.startTransaction();
    const second = await db.startTransaction();
    await first
      .collection('accounts')
      .doc('a')
      .update({ balance: _.inc(-10) });
    await expect(
      second
        .collection('accounts')
        .doc('a')
        .update({ balance: _.inc(-20) }),
    ).rejects.toEqual(expect.objectContaining({ code: 'DATABASE_TRANSACTION_CONFLICT' }));
    await first.commit();
    expect(await read('accounts', 'a')).toMatchObject({ balance: 90 });
  });

  it('runTransaction retries after a conflict and lands once', async () => {
    const blocker = await db.startTransaction();
    await blocker
      .collection('accounts')
      .doc('a')
      .update({ balance: _.inc(1) });
    let attempts = 0;
    const done = db.runTransaction(async (tx: Awaited<ReturnType<typeof db.startTransaction>>) => {
      attempts += 1;
      if (attempts === 2) await blocker.commit();
      await tx
        .collection('accounts')
        .doc('a')
        .update({ balance: _.inc(-30) });
    });
    await done;
    // 1: the blocker holds the document; 2: its snapshot predates the blocker's commit; 3: lands.
    expect(attempts).toBe(3);
    expect(await read('accounts', 'a')).toMatchObject({ balance: 71 });
  });
});
