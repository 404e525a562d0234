/**
 * 积分超市, counted at the request seam, and cut short between its writes: what each action costs when nobody
 * races it, and a redeem that dies after any of its writes is finished by a retry of the same request — never two
 * debits, never two units, never a unit or points lost.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import type { LedgerDoc } from '../../../cloudfunctions/lib/orders';
import { expectOk, T0, useTestBackend } from '../../helpers/functions';
import { PLACES } from '../../factories/people';
import { countRequests, crashAt, type RequestPicker } from '../../helpers/seam';

const backend = useTestBackend();
const STAFF = 'demo-community-staff';
const VOLUNTEER = 'demo-party-member';

async function setup(points = 50) {
  const line: LedgerDoc = {
    _id: 'pl-trips-1',
    userId: VOLUNTEER,
    kind: 'task',
    delta: points,
    orderId: null,
    note: '',
    at: T0.toISOString(),
  };
  await getDb().collection('pointsLedger').add(line);
  return expectOk(
    await backend.call(STAFF, 'shop', 'addItem', {
      communityId: PLACES.community,
      requestId: 'trips-item-1',
      name: '洗衣液',
      price: 10,
      stock: 3,
    }),
  );
}

const state = async (itemId: string) => {
  const items = expectOk(await backend.call(STAFF, 'shop', 'listItems', { communityId: PLACES.community }));
  const points = expectOk(await backend.call(VOLUNTEER, 'orders', 'myPoints', {}));
  const mine = expectOk(await backend.call(VOLUNTEER, 'shop', 'myRedemptions', {}));
  return {
    stock: items.items.find((i) => i.id === itemId)!.stock,
    balance: points.balance,
    redemptions: mine.items.length,
  };
};

it('each action’s requests, alone', async () => {
  const listed = await countRequests(() => backend.call(STAFF, 'shop', 'listItems', { communityId: PLACES.community }));
  expect(listed.requests).toEqual(['get users', 'get shopItems']);
  const added = await countRequests(() =>
    backend.call(STAFF, 'shop', 'addItem', {
      communityId: PLACES.community,
      requestId: 'trips-item-0',
      name: '大米',
      price: 5,
      stock: 1,
    }),
  );
  expect(added.requests).toEqual(['aggregate users', 'calculate shopItems', 'insert shopItems']);
  const item = await setup();
  const redeemed = await countRequests(() =>
    backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: 'trips-redeem-1' }),
  );
  // the named exception in scripts/budgets.ts: two guarded documents (his account, the item), the redemption,
  // and the ledger line written at once
  expect(redeemed.requests).toEqual([
    'aggregate users',
    'aggregate pointsLedger',
    'insert pointsAccounts',
    'modifyAndReturn shopItems',
    'insert redemptions',
    'insert pointsLedger',
  ]);
  const { code, id } = expectOk(redeemed.result);
  const found = await countRequests(() =>
    backend.call(STAFF, 'shop', 'findByCode', { communityId: PLACES.community, code }),
  );
  expect(found.requests).toEqual(['aggregate users']);
  const cancelled = await countRequests(() => backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: id }));
  expect(cancelled.requests).toEqual([
    'aggregate users',
    'modify redemptions',
    'insert pointsLedger',
    'modify shopItems',
  ]);
  const second = expectOk(
    await backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: 'trips-redeem-2' }),
  );
  const handed = await countRequests(() => backend.call(STAFF, 'shop', 'handOver', { redemptionId: second.id }));
  expect(handed.requests).toEqual(['aggregate users', 'modify redemptions', 'modify shopItems']);
});

const write =
  (action: string, collection: string): RequestPicker =>
  (a, c) =>
    a === `database.${action}` && c === collection;

describe.each([
  ['his account debited', write('insertDocument', 'pointsAccounts')],
  ['the item taken', write('modifyAndReturnDoc', 'shopItems')],
  ['the redemption made', write('insertDocument', 'redemptions')],
])('a redeem that dies after %s', (_label, picks) => {
  it('is finished by its retry: one unit, one debit', async () => {
    const item = await setup(50);
    const undo = crashAt(picks, 'after');
    const died = await backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: 'trips-crash-1' });
    undo();
    expect(died).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const retried = expectOk(
      await backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: 'trips-crash-1' }),
    );
    expect(retried.state).toBe('reserved');
    await backend.deliver();
    expect(await state(item.id)).toEqual({ stock: 2, balance: 40, redemptions: 1 });
    // and he can still spend the rest: 4 more would need 40, stock allows 2
    const more = await Promise.all(
      ['a', 'b', 'c'].map((s) =>
        backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: `trips-more-${s}` }),
      ),
    );
    expect(more.filter((r) => r.ok)).toHaveLength(2);
    expect(await state(item.id)).toEqual({ stock: 0, balance: 20, redemptions: 3 });
  });
});

it('a sold-out take gives the points back at once', async () => {
  const item = await setup(50);
  for (const s of ['1', '2', '3'])
    expectOk(await backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: `trips-all-${s}` }));
  expect(await backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: 'trips-all-4' })).toMatchObject({
    ok: false,
    error: { code: 'FULL' },
  });
  expect(await state(item.id)).toEqual({ stock: 0, balance: 20, redemptions: 3 });
});

it('a cancel that dies after its state change is finished by its retry: the unit and the points come back once', async () => {
  const item = await setup(50);
  const { id } = expectOk(
    await backend.call(VOLUNTEER, 'shop', 'redeem', { itemId: item.id, requestId: 'trips-cancel-1' }),
  );
  const undo = crashAt(write('modifyDocument', 'redemptions'), 'after');
  const died = await backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: id });
  undo();
  expect(died).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  expect(expectOk(await backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: id })).state).toBe('cancelled');
  expectOk(await backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: id }));
  await backend.deliver();
  expect(await state(item.id)).toEqual({ stock: 3, balance: 50, redemptions: 1 });
});
