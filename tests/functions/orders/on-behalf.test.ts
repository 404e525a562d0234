/**
 * 代办: staff and grid workers take an order down for a resident who phoned or came in — a member, whose order it
 * then is, or a resident recorded by name and phone, whose phone only his community's staff see.
 */
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput } from '../../../miniprogram/shared/api';
import { at, expectOk, T0, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();

const STAFF = 'demo-community-staff'; // 陈明, 雄关社区
const OTHER_STAFF = 'demo-staff-changsheng'; // 昌盛社区
const GRID_WORKER = 'demo-grid-worker'; // 赵丽, 雄关社区第一网格 (德轩小区1–2号楼)
const RESIDENT = 'demo-resident'; // 张桂兰, 德轩小区1号楼 (first grid)
const PARTY_MEMBER = 'demo-party-member'; // 李建国, 德轩小区3号楼 (second grid)
const UNIT = 'demo-unit-member';
const PHONE = '13912345678';

type OnBehalf = ActionInput<'orders', 'createOnBehalf'>;

/** A leak in the kitchen at 德轩小区1号楼, taken down by phone for 张桂兰 unless `extra` says otherwise. */
const onBehalf = (extra: Partial<OnBehalf> = {}): OnBehalf => ({
  requestId: 'intake-000001',
  channel: 'phone',
  resident: { memberId: RESIDENT },
  communityId: 'cm-xiongguan',
  compoundId: 'cp-dexuan',
  buildingId: 'bd-dexuan-1',
  categoryId: 'water_supply',
  description: '电话反映厨房水管漏水，楼下渗水',
  address: '2单元301',
  ...extra,
});

const recorded = (extra: Partial<OnBehalf> = {}) =>
  onBehalf({ requestId: 'intake-000002', channel: 'in_person', resident: { name: '马大爷', phone: PHONE }, ...extra });

const runSweep = async (now: Date) => {
  const orders = FUNCTIONS.find((f) => f.name === 'orders')!;
  return expectOk(await orders.runTimer('sweep', { now: () => now }));
};

describe('代办 for a member: his order, as if he had placed it himself', () => {
  it('shows in his 我的工单 marked 电话代办, with the staff member in the first line of its timeline', async () => {
    backend.setNow(T0);
    const order = expectOk(await backend.call(STAFF, 'orders', 'createOnBehalf', onBehalf()));
    expect(order).toMatchObject({
      status: 'submitted',
      channel: 'phone',
      channelTag: '电话代办',
      resident: { name: '张桂兰', phone: '13893700001' },
      intake: { channelTag: '电话代办', takenByName: '陈明', recorded: false, mayRecordRating: false },
    });
    expect(order.timeline[0]).toMatchObject({ actionLabel: '代办下单', roleLabel: '社区工作人员', actorName: '陈明' });

    const mine = expectOk(await backend.call(RESIDENT, 'orders', 'listMine', {}));
    expect(mine.items.map((o) => [o.id, o.channelTag])).toEqual([[order.id, '电话代办']]);
    const his = expectOk(await backend.call(RESIDENT, 'orders', 'getDetail', { orderId: order.id }));
    expect(his.actions).toContain('cancel');
    // In the community's queue like any other, marked.
    const queue = expectOk(await backend.call(STAFF, 'orders', 'staffQueue', { communityId: 'cm-xiongguan' }));
    expect(queue.items.find((o) => o.id === order.id)?.channelTag).toBe('电话代办');
  });

  it('a retried request finds the order the first one made', async () => {
    const first = expectOk(await backend.call(STAFF, 'orders', 'createOnBehalf', onBehalf()));
    const again = expectOk(await backend.call(STAFF, 'orders', 'createOnBehalf', onBehalf()));
    expect(again.id).toBe(first.id);
    expect(backend.store.dump().orders?.filter((o) => o._id === first.id)).toHaveLength(1);
  });

  it('he rates it himself: staff cannot record a rating for a registered resident', async () => {
    const order = expectOk(await backend.call(STAFF, 'orders', 'createOnBehalf', onBehalf()));
    const refused = await backend.call(STAFF, 'orders', 'recordRating', { orderId: order.id, stars: 5 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('a grid worker acts for the households of his own grid', () => {
  it('takes down an order for a resident of his grid and follows it', async () => {
    const order = expectOk(await backend.call(GRID_WORKER, 'orders', 'createOnBehalf', onBehalf()));
    expect(order.intake).toMatchObject({ takenByName: '赵丽' });
    expect(order.timeline[0]).toMatchObject({ roleLabel: '网格员', actorName: '赵丽' });
    expectOk(await backend.call(GRID_WORKER, 'orders', 'getDetail', { orderId: order.id }));
  });

  it('cannot act for another grid’s resident, nor at another grid’s building, nor in another community', async () => {
    const refusals = [
      // 李建国 lives at 3号楼, in the second grid
      await backend.call(GRID_WORKER, 'orders', 'createOnBehalf', onBehalf({ resident: { memberId: PARTY_MEMBER } })),
      await backend.call(GRID_WORKER, 'orders', 'createOnBehalf', recorded({ buildingId: 'bd-dexuan-3' })),
      await backend.call(OTHER_STAFF, 'orders', 'createOnBehalf', onBehalf()),
      await backend.call(OTHER_STAFF, 'orders', 'createOnBehalf', recorded()),
    ];
    expect(refusals.map((r) => !r.ok && r.error.code)).toEqual(['NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(backend.store.dump().orders ?? []).toHaveLength(0);
  });

  it('finds only his grid’s households; staff find the whole community’s', async () => {
    const grid = expectOk(await backend.call(GRID_WORKER, 'orders', 'findResidents', { scopeId: 'gr-xiongguan-1' }));
    expect(grid.items.map((r) => r.name)).toContain('张桂兰');
    expect(grid.items.map((r) => r.name)).not.toContain('李建国');
    const community = expectOk(await backend.call(STAFF, 'orders', 'findResidents', { scopeId: 'cm-xiongguan' }));
    expect(community.items.find((r) => r.name === '李建国')).toMatchObject({
      buildingId: 'bd-dexuan-3',
      building: '3号楼',
      compoundId: 'cp-dexuan',
    });
    const found = expectOk(
      await backend.call(STAFF, 'orders', 'findResidents', { scopeId: 'cm-xiongguan', keyword: '桂兰' }),
    );
    expect(found.items.map((r) => r.name)).toEqual(['张桂兰']);
    const elsewhere = await backend.call(GRID_WORKER, 'orders', 'findResidents', { scopeId: 'gr-xiongguan-2' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
  it('picks a building for a recorded resident among those of his grid; staff among the community’s', async () => {
    const grid = expectOk(await backend.call(GRID_WORKER, 'orders', 'intakeBuildings', { scopeId: 'gr-xiongguan-1' }));
    expect(grid.map((b) => b.label)).toEqual(['德轩小区 1号楼', '德轩小区 2号楼']);
    const community = expectOk(await backend.call(STAFF, 'orders', 'intakeBuildings', { scopeId: 'cm-xiongguan' }));
    expect(community).toHaveLength(4);
    expect(community[2]).toEqual({
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: 'bd-dexuan-3',
      label: '德轩小区 3号楼',
    });
  });
});

describe('a resident recorded by name and phone (not registered)', () => {
  it('his phone appears to no one but the staff of his community', async () => {
    const order = expectOk(await backend.call(GRID_WORKER, 'orders', 'createOnBehalf', recorded()));
    expect(order).toMatchObject({ channelTag: '窗口代办', intake: { recorded: true } });
    // The grid worker who took it down, and the unit it goes to, see him as a neighbour would.
    expect(order.resident).toEqual({ name: '马**', phone: '' });
    const staffView = expectOk(await backend.call(STAFF, 'orders', 'getDetail', { orderId: order.id }));
    expect(staffView.resident).toEqual({ name: '马大爷', phone: PHONE });

    // The property company it is dispatched to works on it through the community.
    expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId: order.id, unitId: 'un-dexuan-property' }));
    const unitView = expectOk(await backend.call(UNIT, 'orders', 'getDetail', { orderId: order.id }));
    expect(unitView.resident).toEqual({ name: '马**', phone: '' });
    expect(JSON.stringify(unitView)).not.toContain(PHONE);
    for (const outsider of [OTHER_STAFF, RESIDENT, 'demo-street-staff']) {
      const seen = await backend.call(outsider, 'orders', 'getDetail', { orderId: order.id });
      expect(JSON.stringify(seen)).not.toContain(PHONE);
    }
    // Nobody's list, nobody's inbox.
    expect(expectOk(await backend.call(RESIDENT, 'orders', 'listMine', {})).items).toHaveLength(0);
    const notified = (await backend.delivered()).notifications ?? [];
    expect(notified.filter((n) => (n.audience as { id?: string }).id === '')).toHaveLength(0);
  });

  it('staff record the rating he gave by phone, marked as theirs; with the community’s it closes the order', async () => {
    backend.setNow(T0);
    const order = expectOk(await backend.call(STAFF, 'orders', 'createOnBehalf', recorded()));
    expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: order.id }));
    expectOk(await backend.call(STAFF, 'orders', 'complete', { orderId: order.id, notes: '已更换水管' }));
    const early = await backend.call(STAFF, 'orders', 'recordRating', { orderId: order.id, stars: 5 });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    // Nobody confirms for him: the timer does, as for any resident who does not answer.
    await runSweep(at(24 * 7 + 1));
    backend.setNow(at(24 * 7 + 2));
    const before = expectOk(await backend.call(STAFF, 'orders', 'getDetail', { orderId: order.id }));
    expect(before.intake?.mayRecordRating).toBe(true);
    const rated = expectOk(
      await backend.call(STAFF, 'orders', 'recordRating', { orderId: order.id, stars: 4, comment: '修得及时' }),
    );
    expect(rated).toMatchObject({
      status: 'resident_rated',
      ratings: { resident: { stars: 4, comment: '修得及时', recordedBy: '陈明' } },
      intake: { mayRecordRating: false },
    });
    expect(rated.timeline.at(-1)).toMatchObject({ action: 'rate_by_resident', reason: '工作人员代录：★★★★ 修得及时' });
    const closed = expectOk(
      await backend.call(STAFF, 'orders', 'rate', { orderId: order.id, as: 'community', stars: 5 }),
    );
    expect(closed.status).toBe('closed');
  });

  it('only staff of his community record it', async () => {
    const order = expectOk(await backend.call(STAFF, 'orders', 'createOnBehalf', recorded()));
    for (const other of [GRID_WORKER, OTHER_STAFF]) {
      const refused = await backend.call(other, 'orders', 'recordRating', { orderId: order.id, stars: 5 });
      expect(refused).toMatchObject({ ok: false });
    }
  });
});

describe('bad input writes nothing', () => {
  it.each<[string, Partial<OnBehalf>]>([
    ['a phone that is not a mobile number', { resident: { name: '马大爷', phone: '12345' } }],
    ['no name', { resident: { name: '', phone: PHONE } }],
    ['both a member and a name', { resident: { memberId: RESIDENT, name: '马大爷', phone: PHONE } as never }],
    ['an unknown channel', { channel: 'mini_program' as never }],
    ['a building of another compound', { buildingId: 'bd-longhu-1' }],
    ['a building that does not exist', { buildingId: 'bd-nowhere' }],
    ['a member who does not exist', { resident: { memberId: 'nobody' } }],
    ['a description too short', { description: '漏水' }],
  ])('%s', async (_why, extra) => {
    const result = await backend.call(STAFF, 'orders', 'createOnBehalf', onBehalf(extra));
    expect(result.ok).toBe(false);
    expect(backend.store.dump().orders ?? []).toHaveLength(0);
  });

  it('a resident cannot take orders down for others', async () => {
    const result = await backend.call(RESIDENT, 'orders', 'createOnBehalf', recorded());
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
