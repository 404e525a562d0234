/**
 * Large results sorted by one field are read by walking the field kept sorted and stopping after a page — a
 * shortcut that must give exactly what filtering and sorting everything gives: same documents, same order (ties
 * in storage order), also after updates and removals, with missing values and dates, and when a range on the field
 * lets the walk start at one end of it and stop past the other.
 */
import { getDb } from '../../cloudfunctions/lib/db';
import { createCollections } from '../../local-backend/backend';
import { useLocalDatabase } from '../../local-backend/db/install';
import { Store } from '../../local-backend/db/store';

const db = getDb();
const _ = db.command;

/** 6000 documents (2000 per community): enough candidates for the walk; deadlines with many ties, some missing, some dates. */
function documents() {
  return Array.from({ length: 6000 }, (_x, i) => {
    const doc: Record<string, unknown> = {
      _id: `o${String(i).padStart(4, '0')}`,
      communityId: `c${i % 3}`,
      status: ['submitted', 'accepted', 'closed'][i % 3 === 0 ? i % 2 : 2 - (i % 2)],
      n: i % 17,
    };
    if (i % 13 !== 0) doc.deadline = `2026-11-${String(1 + (i % 9)).padStart(2, '0')}T00:00:00.000Z`;
    doc.at = new Date(Date.UTC(2026, 10, 1 + (i % 5)));
    return doc;
  });
}

async function fill(store: Store) {
  const restore = useLocalDatabase(store);
  try {
    const docs = documents();
    for (let i = 0; i < docs.length; i += 1000) await db.collection('orders').add(docs.slice(i, i + 1000));
    // rewrites move documents to the end of storage order; removals leave gaps
    await db.collection('orders').where({ n: 3 }).update({ status: 'accepted', deadline: '2026-11-05T00:00:00.000Z' });
    await db.collection('orders').where({ n: 5 }).remove();
  } finally {
    restore();
  }
}

async function run(store: Store, query: object, field: string, direction: 'asc' | 'desc', skip: number) {
  const restore = useLocalDatabase(store);
  try {
    const res = await db.collection('orders').where(query).orderBy(field, direction).skip(skip).limit(25).get();
    return (res.data as Array<{ _id: string }>).map((d) => d._id);
  } finally {
    restore();
  }
}

let plain: Store;
let indexed: Store;
beforeAll(async () => {
  plain = createCollections(Store.memory());
  indexed = createCollections(Store.memory());
  indexed.declareIndexes([
    { collection: 'orders', fields: ['communityId', 'status', 'deadline'] },
    { collection: 'orders', fields: ['status', 'at'] },
    { collection: 'orders', fields: ['communityId', 'n'] },
  ]);
  await fill(plain);
  await fill(indexed);
});

describe.each([
  ['a community (1000 candidates and more)', { communityId: 'c1' }],
  ['a community and open states', { communityId: 'c2', status: _.in(['submitted', 'accepted']) }],
  ['a range on the sorted field', { communityId: 'c0', deadline: _.lt('2026-11-04T00:00:00.000Z') }],
  // a day's window, as the sdk sends `_.gte(a).and(_.lt(b))`: the walk starts at one end and stops past the other
  [
    'a window on the sorted field',
    { deadline: _.gte('2026-11-03T00:00:00.000Z').and(_.lt('2026-11-06T00:00:00.000Z')) },
  ],
  ['open-ended windows', { deadline: _.gt('2026-11-07T00:00:00.000Z'), at: _.lte(new Date(Date.UTC(2026, 10, 3))) }],
  ['no condition', {}],
])('%s', (_name, query) => {
  it.each([
    ['deadline', 'asc', 0],
    ['deadline', 'desc', 0],
    ['deadline', 'asc', 100],
    ['at', 'desc', 30],
    ['n', 'asc', 10],
  ] as const)('orderBy %s %s, skip %i: the same page as sorting everything', async (field, direction, skip) => {
    const expected = await run(plain, query, field, direction, skip);
    expect(expected.length).toBeGreaterThan(0);
    expect(await run(indexed, query, field, direction, skip)).toEqual(expected);
  });
});
