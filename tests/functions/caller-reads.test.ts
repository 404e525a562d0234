import { loadCaller } from '../../cloudfunctions/lib/caller';
import { COLLECTIONS, getDb } from '../../cloudfunctions/lib/db';
import { startTestBackend, type TestBackend } from '../helpers/functions';
import { countRequests as counted } from '../helpers/seam';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(() => backend.close());

const names = (docs: unknown[]) => docs.map((d) => (d as { name: string }).name).sort();

describe('loadCaller: the caller and what an action reads, in one round trip', () => {
  it('joins documents by id, by query and by the caller’s own fields in one request', async () => {
    const db = getDb();
    const { result, requests } = await counted(() =>
      loadCaller(db, 'demo-resident', {
        places: { collection: COLLECTIONS.places, ids: ['cm-xiongguan', 'bd-dexuan-1', null] },
        unit: { collection: COLLECTIONS.units, ids: ['un-dexuan-property'] },
        buildingsOfCompound: {
          collection: COLLECTIONS.places,
          where: { kind: 'building', compoundId: 'cp-dexuan' },
          orderBy: ['name', 'asc'],
          limit: 2,
        },
        myCompound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
      }),
    );
    expect(requests).toHaveLength(1);
    expect(result.caller.user?.name).toBe('张桂兰');
    // the joined lists are not left on the user
    expect(result.caller.user).not.toHaveProperty('places');
    expect(names(result.loaded.places)).toEqual(['1号楼', '雄关社区']);
    expect(names(result.loaded.unit)).toEqual(['德轩物业服务有限公司']);
    // sorted by name, the first two of 德轩小区's four
    expect(result.loaded.buildingsOfCompound.map((d) => (d as { name: string }).name)).toEqual(['1号楼', '2号楼']);
    expect(names(result.loaded.myCompound)).toEqual(['德轩小区']);
  });

  it('reads nothing for a lookup with no ids, and gives an empty list for a document that is not there', async () => {
    const { result, requests } = await counted(() =>
      loadCaller(getDb(), 'demo-resident', {
        none: { collection: COLLECTIONS.places, ids: [] },
        missing: { collection: COLLECTIONS.units, ids: ['un-nowhere'] },
      }),
    );
    expect(requests).toHaveLength(1);
    expect(result.loaded).toEqual({ none: [], missing: [] });
  });

  it('without a user record (before registering) runs the input-driven reads on their own, if asked', async () => {
    const lookups = {
      places: { collection: COLLECTIONS.places, ids: ['cm-xiongguan'] },
      myCompound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
    } as const;
    const { result } = await counted(() => loadCaller(getDb(), 'someone-new', lookups, { readWithoutUser: true }));
    expect(result.caller.user).toBeNull();
    expect(names(result.loaded.places)).toEqual(['雄关社区']);
    expect(result.loaded.myCompound).toEqual([]);

    // Not asked (an action he will be refused): nothing is read beyond looking for him.
    const refused = await counted(() => loadCaller(getDb(), 'someone-new', lookups));
    expect(refused.requests).toHaveLength(1);
    expect(refused.result.loaded).toEqual({ places: [], myCompound: [] });
  });
});
