/**
 * loadCaller's narrowed joins: a join on one of the caller's own fields with conditions from the input, a sort and a
 * limit (the latest complaint of his compound in one category) — still one round trip, served by an index, and
 * nothing at all when the caller lacks the field.
 */
import { loadCaller } from '../../cloudfunctions/lib/caller';
import { COLLECTIONS, getDb } from '../../cloudfunctions/lib/db';
import { onDatabaseRequest } from '../../local-backend/db/install';
import type { RequestEvent } from '../../local-backend/db/executor';
import { startTestBackend, type TestBackend } from '../helpers/functions';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());

async function seen<T>(work: () => Promise<T>): Promise<{ result: T; events: RequestEvent[] }> {
  const events: RequestEvent[] = [];
  const stop = onDatabaseRequest((event) => events.push(event));
  try {
    return { result: await work(), events };
  } finally {
    stop();
  }
}

const names = (docs: unknown[]) => docs.map((d) => (d as { name: string }).name);

describe('loadCaller: a join on the caller’s field, narrowed, sorted and limited', () => {
  it('reads the matching documents with the caller in one request, and reports the join as the query it is', async () => {
    const { result, events } = await seen(() =>
      loadCaller(getDb(), 'demo-resident', {
        lastTwo: {
          collection: COLLECTIONS.places,
          callerField: 'compoundId',
          field: 'compoundId',
          where: { kind: 'building' },
          orderBy: ['name', 'desc'],
          limit: 2,
        },
        plain: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
      }),
    );
    expect(events).toHaveLength(1);
    expect(names(result.loaded.lastTwo)).toEqual(['4号楼', '3号楼']);
    expect(names(result.loaded.plain)).toEqual(['德轩小区']);
    // what the index-coverage check sees: the caller's value in place of the pipeline variable
    expect(events[0].lookups).toContainEqual({
      collection: 'places',
      query: { compoundId: { $in: ['cp-dexuan'] }, kind: 'building' },
      order: { name: -1 },
    });
  });

  it('finds nothing when the caller has no such field (not the documents that lack it too)', async () => {
    // demo-admin is bound to no compound
    const { result } = await seen(() =>
      loadCaller(getDb(), 'demo-admin', {
        narrowed: {
          collection: COLLECTIONS.places,
          callerField: 'compoundId',
          field: 'compoundId',
          where: { kind: 'street' },
          limit: 5,
        },
        // users bound to no community lack `communityId`: a missing field would match them
        plain: { collection: COLLECTIONS.users, callerField: 'compoundId', field: 'communityId' },
      }),
    );
    expect(result.caller.user?.compoundId).toBeUndefined();
    expect(result.loaded).toEqual({ narrowed: [], plain: [] });
  });
});
