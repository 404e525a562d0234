/** The measures' rules (docs/kpis.md), one document at a time, then windows, rows and rankings. */
import { complaintCounts, orderCounts, type KpiComplaint, type KpiOrder } from '../../../miniprogram/shared/kpis/facts';
import {
  kpiRows,
  rankRows,
  sumCells,
  windowOf,
  windowProblem,
  type KpiRow,
} from '../../../miniprogram/shared/kpis/figures';
import { childrenOf, mayRead } from '../../../miniprogram/shared/kpis/scopes';

const T0 = new Date('2026-11-02T09:00:00+08:00').getTime();
const h = (hours: number) => new Date(T0 + hours * 3600_000).toISOString();

/** An order of the 24 h tier created at T0, with its steps as [action, from, to, hours after T0]. */
function order(steps: Array<[string, string, string, number]>, extra: Partial<KpiOrder> = {}): KpiOrder {
  const last = steps[steps.length - 1];
  return {
    createdAt: h(0),
    tier: 'fast',
    status: last ? last[2] : 'submitted',
    deadline: null,
    residentStars: null,
    timeline: [
      { action: 'create', from: 'submitted', to: 'submitted', at: h(0) },
      ...steps.map(([action, from, to, hours]) => ({ action, from, to, at: h(hours) })),
    ],
    ...extra,
  };
}

describe('响应率: each 2 h reception clock, answered in time or not', () => {
  it('counts the community’s 受理 and the unit’s 接单, each against its own 2 h', () => {
    const o = order([
      ['dispatch', 'submitted', 'dispatched', 1],
      ['accept', 'dispatched', 'accepted', 3.5], // 2.5 h after the dispatch: late
    ]);
    expect(orderCounts(o, h(4))).toMatchObject({ responseDue: 2, respondedOnTime: 1 });
    // the unit answers for its 接单 only
    expect(orderCounts(o, h(4), 'unit')).toMatchObject({ responseDue: 1, respondedOnTime: 0 });
    expect(orderCounts(o, h(4), 'community')).toMatchObject({ responseDue: 1, respondedOnTime: 1 });
  });

  it('a reception still within its 2 h is not decided; past them unanswered, it is late', () => {
    const waiting = order([]);
    expect(orderCounts(waiting, h(1.5))).toMatchObject({ responseDue: 0 });
    expect(orderCounts(waiting, h(2.5))).toMatchObject({ responseDue: 1, respondedOnTime: 0 });
  });

  it('a resident who withdraws (撤销) measures nobody; a unit handing back (退回社区) has answered', () => {
    expect(orderCounts(order([['cancel', 'submitted', 'cancelled', 3]]), h(5)).responseDue).toBe(0);
    const returned = order([
      ['dispatch', 'submitted', 'dispatched', 0.5],
      ['return_to_community', 'dispatched', 'submitted', 1],
      ['handle_self', 'submitted', 'accepted', 1.5],
    ]);
    expect(orderCounts(returned, h(2))).toMatchObject({ responseDue: 3, respondedOnTime: 3 });
  });

  it('the escalation (超时上报) is not an answer', () => {
    const o = order([['escalate', 'submitted', 'submitted', 2.1]]);
    expect(orderCounts(o, h(2.2))).toMatchObject({ responseDue: 1, respondedOnTime: 0 });
  });
});

describe('解决率, 按时办结率, 发回重办率, 满意率 of an order', () => {
  const done = (completeAt: number, more: Array<[string, string, string, number]> = []) =>
    order([['handle_self', 'submitted', 'accepted', 0.5], ['complete', 'accepted', 'completed', completeAt], ...more]);

  it('resolved when the resident confirms (or the timer does); on time when the finishing 办结 beat the limit', () => {
    expect(orderCounts(done(20, [['confirm', 'completed', 'confirmed', 21]]), h(22))).toMatchObject({
      resolveDue: 1,
      resolved: 1,
      closeDue: 1,
      closedOnTime: 1,
      closeMinutes: 20 * 60,
    });
    expect(orderCounts(done(30, [['auto_confirm', 'completed', 'confirmed', 200]]), h(201))).toMatchObject({
      resolved: 1,
      closedOnTime: 0,
    });
    // 办结 but not yet confirmed: not decided
    expect(orderCounts(done(5), h(6))).toMatchObject({ resolveDue: 0, closeDue: 0, answered: 1 });
  });

  it('发回重办 starts a new round with its own limit; the order counts as sent back', () => {
    const o = done(20, [
      ['not_fixed', 'completed', 'accepted', 22],
      ['complete', 'accepted', 'completed', 40], // 18 h into the new round
      ['confirm', 'completed', 'confirmed', 41],
    ]);
    expect(orderCounts(o, h(42))).toMatchObject({ answered: 1, reworked: 1, closedOnTime: 1, closeMinutes: 40 * 60 });
  });

  it('an order still worked on past its limit is late now; a rejected one is decided unresolved', () => {
    const open = order([['handle_self', 'submitted', 'accepted', 0.5]], { deadline: h(24) });
    expect(orderCounts(open, h(23))).toMatchObject({ closeDue: 0 });
    expect(orderCounts(open, h(25))).toMatchObject({ closeDue: 1, closedOnTime: 0 });
    expect(orderCounts(order([['reject', 'submitted', 'rejected', 1]]), h(2))).toMatchObject({
      resolveDue: 1,
      resolved: 0,
    });
  });

  it('满意 is 4 or 5 stars of the resident’s rating', () => {
    expect(orderCounts(order([], { residentStars: 4 }), h(1))).toMatchObject({ rated: 1, satisfied: 1 });
    expect(orderCounts(order([], { residentStars: 3 }), h(1))).toMatchObject({ rated: 1, satisfied: 0 });
    expect(orderCounts(order([]), h(1))).toMatchObject({ rated: 0 });
  });
});

describe('complaints', () => {
  const complaint = (
    steps: Array<[string, string, string, string, string, number]>,
    extra: Partial<KpiComplaint> = {},
  ): KpiComplaint => ({
    createdAt: h(0),
    tier: 'normal',
    status: steps.length ? steps[steps.length - 1][2] : 'filed',
    level: 'company',
    deadline: null,
    stars: null,
    timeline: [
      { action: 'create', from: 'filed', to: 'filed', fromLevel: 'company', toLevel: 'company', at: h(0) },
      ...steps.map(([action, from, to, fromLevel, toLevel, hours]) => ({
        action,
        from,
        to,
        fromLevel: fromLevel as KpiComplaint['level'],
        toLevel: toLevel as KpiComplaint['level'],
        at: h(hours),
      })),
    ],
    ...extra,
  });

  it('each level’s 受理 has its 2 h; climbing because the clock ran out is late', () => {
    const c = complaint([
      ['escalate', 'filed', 'filed', 'company', 'community', 2.1],
      ['acknowledge', 'filed', 'acknowledged', 'community', 'community', 3],
    ]);
    expect(complaintCounts(c, h(4))).toMatchObject({ responseDue: 2, respondedOnTime: 1 });
    expect(complaintCounts(c, h(4), 'company')).toMatchObject({ responseDue: 1, respondedOnTime: 0 });
  });

  it('不满意 counts as sent back; satisfied after the community’s answer is resolved, on its level’s limit', () => {
    const c = complaint([
      ['answer', 'filed', 'answered', 'company', 'company', 1],
      ['not_satisfied', 'answered', 'filed', 'company', 'community', 2],
      ['answer', 'filed', 'answered', 'community', 'community', 100],
      ['satisfied', 'answered', 'confirmed', 'community', 'community', 101],
    ]);
    expect(complaintCounts(c, h(102))).toMatchObject({ answered: 1, reworked: 1, resolved: 1, closedOnTime: 1 });
  });

  it('非物业责任 is neither resolved nor unresolved; 未解决 is unresolved', () => {
    const notOurs = complaint([['close_not_responsible', 'filed', 'not_responsible', 'company', 'company', 1]]);
    expect(complaintCounts(notOurs, h(2))).toMatchObject({ complaints: 1, resolveDue: 0, responseDue: 1 });
    const unresolved = complaint([], { status: 'unresolved' });
    expect(complaintCounts(unresolved, h(1))).toMatchObject({ resolveDue: 1, resolved: 0 });
  });
});

describe('windows, rows and rankings', () => {
  it('本月 runs from the 1st to today (China days); 近30天 is today and the 29 before', () => {
    const now = '2026-11-30T17:00:00Z'; // already 12-01 in Beijing
    expect(windowOf({ preset: 'month' }, now)).toMatchObject({ from: '2026-12-01', to: '2026-12-01' });
    expect(windowOf({ preset: 'last30' }, now)).toMatchObject({ from: '2026-11-02', to: '2026-12-01' });
    expect(windowProblem('2026-11-02', '2026-11-01')).toBe('开始日期不能晚于结束日期');
    expect(windowProblem('2025-01-01', '2026-01-02')).toMatch(/不能超过366天/);
  });

  it('a window’s figures are its days’ counts summed; no sample is no rate, not 0 %', () => {
    const sum = sumCells([
      { city: { orders: 1, responseDue: 1, respondedOnTime: 1 } },
      { city: { orders: 2, responseDue: 1 } },
    ]);
    const [row] = kpiRows(['city'], sum, { city: '全市' });
    expect(row).toMatchObject({ name: '全市', volume: 3, responseRate: 0.5, responseN: 2, resolveRate: null });
  });

  it('a unit with 2 orders, both on time, is not first ahead of one with 200 at 95 %; nor last with 0 of 2', () => {
    const row = (key: string, x: number, n: number): KpiRow =>
      kpiRows([key], { [key]: { ...sumCells([{ [key]: { responseDue: n, respondedOnTime: x } }])[key] } }, {})[0];
    const ranked = rankRows(
      [
        row('unit:lucky', 2, 2),
        row('unit:big', 190, 200),
        row('unit:mid', 60, 100),
        row('unit:unlucky', 0, 2),
        row('unit:none', 0, 0),
      ],
      'response',
    );
    expect(ranked.map((r) => r.row.key)).toEqual(['unit:big', 'unit:lucky', 'unit:unlucky', 'unit:mid']);
    expect(ranked.find((r) => r.row.key === 'unit:lucky')!.n).toBe(2);
  });

  it('发回重办率 ranks fewer first', () => {
    const rows = kpiRows(
      ['unit:a', 'unit:b'],
      sumCells([{ 'unit:a': { answered: 20, reworked: 10 }, 'unit:b': { answered: 20, reworked: 1 } }]),
      {},
    );
    expect(rankRows(rows, 'rework').map((r) => r.row.key)).toEqual(['unit:b', 'unit:a']);
  });
});

describe('scopes', () => {
  const parents = {
    'street:st-a': 'city',
    'community:cm-a': 'street:st-a',
    'community:cm-b': 'street:st-a',
    'grid:gr-a-1': 'community:cm-a',
  };

  it('a reader reads inside his own scopes only', () => {
    expect(mayRead('grid:gr-a-1', ['community:cm-a'], parents)).toBe(true);
    expect(mayRead('community:cm-a/unit:u1', ['community:cm-a'], parents)).toBe(true);
    expect(mayRead('community:cm-b', ['community:cm-a'], parents)).toBe(false);
    expect(mayRead('unit:u1', ['community:cm-a'], parents)).toBe(false);
    expect(mayRead('community:cm-b', ['street:st-a'], parents)).toBe(true);
    expect(mayRead('grid:unknown', ['street:st-a'], parents)).toBe(false);
    expect(mayRead('grid:unknown', ['city'], parents)).toBe(true);
  });

  it('a community’s children are its grids and its units’ work there', () => {
    const known = ['community:cm-a', 'grid:gr-a-1', 'community:cm-a/unit:u1', 'unit:u1', 'community:cm-b/unit:u2'];
    expect(childrenOf('community:cm-a', known, parents)).toEqual({
      grid: ['grid:gr-a-1'],
      unit: ['community:cm-a/unit:u1'],
    });
    expect(childrenOf('city', [...known, 'street:st-a'], parents)).toEqual({
      community: ['community:cm-a'],
      unit: ['unit:u1'],
      street: ['street:st-a'],
    });
  });
});
