import { EJSON, ObjectId } from 'bson';
import { decode, encode } from '../../local-backend/db/codec';

const at = new Date('2026-11-02T01:00:00.123Z');
const plain = {
  _id: 'o1',
  n: 3.5,
  ok: true,
  none: null,
  createdAt: at,
  timeline: [{ at, note: '居民下单' }, [at, 1, 'x']],
  nested: { deeper: { when: new Date('1969-07-20T20:17:00Z') } },
};

describe("the store's line codec", () => {
  it('reads plain documents back as written, dates included', () => {
    expect(EJSON.parse(encode(plain), { relaxed: true })).toEqual(plain);
    expect(decode(encode(plain))).toEqual(plain);
    expect((decode(encode(plain)) as typeof plain).timeline[0]).toEqual({ at, note: '居民下单' });
  });

  it('reads every line as EJSON reads it, bson types and numbers JSON cannot say included', () => {
    const odd = { nan: NaN, negativeZero: -0, big: Infinity, id: new ObjectId('65a1b2c3d4e5f60718293a4b'), at };
    for (const value of [plain, odd, { query: { $regex: '^a', $options: 'i' } }]) {
      const ejson = EJSON.stringify(value, { relaxed: true });
      expect(decode(ejson)).toEqual(EJSON.parse(ejson, { relaxed: true }));
      expect(decode(encode(value))).toEqual(EJSON.parse(ejson, { relaxed: true }));
    }
  });
});
