/**
 * 工作台 figures through the functions: whose figures a caller may read (decided from his roles), the figures after
 * a chain of actions as the every-minute tally keeps them, a clock that runs out without any write, the
 * drill-down to the orders behind a figure, and one round trip per read.
 */
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import { expectOk, T0, at, useTestBackend } from '../../helpers/functions';
import { countRequests } from '../../helpers/seam';

const backend = useTestBackend();
const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff'; // 雄关社区
const OTHER_STAFF = 'demo-staff-changsheng'; // 昌盛社区
const STREET = 'demo-street-staff'; // 雄关街道
const UNIT = 'demo-unit-member'; // 德轩物业
const WINDOW = { from: '2026-11-01', to: '2026-11-30' };

const tally = async (when: Date) => {
  backend.setNow(when);
  expectOk(await FUNCTIONS.find((f) => f.name === 'kpis')!.runTimer('tally', { now: () => when }));
};
const figures = async (who = STAFF, scope?: string) =>
  expectOk(await backend.call(who, 'kpis', 'dashboard', { scope, window: WINDOW })).summary;

async function newOrder(requestId: string) {
  return expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId,
      categoryId: 'water_supply',
      description: '厨房水管漏水，楼下渗水',
    }),
  ).id;
}

describe('whose figures', () => {
  it("a community's staff read their community, its grids and units there — not another community's", async () => {
    await tally(T0);
    for (const scope of [
      'community:cm-xiongguan',
      'grid:gr-xiongguan-1',
      'community:cm-xiongguan/unit:un-dexuan-property',
    ])
      expect((await figures(STAFF, scope)).key).toBe(scope);
    for (const scope of [
      'community:cm-xiongguan',
      'grid:gr-xiongguan-1',
      'community:cm-xiongguan/unit:un-dexuan-property',
      'street:st-xiongguan',
      'city',
      'unit:un-dexuan-property',
    ]) {
      const refused = await backend.call(OTHER_STAFF, 'kpis', 'dashboard', { scope });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const items = await backend.call(OTHER_STAFF, 'kpis', 'figureItems', { scope, measure: 'volume' });
      expect(items).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('street staff read their communities; residents and unit members read nothing', async () => {
    await tally(T0);
    expect((await figures(STREET)).key).toBe('street:st-xiongguan');
    expect((await figures(STREET, 'community:cm-changsheng')).key).toBe('community:cm-changsheng');
    expect(await backend.call(STREET, 'kpis', 'dashboard', { scope: 'community:cm-jianshe' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    for (const who of [RESIDENT, UNIT])
      expect(await backend.call(who, 'kpis', 'dashboard', {})).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
  });

  it('a window that ends before it starts, is longer than a year, or names no calendar day is refused', async () => {
    for (const window of [
      { from: '2026-11-30', to: '2026-11-01' },
      { from: '2025-01-01', to: '2026-11-30' },
      { from: '0836-80-94', to: '1764-02-08' },
      { from: '2026-02-30', to: '2026-03-01' },
    ]) {
      const refused = await backend.call(STAFF, 'kpis', 'dashboard', { window });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });
});

describe('the figures after a chain of actions', () => {
  it('follow each step, as the tally recomputes the day of what changed', async () => {
    backend.setNow(T0);
    const orderId = await newOrder('kpi-chain');
    await tally(at(0.1));
    expect(await figures()).toMatchObject({ orders: 1, responseN: 0, resolveN: 0, overdueOrders: 0 });

    // Nobody has written, but the community's 2 h ran out: late now, and overdue.
    await tally(at(2.5));
    expect(await figures()).toMatchObject({ responseRate: 0, responseN: 1, overdueOrders: 1 });

    backend.setNow(at(3));
    expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId, unitId: 'un-dexuan-property' }));
    backend.setNow(at(3.5));
    expectOk(await backend.call(UNIT, 'orders', 'accept', { orderId }));
    backend.setNow(at(10));
    expectOk(await backend.call(UNIT, 'orders', 'complete', { orderId, notes: '已更换接头' }));
    backend.setNow(at(11));
    expectOk(await backend.call(RESIDENT, 'orders', 'notFixed', { orderId, reason: '还是在滴水' }));
    await tally(at(11));
    expect(await figures()).toMatchObject({
      responseRate: 0.5, // the community's 受理 was late, the unit's 接单 in time
      responseN: 2,
      reworkRate: 1,
      reworkN: 1,
      resolveN: 0,
      overdueOrders: 0,
    });
    // The unit answers for its 接单 only.
    expect(await figures(STAFF, 'community:cm-xiongguan/unit:un-dexuan-property')).toMatchObject({
      responseRate: 1,
      responseN: 1,
    });

    backend.setNow(at(20));
    expectOk(await backend.call(UNIT, 'orders', 'complete', { orderId, notes: '整段水管已更换' }));
    backend.setNow(at(21));
    expectOk(await backend.call(RESIDENT, 'orders', 'confirm', { orderId }));
    backend.setNow(at(22));
    expectOk(await backend.call(RESIDENT, 'orders', 'rate', { orderId, as: 'resident', stars: 4 }));
    await tally(at(22));
    expect(await figures()).toMatchObject({
      resolveRate: 1,
      resolveN: 1,
      onTimeRate: 1, // 9 h after the 发回重办, within the new round's 24 h
      satisfactionRate: 1,
      avgCloseHours: 20,
    });
    // The trend's day carries the same rates; the other days have none.
    const d = expectOk(await backend.call(STAFF, 'kpis', 'dashboard', { window: WINDOW }));
    expect(d.trend).toHaveLength(30);
    expect(d.trend.find((p) => p.day === '2026-11-02')!.rates).toMatchObject({ response: 0.5, resolve: 1 });
    expect(d.trend.find((p) => p.day === '2026-11-03')!.rates.response).toBeNull();
  });

  it('drill down: the orders behind a figure, each marked for or against', async () => {
    backend.setNow(T0);
    const late = await newOrder('kpi-late');
    const quick = await newOrder('kpi-quick');
    const waiting = await newOrder('kpi-waiting');
    backend.setNow(at(0.5));
    expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: quick }));
    await tally(at(1));
    const early = expectOk(
      await backend.call(STAFF, 'kpis', 'figureItems', {
        scope: 'community:cm-xiongguan',
        measure: 'response',
        window: WINDOW,
      }),
    );
    // Those still within their 2 h are not counted yet.
    expect(early.items.map((i) => [i.id, i.good])).toEqual([[quick, true]]);
    backend.setNow(at(2.5));
    expectOk(await backend.call(STAFF, 'orders', 'reject', { orderId: late, reason: '不属于社区服务范围' }));
    await tally(at(2.6));
    const items = expectOk(
      await backend.call(STAFF, 'kpis', 'figureItems', {
        scope: 'community:cm-xiongguan',
        measure: 'response',
        window: WINDOW,
      }),
    );
    const good = Object.fromEntries(items.items.map((i) => [i.id, [i.good, i.tone]]));
    expect(good).toEqual({
      [quick]: [true, 'success'],
      [late]: [false, 'danger'],
      [waiting]: [false, 'danger'], // nobody has answered it, 2.6 h on
    });
    const volume = expectOk(
      await backend.call(STAFF, 'kpis', 'figureItems', {
        scope: 'community:cm-xiongguan',
        measure: 'volume',
        window: WINDOW,
      }),
    );
    expect(volume.items).toHaveLength(3);
    expect(volume.nextCursor).toBeNull();
  });
});

describe('round trips', () => {
  it('a dashboard read and a drill-down are one round trip each, with the caller', async () => {
    backend.setNow(T0);
    await newOrder('kpi-trips');
    await tally(at(1));
    const read = await countRequests(() => backend.call(STREET, 'kpis', 'dashboard', { window: WINDOW }));
    expect(read.requests).toEqual(['aggregate users']);
    const drill = await countRequests(() =>
      backend.call(STREET, 'kpis', 'figureItems', { scope: 'street:st-xiongguan', measure: 'volume' }),
    );
    expect(drill.requests).toEqual(['aggregate users']);
  });
});
