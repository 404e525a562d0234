import { describeShape, isServed, queryShapes, type IndexKeys } from '../../local-backend/db/index-coverage';

const orders: IndexKeys[] = [
  {
    name: 'community_status_deadline',
    keys: [
      ['communityId', 1],
      ['status', 1],
      ['deadline', 1],
    ],
  },
  {
    name: 'resident_created',
    keys: [
      ['residentId', 1],
      ['createdAt', -1],
    ],
  },
];
const served = (query: Record<string, unknown>, order: Record<string, 1 | -1> = {}) =>
  queryShapes('orders', query, order).every((shape) => isServed(shape, orders));

describe('index coverage: is a query served by a declared index, as CloudBase plans it', () => {
  it('serves equality on a leading prefix, in any order of the query’s fields', () => {
    expect(served({ communityId: 'c' })).toBe(true);
    expect(served({ status: 's', communityId: 'c' })).toBe(true);
    expect(served({ communityId: 'c', status: { $in: ['a', 'b'] } })).toBe(true);
  });

  it('does not serve a query that skips the leading key', () => {
    expect(served({ status: 's' })).toBe(false);
    expect(served({ deadline: { $lt: 'x' } })).toBe(false);
  });

  it('serves a sort on the key after the equality prefix, in either direction, but not another sort', () => {
    expect(served({ communityId: 'c', status: 's' }, { deadline: 1 })).toBe(true);
    expect(served({ communityId: 'c', status: 's' }, { deadline: -1 })).toBe(true);
    expect(served({ residentId: 'r' }, { createdAt: -1 })).toBe(true);
    expect(served({ communityId: 'c', status: 's' }, { updatedAt: -1 })).toBe(false);
    expect(served({ communityId: 'c' }, { deadline: 1 })).toBe(false); // status sits between
  });

  it('serves a range on the next key, and any lookup by _id', () => {
    expect(served({ communityId: 'c', status: 's', deadline: { $lt: 'x' } })).toBe(true);
    expect(served({ _id: 'o1' })).toBe(true);
    expect(served({ _id: { $in: ['o1', 'o2'] }, anything: 1 })).toBe(true);
  });

  it('needs every branch of an $or served, and serves nothing for a read of everything', () => {
    expect(served({ $or: [{ communityId: 'c' }, { residentId: 'r' }] })).toBe(true);
    expect(served({ $or: [{ communityId: 'c' }, { status: 's' }] })).toBe(false);
    expect(served({})).toBe(false);
  });

  it('names an unserved query readably', () => {
    const [shape] = queryShapes('orders', { status: 's', deadline: { $lt: 'x' } }, { deadline: 1 });
    expect(describeShape(shape)).toBe('orders where {status, deadline(range)} order by deadline asc');
  });
});
