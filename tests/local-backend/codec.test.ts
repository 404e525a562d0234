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

describe('reading Extended JSON fast', () => {
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

  it('reads what the sdk sends (canonical EJSON: queries, operators, numbers, dates, server dates) as EJSON does', () => {
    const values = [
      { status: { $in: ['submitted', 'accepted'] }, version: 3, ratio: 0.25, big: 2 ** 40, at, old: new Date(-1000) },
      { $set: { updatedAt: { $tcb_server_date: { offset: 0 } }, n: -7 }, $push: { timeline: { $each: [{ at }] } } },
      { $and: [{ residentId: 'r1' }, { createdAt: { $lt: at } }], limit: { $numberLong: '12' } },
      { huge: 2 ** 60, pattern: /^门锁/i },
      { nul: { 'a\u0000b': 1 } },
      [{ $match: { a: 1 } }, { $lookup: { from: 'users', localField: 'x', foreignField: '_id', as: 'u' } }],
    ];
    for (const value of values) {
      for (const relaxed of [false, true]) {
        const text = EJSON.stringify(value, { relaxed });
        const slow = () => EJSON.parse(text, { relaxed: true });
        if (/nul/.test(text)) expect(() => decode(text)).toThrow(/null bytes/);
        else expect(decode(text)).toEqual(slow());
      }
    }
  });
});
