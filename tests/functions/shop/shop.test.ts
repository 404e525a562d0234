/**
 * 积分超市 end to end: staff keep the catalogue, volunteers of the community redeem with their points and get a
 * pickup code, staff hand over by code, a cancellation refunds once — and under concurrency nothing is oversold,
 * nobody overdraws, and every volunteer's ledger still sums to his balance.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import type { LedgerDoc } from '../../../cloudfunctions/lib/orders';
import { expectOk, T0, useTestBackend } from '../../helpers/functions';
import { addUsers, grant, PLACES, userDoc } from '../../factories/people';

const backend = useTestBackend();

const STAFF = 'demo-community-staff'; // 雄关社区
const OTHER_STAFF = 'demo-staff-changsheng';
const VOLUNTEER = 'demo-party-member'; // 李建国, 雄关社区
const RESIDENT = 'demo-resident';

let requests = 0;
const rid = (label = 'r') => `${label}-${String((requests += 1)).padStart(8, '0')}`;

/** Points earned for volunteer work, written into his ledger as a closed order would. */
async function earn(userId: string, points: number) {
  const line: LedgerDoc = {
    _id: `pl-test-${userId}-${(requests += 1)}`,
    userId,
    kind: 'task',
    delta: points,
    orderId: null,
    note: '志愿服务',
    at: T0.toISOString(),
  };
  await getDb().collection('pointsLedger').add(line);
}

async function volunteers(n: number, points: number, community: string = PLACES.community) {
  const ids = await addUsers(
    Array.from({ length: n }, (_, i) =>
      userDoc(`vol-${community}-${i}`, { roles: [grant('party_member', community, '社区')] }),
    ),
  );
  for (const id of ids) await earn(id, points);
  return ids;
}

async function addItem(price: number, stock: number, name = '洗衣液') {
  return expectOk(
    await backend.call(STAFF, 'shop', 'addItem', {
      communityId: PLACES.community,
      requestId: rid('add'),
      name,
      description: '2 kg 装',
      price,
      stock,
    }),
  );
}

const redeem = (who: string, itemId: string, requestId = rid()) =>
  backend.call(who, 'shop', 'redeem', { itemId, requestId });

async function ledgerOf(userId: string) {
  const res = await getDb().collection('pointsLedger').where({ userId }).limit(1000).get();
  return (res.data as LedgerDoc[]).reduce((sum, line) => sum + line.delta, 0);
}

async function balanceOf(userId: string) {
  return expectOk(await backend.call(userId, 'orders', 'myPoints', {})).balance;
}

async function itemNow(itemId: string) {
  const page = expectOk(await backend.call(STAFF, 'shop', 'listItems', { communityId: PLACES.community }));
  return page.items.find((item) => item.id === itemId)!;
}

describe('redeeming', () => {
  it('takes the price from his points and one from the stock, and gives him a pickup code', async () => {
    await earn(VOLUNTEER, 50);
    const item = await addItem(20, 3);
    const got = expectOk(await redeem(VOLUNTEER, item.id));
    expect(got).toMatchObject({ itemName: '洗衣液', price: 20, state: 'reserved', stateLabel: '待领取' });
    expect(got.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(got.actions).toEqual(['cancel']);
    expect((await itemNow(item.id)).stock).toBe(2);
    expect(await balanceOf(VOLUNTEER)).toBe(30);
    const browse = expectOk(await backend.call(VOLUNTEER, 'shop', 'listItems', { communityId: PLACES.community }));
    expect(browse).toMatchObject({ spendable: 30, manages: false });
    const mine = expectOk(await backend.call(VOLUNTEER, 'shop', 'myRedemptions', {}));
    expect(mine.items.map((r) => r.code)).toEqual([got.code]);
  });

  it('the same request twice redeems once', async () => {
    await earn(VOLUNTEER, 50);
    const item = await addItem(20, 3);
    const first = expectOk(await redeem(VOLUNTEER, item.id, 'same-request-1'));
    const again = expectOk(await redeem(VOLUNTEER, item.id, 'same-request-1'));
    expect(again.id).toBe(first.id);
    expect(again.code).toBe(first.code);
    expect((await itemNow(item.id)).stock).toBe(2);
    expect(await balanceOf(VOLUNTEER)).toBe(30);
  });

  it('is refused without enough points, sold out, or off sale — and nothing is written', async () => {
    await earn(VOLUNTEER, 15);
    const dear = await addItem(20, 3, '电饭煲');
    expect(await redeem(VOLUNTEER, dear.id)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: '积分不足：兑换需要 20 分' },
    });
    const none = await addItem(5, 0, '雨伞');
    expect(await redeem(VOLUNTEER, none.id)).toMatchObject({ ok: false, error: { code: 'FULL' } });
    const off = await addItem(5, 2, '毛巾');
    expectOk(await backend.call(STAFF, 'shop', 'setOnSale', { itemId: off.id, onSale: false }));
    expect(await redeem(VOLUNTEER, off.id)).toMatchObject({ ok: false, error: { message: '该物品已下架' } });
    expect(await balanceOf(VOLUNTEER)).toBe(15);
    expect((await itemNow(dear.id)).stock).toBe(3);
  });

  it('50 volunteers redeeming 5 items at once: exactly 5 redemptions, stock 0, every ledger sums to the balance', async () => {
    const crowd = await volunteers(50, 30);
    const item = await addItem(10, 5);
    const results = await Promise.all(crowd.map((id) => redeem(id, item.id)));
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'FULL')).toBe(true);
    expect((await itemNow(item.id)).stock).toBe(0);
    const codes = won.map((r) => (r.ok ? r.data.code : ''));
    expect(new Set(codes).size).toBe(5);
    for (const id of crowd) {
      const balance = await balanceOf(id);
      expect(await ledgerOf(id)).toBe(balance);
      expect([20, 30]).toContain(balance);
    }
    await backend.deliver();
    for (const id of crowd) expect(await ledgerOf(id)).toBe(await balanceOf(id));
  });

  it('a volunteer with 30 points firing 10 redeems of a 10-point item at once gets exactly 3', async () => {
    const [rich] = await volunteers(1, 30);
    const item = await addItem(10, 100);
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(rich, item.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await balanceOf(rich)).toBe(0);
    expect(await ledgerOf(rich)).toBe(0);
    expect((await itemNow(item.id)).stock).toBe(97);
  });

  it('a volunteer of another community, or a resident, cannot redeem', async () => {
    const [outsider] = await volunteers(1, 100, PLACES.otherCommunity);
    const item = await addItem(10, 5);
    expect(await redeem(outsider, item.id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await redeem(RESIDENT, item.id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await itemNow(item.id)).stock).toBe(5);
  });
});

describe('handing over and cancelling', () => {
  async function reserved(points = 40, price = 10) {
    await earn(VOLUNTEER, points);
    const item = await addItem(price, 5);
    return { item, redemption: expectOk(await redeem(VOLUNTEER, item.id)) };
  }

  it('staff find the code (typed in lower case, with a space) and hand over; the volunteer is told', async () => {
    const { redemption } = await reserved();
    const typed = `${redemption.code.slice(0, 3)} ${redemption.code.slice(3)}`.toLowerCase();
    const found = expectOk(
      await backend.call(STAFF, 'shop', 'findByCode', { communityId: PLACES.community, code: typed }),
    );
    expect(found).toMatchObject({ id: redemption.id, volunteerName: '李建国', actions: ['hand_over', 'cancel'] });
    const done = expectOk(await backend.call(STAFF, 'shop', 'handOver', { redemptionId: redemption.id }));
    expect(done).toMatchObject({ state: 'handed_over', stateLabel: '已领取', actions: [] });
    const store = await backend.delivered();
    const notices = Object.values(store.notifications ?? {}).filter(
      (n) => (n as unknown as { subject: { id: string } }).subject.id === redemption.id,
    );
    expect(notices).toMatchObject([{ audience: `user:${VOLUNTEER}`, title: '洗衣液：已领取' }]);
    expect(await backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: redemption.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
  });

  it('a typo in the code finds nothing; staff of another community cannot look it up or hand over', async () => {
    const { redemption } = await reserved();
    const wrong = redemption.code.slice(0, 5) + (redemption.code[5] === 'A' ? 'B' : 'A');
    expect(
      await backend.call(STAFF, 'shop', 'findByCode', { communityId: PLACES.community, code: wrong }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '没有这个领取码，请核对后重试' } });
    expect(
      await backend.call(OTHER_STAFF, 'shop', 'findByCode', { communityId: PLACES.community, code: redemption.code }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await backend.call(OTHER_STAFF, 'shop', 'handOver', { redemptionId: redemption.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('a non-staff cannot hand over, not even the volunteer himself', async () => {
    const { redemption } = await reserved();
    expect(await backend.call(VOLUNTEER, 'shop', 'handOver', { redemptionId: redemption.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('the volunteer cancels before hand-over: his points and the unit come back', async () => {
    const { item, redemption } = await reserved(40, 10);
    const cancelled = expectOk(await backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: redemption.id }));
    expect(cancelled).toMatchObject({ state: 'cancelled', actions: [] });
    expect(await balanceOf(VOLUNTEER)).toBe(40);
    expect((await itemNow(item.id)).stock).toBe(5);
  });

  it('two cancels at once refund once; staff cancelling tells the volunteer', async () => {
    const { item, redemption } = await reserved(40, 10);
    const both = await Promise.all([
      backend.call(VOLUNTEER, 'shop', 'cancel', { redemptionId: redemption.id }),
      backend.call(STAFF, 'shop', 'cancel', { redemptionId: redemption.id }),
    ]);
    // one wins the state change; the other is told it was just handled (or, arriving after, finds it done)
    expect(both.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    await backend.deliver();
    expect(await balanceOf(VOLUNTEER)).toBe(40);
    expect(await ledgerOf(VOLUNTEER)).toBe(40);
    expect((await itemNow(item.id)).stock).toBe(5);
  });

  it('nobody else can cancel (or learn that it exists)', async () => {
    const { redemption } = await reserved();
    expect(await backend.call(OTHER_STAFF, 'shop', 'cancel', { redemptionId: redemption.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('the catalogue', () => {
  it('staff add (a retry adds nothing), edit, restock and take off sale; volunteers see only what is on sale', async () => {
    const input = { communityId: PLACES.community, requestId: 'add-once-0001', name: '大米', price: 30, stock: 2 };
    const first = expectOk(await backend.call(STAFF, 'shop', 'addItem', input));
    expect(expectOk(await backend.call(STAFF, 'shop', 'addItem', input)).id).toBe(first.id);
    expect(
      expectOk(await backend.call(STAFF, 'shop', 'editItem', { itemId: first.id, name: '东北大米', price: 25 })),
    ).toMatchObject({ name: '东北大米', price: 25 });
    expect(expectOk(await backend.call(STAFF, 'shop', 'restock', { itemId: first.id, add: 3 })).stock).toBe(5);
    const second = await addItem(10, 1, '肥皂');
    expectOk(await backend.call(STAFF, 'shop', 'setOnSale', { itemId: first.id, onSale: false }));
    const staffSees = expectOk(await backend.call(STAFF, 'shop', 'listItems', { communityId: PLACES.community }));
    expect(staffSees.items.map((i) => [i.name, i.onSale])).toEqual([
      ['东北大米', false],
      ['肥皂', true],
    ]);
    expect(staffSees.manages).toBe(true);
    const volunteerSees = expectOk(
      await backend.call(VOLUNTEER, 'shop', 'listItems', { communityId: PLACES.community }),
    );
    expect(volunteerSees.items.map((i) => i.id)).toEqual([second.id]);
  });

  it('refuses a price of 0, a negative stock, and staff of another community', async () => {
    const base = { communityId: PLACES.community, requestId: 'add-bad-0001', name: '大米' };
    expect(await backend.call(STAFF, 'shop', 'addItem', { ...base, price: 0, stock: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await backend.call(STAFF, 'shop', 'addItem', { ...base, price: 5, stock: -1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await backend.call(OTHER_STAFF, 'shop', 'addItem', { ...base, price: 5, stock: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const item = await addItem(10, 1);
    expect(await backend.call(OTHER_STAFF, 'shop', 'restock', { itemId: item.id, add: 5 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await backend.call(VOLUNTEER, 'shop', 'addItem', { ...base, price: 5, stock: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});

it('without a community named, a volunteer browses his own, and staff theirs', async () => {
  const item = await addItem(10, 1);
  const volunteer = expectOk(await backend.call(VOLUNTEER, 'shop', 'listItems', {}));
  expect(volunteer).toMatchObject({ communityId: PLACES.community, manages: false });
  expect(volunteer.items.map((i) => i.id)).toEqual([item.id]);
  expect(expectOk(await backend.call(STAFF, 'shop', 'listItems', {}))).toMatchObject({ manages: true });
  expect(await backend.call(RESIDENT, 'shop', 'listItems', {})).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
});
