/**
 * The service chain through the real functions on the local store:
 * 居民下单 → 社区发单 → 单位接单 → 党员领单 → 居民确认 → 联合评单 → 积分.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput } from '../../../miniprogram/shared/api';
import type { OrderDetail } from '../../../miniprogram/shared/api/orders';
import { expectOk, T0, at, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const UNIT = 'demo-unit-member';
const VOLUNTEER = 'demo-party-member';

const orderInput = (extra: Partial<ActionInput<'orders', 'create'>> = {}): ActionInput<'orders', 'create'> => ({
  requestId: 'req-0000000001',
  categoryId: 'water_supply',
  description: '厨房水管漏水，楼下邻居家天花板渗水',
  address: '2单元301',
  contact: 'phone',
  ...extra,
});

async function createOrder(extra: Partial<ActionInput<'orders', 'create'>> = {}) {
  return expectOk(await backend.call(RESIDENT, 'orders', 'create', orderInput(extra)));
}

/** The notification records about an order, once the deliver timer has run. */
async function notificationsFor(orderId: string) {
  await backend.deliver();
  return (backend.store.dump().notifications ?? [])
    .filter((n) => (n.subject as { id: string }).id === orderId)
    .map((n) => [n.audience, n.title]);
}

const runSweep = async (now: Date) => {
  const orders = FUNCTIONS.find((f) => f.name === 'orders')!;
  return expectOk(await orders.runTimer('sweep', { now: () => now }));
};

/** Party members of 雄关社区 made directly in the store: a fixture for claims, not a flow under test. */
async function addVolunteers(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `volunteer-${i}`);
  await getDb()
    .collection('users')
    .add(
      ids.map((id, i) => ({
        _id: id,
        name: `志愿者${i}`,
        phone: '',
        roles: [{ role: 'party_member', scopeType: 'community', scopeId: 'cm-xiongguan', scopeName: '雄关社区' }],
        createdAt: T0,
        updatedAt: T0,
      })),
    );
  return ids;
}

describe('居民下单', () => {
  it('creates an order in his community with a 24 h deadline tier and a timeline, and tells the staff', async () => {
    backend.setNow(T0);
    const order = await createOrder();
    expect(order).toMatchObject({
      status: 'submitted',
      statusLabel: '待受理',
      tier: 'fast',
      place: '1号楼 2单元301',
      community: { id: 'cm-xiongguan', name: '雄关社区' },
      // 受理 within 2 h
      deadline: at(2).toISOString(),
      actions: ['cancel'],
    });
    expect(order.timeline.map((e) => [e.actionLabel, e.actorName])).toEqual([['居民下单', '张桂兰']]);
    expect(await notificationsFor(order.id)).toEqual([['community_staff:cm-xiongguan', '新工单：供水排水']]);

    const mine = expectOk(await backend.call(RESIDENT, 'orders', 'listMine', {}));
    expect(mine.items.map((o) => o.id)).toEqual([order.id]);
  });

  it('a retried create with the same request id returns the first order and writes nothing more', async () => {
    const first = await createOrder();
    const before = backend.store.dump();
    const again = await createOrder({ description: '重复提交的内容不同也无妨' });
    expect(again.id).toBe(first.id);
    expect(again.description).toBe(first.description);
    expect(backend.store.dump()).toEqual(before);

    const [a, b] = await Promise.all([
      backend.call(RESIDENT, 'orders', 'create', orderInput({ requestId: 'req-concurrent-1' })),
      backend.call(RESIDENT, 'orders', 'create', orderInput({ requestId: 'req-concurrent-1' })),
    ]);
    expect(expectOk(a).id).toBe(expectOk(b).id);
    expect(backend.store.dump().orders).toHaveLength(2);
  });

  it('refuses an unknown category, a building of another community, and a caller who is not a resident', async () => {
    const before = backend.store.dump();
    const unknown = await backend.call(RESIDENT, 'orders', 'create', orderInput({ categoryId: 'teleport' }));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const foreign = await backend.call(RESIDENT, 'orders', 'create', orderInput({ buildingId: 'bd-longhu-1' }));
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只能为您所在社区的楼栋下单' } });
    const missing = await backend.call(RESIDENT, 'orders', 'create', orderInput({ buildingId: 'bd-nowhere' }));
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const newcomer = await backend.call('demo-newcomer', 'orders', 'create', orderInput());
    expect(newcomer).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(backend.store.dump()).toEqual(before);
  });
});

describe('the whole chain, from order to points', () => {
  it('居民下单 → 派单 → 接单 → 发布任务 → 领单 → 签到 → 完成 → 办结 → 确认 → 联合评单 → 积分', async () => {
    backend.setNow(T0);
    const order = await createOrder();

    // 社区发单: the catalogue suggests the compound's property company for 供水排水
    backend.setNow(at(0.5));
    const options = expectOk(await backend.call(STAFF, 'orders', 'dispatchOptions', { orderId: order.id }));
    expect(options.suggestedUnitId).toBe('un-dexuan-property');
    expect(options.units.map((u) => u.id)).not.toContain('un-donghu-property'); // serves another street
    const queue = expectOk(
      await backend.call(STAFF, 'orders', 'staffQueue', { communityId: 'cm-xiongguan', filter: 'new' }),
    );
    expect(queue.items.map((o) => o.id)).toEqual([order.id]);
    const dispatched = expectOk(
      await backend.call(STAFF, 'orders', 'dispatch', { orderId: order.id, unitId: 'un-dexuan-property' }),
    );
    expect(dispatched).toMatchObject({
      status: 'dispatched',
      unit: { id: 'un-dexuan-property' },
      deadline: at(2.5).toISOString(),
    });

    // 单位接单
    backend.setNow(at(1));
    const inbox = expectOk(
      await backend.call(UNIT, 'orders', 'unitInbox', { unitId: 'un-dexuan-property', filter: 'dispatched' }),
    );
    expect(inbox.items.map((o) => o.id)).toEqual([order.id]);
    const accepted = expectOk(await backend.call(UNIT, 'orders', 'accept', { orderId: order.id }));
    // 办结 within 24 h of the order
    expect(accepted).toMatchObject({ status: 'accepted', holder: 'unit', deadline: at(24).toISOString() });
    expect(accepted.resident).toEqual({ name: '张桂兰', phone: expect.stringMatching(/^1\d{10}$/) });

    const task = expectOk(
      await backend.call(UNIT, 'orders', 'publishTask', {
        orderId: order.id,
        title: '协助排查漏水',
        description: '和物业师傅一起入户排查',
        place: '德轩小区1号楼',
        slots: 2,
        startAt: at(3).toISOString(),
        endAt: at(6).toISOString(),
      }),
    );
    expect(task).toMatchObject({
      slots: 2,
      claimed: 0,
      orderStatus: 'published',
      publisherName: '德轩物业服务有限公司',
    });

    // 党员领单
    const hall = expectOk(await backend.call(VOLUNTEER, 'orders', 'taskHall', { communityId: 'cm-xiongguan' }));
    expect(hall.items.map((t) => t.id)).toEqual([task.id]);
    const claimed = expectOk(await backend.call(VOLUNTEER, 'orders', 'claim', { taskId: task.id }));
    expect(claimed).toMatchObject({ claimed: 1, myClaim: 'claimed' });
    const volunteerView = expectOk(await backend.call(VOLUNTEER, 'orders', 'getDetail', { orderId: order.id }));
    expect(volunteerView.resident).toEqual({ name: '张**', phone: expect.stringMatching(/^1\d{2}\*{4}\d{4}$/) });

    backend.setNow(at(3.5));
    expect(expectOk(await backend.call(VOLUNTEER, 'orders', 'checkIn', { taskId: task.id })).myClaim).toBe(
      'checked_in',
    );
    backend.setNow(at(5));
    const reported = expectOk(
      await backend.call(VOLUNTEER, 'orders', 'report', { taskId: task.id, notes: '已协助更换阀门' }),
    );
    expect(reported.myClaim).toBe('reported');

    const completed = expectOk(
      await backend.call(UNIT, 'orders', 'complete', { orderId: order.id, notes: '更换了厨房阀门' }),
    );
    expect(completed).toMatchObject({ status: 'completed', completion: { notes: '更换了厨房阀门' } });

    // 居民确认 and 联合评单
    backend.setNow(at(8));
    const mine = expectOk(await backend.call(RESIDENT, 'orders', 'getDetail', { orderId: order.id }));
    expect(mine.actions.sort()).toEqual(['confirm', 'not_fixed']);
    expectOk(await backend.call(RESIDENT, 'orders', 'confirm', { orderId: order.id }));
    const residentRated = expectOk(
      await backend.call(RESIDENT, 'orders', 'rate', {
        orderId: order.id,
        as: 'resident',
        stars: 5,
        comment: '很及时',
      }),
    );
    expect(residentRated.status).toBe('resident_rated');
    const closed = expectOk(
      await backend.call(STAFF, 'orders', 'rate', { orderId: order.id, as: 'community', stars: 4 }),
    );
    expect(closed).toMatchObject({ status: 'closed', open: false, deadline: null, actions: [] });

    // The volunteer's steps (from his claim) in their place in time; at the same moment the order's step comes first.
    expect(closed.timeline.map((e) => e.action)).toEqual([
      'create',
      'dispatch',
      'accept',
      'publish_task',
      'claim',
      'check_in',
      'complete',
      'report',
      'confirm',
      'rate_by_resident',
      'rate_by_community',
    ]);
    // 10 points per task + 10 for five stars
    const points = expectOk(await backend.call(VOLUNTEER, 'orders', 'myPoints', {}));
    expect(points.balance).toBe(20);
    expect(points.items).toEqual([expect.objectContaining({ kind: 'task', delta: 20, orderId: order.id })]);

    // A closed order never changes again.
    const before = backend.store.dump();
    const late = await backend.call(RESIDENT, 'orders', 'rate', { orderId: order.id, as: 'resident', stars: 1 });
    expect(late).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await runSweep(at(24 * 30))).toMatchObject({ escalate: 0, auto_close: 0 });
    expect(backend.store.dump()).toEqual(before);

    // Every step left records for the people it concerns.
    const audiences = new Set((await notificationsFor(order.id)).map(([audience]) => audience));
    expect(audiences).toEqual(
      new Set([
        'user:demo-resident',
        'community_staff:cm-xiongguan',
        'unit:un-dexuan-property',
        'party_members:cm-xiongguan',
        'user:demo-party-member',
      ]),
    );
  });

  it('staff reject with a reason the resident sees; the unit can return an order to the community', async () => {
    const first = await createOrder();
    const rejected = expectOk(
      await backend.call(STAFF, 'orders', 'reject', { orderId: first.id, reason: '不属于服务范围' }),
    );
    expect(rejected).toMatchObject({ status: 'rejected', open: false });
    const seen = expectOk(await backend.call(RESIDENT, 'orders', 'getDetail', { orderId: first.id }));
    expect(seen.timeline.at(-1)).toMatchObject({ actionLabel: '驳回', reason: '不属于服务范围', actorName: '陈明' });

    const second = await createOrder({ requestId: 'req-0000000002' });
    expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId: second.id, unitId: 'un-dexuan-property' }));
    const returned = expectOk(
      await backend.call(UNIT, 'orders', 'returnToCommunity', { orderId: second.id, reason: '不是物业负责的管线' }),
    );
    expect(returned).toMatchObject({ status: 'submitted', unit: null });
    // The unit no longer sees it.
    const gone = await backend.call(UNIT, 'orders', 'getDetail', { orderId: second.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('"not fixed" sends it back to the holder and counts; an unconfirmed order is auto-confirmed after 7 days', async () => {
    backend.setNow(T0);
    const order = await createOrder();
    expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: order.id }));
    expectOk(await backend.call(STAFF, 'orders', 'complete', { orderId: order.id, notes: '已联系维修' }));
    const back = expectOk(
      await backend.call(RESIDENT, 'orders', 'notFixed', { orderId: order.id, reason: '还在漏水，没有修好' }),
    );
    expect(back).toMatchObject({ status: 'accepted', reworkCount: 1, holder: 'community' });

    backend.setNow(at(2));
    expectOk(await backend.call(STAFF, 'orders', 'complete', { orderId: order.id, notes: '更换了整段水管' }));
    expect(await runSweep(at(2 + 24 * 7 - 1))).toMatchObject({ auto_confirm: 0 });
    expect(await runSweep(at(2 + 24 * 7 + 1))).toMatchObject({ auto_confirm: 1 });
    const confirmed = expectOk(await backend.call(RESIDENT, 'orders', 'getDetail', { orderId: order.id }));
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.timeline.at(-1)).toMatchObject({ action: 'auto_confirm', roleLabel: '系统' });
  });
});

describe('the timer: overdue orders are escalated to the street, once each', () => {
  it('marks an order not accepted in time overdue, tells the street, and never escalates it twice', async () => {
    backend.setNow(T0);
    const order = await createOrder();
    expect(await runSweep(at(1))).toMatchObject({ escalate: 0 });
    expect(await runSweep(at(3))).toMatchObject({ escalate: 1 });
    expect(await runSweep(at(4))).toMatchObject({ escalate: 0 });

    backend.setNow(at(4));
    const detail = expectOk(await backend.call(RESIDENT, 'orders', 'getDetail', { orderId: order.id }));
    expect(detail).toMatchObject({ status: 'submitted', overdue: true, escalated: true });
    expect(detail.timeline.filter((e) => e.action === 'escalate')).toHaveLength(1);
    expect(await notificationsFor(order.id)).toContainEqual(['street_staff:st-xiongguan', '供水排水：待受理']);
    const queue = expectOk(
      await backend.call(STAFF, 'orders', 'staffQueue', { communityId: 'cm-xiongguan', filter: 'overdue' }),
    );
    expect(queue.items.map((o) => [o.id, o.overdue])).toEqual([[order.id, true]]);
  });
});

describe('党员领单: N slots never take more than N claims', () => {
  async function publishedTask(slots: number) {
    backend.setNow(T0);
    const order = await createOrder({ categoryId: 'elderly_care', description: '独居老人需要每周陪聊和代购' });
    expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: order.id }));
    return expectOk(
      await backend.call(STAFF, 'orders', 'publishTask', {
        orderId: order.id,
        title: '陪伴独居老人',
        description: '陪聊一小时',
        place: '德轩小区1号楼',
        slots,
        startAt: at(24).toISOString(),
        endAt: at(26).toISOString(),
      }),
    );
  }

  it('50 concurrent claims on 3 slots: exactly 3 succeed, the rest are told it is full', async () => {
    const task = await publishedTask(3);
    const volunteers = await addVolunteers(50);
    const results = await Promise.all(volunteers.map((id) => backend.call(id, 'orders', 'claim', { taskId: task.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refusals = results.filter((r) => !r.ok);
    expect(refusals).toHaveLength(47);
    for (const r of refusals) expect(r).toMatchObject({ error: { code: 'FULL', message: '名额已满' } });
    const stored = backend.store.dump().orders!.find((o) => o._id === task.orderId)!;
    expect((stored.task as { active: string[]; free: number }).active).toHaveLength(3);
    expect((stored.task as { free: number }).free).toBe(0);
  });

  it('a claimer withdraws before the window and his slot is free again; not once it has started', async () => {
    const task = await publishedTask(1);
    const [first, second] = await addVolunteers(2);
    expectOk(await backend.call(first, 'orders', 'claim', { taskId: task.id }));
    expect(await backend.call(second, 'orders', 'claim', { taskId: task.id })).toMatchObject({
      error: { code: 'FULL' },
    });
    expect(await backend.call(first, 'orders', 'claim', { taskId: task.id })).toMatchObject({
      error: { code: 'CONFLICT' },
    });

    const withdrawn = expectOk(await backend.call(first, 'orders', 'withdraw', { taskId: task.id }));
    expect(withdrawn).toMatchObject({ claimed: 0, myClaim: 'withdrawn' });
    expectOk(await backend.call(second, 'orders', 'claim', { taskId: task.id }));

    backend.setNow(at(25));
    const late = await backend.call(second, 'orders', 'withdraw', { taskId: task.id });
    expect(late).toMatchObject({ ok: false, error: { code: 'DEADLINE_PASSED' } });
  });

  it('only party members of that community may claim', async () => {
    const task = await publishedTask(2);
    for (const who of [RESIDENT, UNIT, 'demo-resident-changsheng', 'demo-staff-changsheng']) {
      expect(await backend.call(who, 'orders', 'claim', { taskId: task.id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
  });
});

describe('wrong role, wrong community, wrong order of steps: a clear error and nothing written', () => {
  it.each<[string, string, string, (id: string) => Record<string, unknown>, string]>([
    [
      'the resident dispatches his own order',
      RESIDENT,
      'dispatch',
      (id) => ({ orderId: id, unitId: 'un-dexuan-property' }),
      'FORBIDDEN',
    ],
    [
      'staff of another community dispatch it',
      'demo-staff-changsheng',
      'dispatch',
      (id) => ({ orderId: id, unitId: 'un-dexuan-property' }),
      'FORBIDDEN',
    ],
    ['a unit accepts an order never dispatched to it', UNIT, 'accept', (id) => ({ orderId: id }), 'FORBIDDEN'],
    ['another resident reads it', 'demo-resident-changsheng', 'getDetail', (id) => ({ orderId: id }), 'FORBIDDEN'],
    [
      'staff complete it before anyone took it',
      STAFF,
      'complete',
      (id) => ({ orderId: id, notes: '办好了' }),
      'INVALID_STATE',
    ],
    ['the resident confirms before it is done', RESIDENT, 'confirm', (id) => ({ orderId: id }), 'INVALID_STATE'],
    [
      'staff rate before it is done',
      STAFF,
      'rate',
      (id) => ({ orderId: id, as: 'community', stars: 3 }),
      'INVALID_STATE',
    ],
    [
      'staff dispatch to a unit of another street',
      STAFF,
      'dispatch',
      (id) => ({ orderId: id, unitId: 'un-donghu-property' }),
      'FORBIDDEN',
    ],
    ['staff reject without a reason', STAFF, 'reject', (id) => ({ orderId: id, reason: '' }), 'VALIDATION_FAILED'],
  ])('%s', async (_name, who, action, payload, code) => {
    const order: OrderDetail = await createOrder();
    const before = backend.store.dump();
    const result = await backend.send(who, 'orders', { action, payload: payload(order.id) });
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
    expect(backend.store.dump()).toEqual(before);
  });

  it('an unknown order is not found', async () => {
    expect(await backend.call(STAFF, 'orders', 'accept', { orderId: 'ord_nothing' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
