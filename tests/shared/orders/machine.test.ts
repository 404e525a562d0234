import {
  ACCEPT_WITHIN_MS,
  SERVICE_CATEGORIES,
  TIME_LIMIT_TIER_NAMES,
  acceptDeadline,
  autoConfirmAt,
  findCategory,
  isPast,
  ratingClosesAt,
  resolveDeadline,
  suggestUnit,
  type TimeLimitTier,
} from '../../../miniprogram/shared/orders/catalogue';
import {
  ORDER_ACTION_NAMES,
  ORDER_STATES,
  ORDER_STATE_NAMES,
  availableActions,
  compareForQueue,
  isClosed,
  isOverdue,
  newOrder,
  timerAction,
  transition,
  type Actor,
  type Holder,
  type OrderAction,
  type OrderSnapshot,
  type OrderState,
} from '../../../miniprogram/shared/orders/machine';
import {
  checkCheckIn,
  checkCheckOut,
  checkClaim,
  checkPublishTask,
  checkReport,
  checkWithdraw,
  type ClaimState,
  type TaskWindow,
  volunteerHours,
} from '../../../miniprogram/shared/orders/tasks';
import {
  BASE_TASK_POINTS,
  balance,
  canRedeem,
  pointsForTask,
  pointsOnClose,
  reportersOf,
  taskEntryKey,
} from '../../../miniprogram/shared/orders/points';
import { ROLE_NAMES } from '../../../miniprogram/shared/roles';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = '2024-10-08T00:00:00.000Z'; // 08:00 in 嘉峪关
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

const ACTORS: Actor[] = [...ROLE_NAMES, 'system'];
const HOLDERS: Holder[] = ['unit', 'community'];

/**
 * THE RULES, written out by hand: in state FROM, ACTOR may take ACTION, and the order goes to TO.
 * A row with a holder applies only when that side holds the order. Everything not listed is refused.
 */
type Rule = [from: OrderState, action: OrderAction, actor: Actor, to: OrderState, holder?: Holder];
const RULES: Rule[] = [
  // 居民下单 → 社区发单
  ['submitted', 'dispatch', 'community_staff', 'dispatched'],
  ['submitted', 'handle_self', 'community_staff', 'accepted'],
  ['submitted', 'reject', 'community_staff', 'rejected'],
  ['submitted', 'cancel', 'resident', 'cancelled'],
  ['submitted', 'escalate', 'system', 'submitted'],
  // 单位接单
  ['dispatched', 'accept', 'unit_member', 'accepted'],
  ['dispatched', 'return_to_community', 'unit_member', 'submitted'],
  ['dispatched', 'cancel', 'resident', 'cancelled'],
  ['dispatched', 'escalate', 'system', 'dispatched'],
  // 办理: by the unit, or by the community (社区自办); either may publish a task for 党员领单
  ['accepted', 'publish_task', 'unit_member', 'published', 'unit'],
  ['accepted', 'publish_task', 'community_staff', 'published', 'community'],
  ['accepted', 'complete', 'unit_member', 'completed', 'unit'],
  ['accepted', 'complete', 'community_staff', 'completed', 'community'],
  ['accepted', 'escalate', 'system', 'accepted'],
  ['published', 'complete', 'unit_member', 'completed', 'unit'],
  ['published', 'complete', 'community_staff', 'completed', 'community'],
  ['published', 'escalate', 'system', 'published'],
  // 居民确认, or 发回重办 back to whoever holds it
  ['completed', 'confirm', 'resident', 'confirmed'],
  ['completed', 'not_fixed', 'resident', 'accepted'],
  ['completed', 'auto_confirm', 'system', 'confirmed'],
  // 联合评单: both ratings, in either order, close the order; the timer closes it when the window ends
  ['confirmed', 'rate_by_resident', 'resident', 'resident_rated'],
  ['confirmed', 'rate_by_community', 'community_staff', 'community_rated'],
  ['confirmed', 'auto_close', 'system', 'closed'],
  ['resident_rated', 'rate_by_community', 'community_staff', 'closed'],
  ['resident_rated', 'auto_close', 'system', 'closed'],
  ['community_rated', 'rate_by_resident', 'resident', 'closed'],
  ['community_rated', 'auto_close', 'system', 'closed'],
];

const CLOSED: OrderState[] = ['closed', 'rejected', 'cancelled'];

/** Whom an action is ever open to, read from the rules above. */
const everAllowed = (action: OrderAction, actor: Actor) => RULES.some(([, a, who]) => a === action && who === actor);

type Expected = { ok: true; to: OrderState } | { ok: false; code: 'INVALID_STATE' | 'FORBIDDEN' };

function expected(state: OrderState, action: OrderAction, actor: Actor, holder: Holder): Expected {
  if (CLOSED.includes(state)) return { ok: false, code: 'INVALID_STATE' };
  if (!everAllowed(action, actor)) return { ok: false, code: 'FORBIDDEN' };
  const rows = RULES.filter(([from, a]) => from === state && a === action);
  if (rows.length === 0) return { ok: false, code: 'INVALID_STATE' };
  const row = rows.find(([, , who, , h]) => who === actor && (h === undefined || h === holder));
  return row ? { ok: true, to: row[3] } : { ok: false, code: 'FORBIDDEN' };
}

/** An order in STATE whose every clock has long run out, not yet escalated: only the rules can refuse. */
const orderIn = (state: OrderState, holder: Holder): OrderSnapshot => ({
  state,
  tier: 'normal',
  createdAt: T0,
  stateSince: T0,
  deadline: isClosed(state) ? null : plus(T0, HOUR),
  holder,
  reworkCount: 0,
  escalatedAt: null,
});
const LATER = plus(T0, 30 * DAY);

describe('the order state machine, triple by triple', () => {
  const triples = ORDER_STATE_NAMES.flatMap((state) =>
    ORDER_ACTION_NAMES.flatMap((action) =>
      ACTORS.flatMap((actor) => HOLDERS.map((holder) => ({ state, action, actor, holder }))),
    ),
  );

  it.each(triples)('$state · $action · $actor (held by $holder)', ({ state, action, actor, holder }) => {
    const result = transition(orderIn(state, holder), action, actor, { at: LATER, reason: '说明理由' });
    const want = expected(state, action, actor, holder);
    if (want.ok) {
      expect(result).toMatchObject({ ok: true, order: { state: want.to } });
    } else {
      expect(result).toMatchObject({ ok: false, code: want.code });
    }
  });

  it('offers as buttons exactly what the rules allow', () => {
    for (const state of ORDER_STATE_NAMES)
      for (const actor of ACTORS)
        for (const holder of HOLDERS) {
          const want = ORDER_ACTION_NAMES.filter((action) => expected(state, action, actor, holder).ok);
          expect([state, actor, holder, availableActions({ state, holder }, actor)]).toEqual([
            state,
            actor,
            holder,
            want,
          ]);
        }
  });

  it('before anyone holds it, offers every side the holder actions (the order itself narrows them)', () => {
    expect(availableActions('accepted', 'community_staff')).toEqual(['publish_task', 'complete']);
    expect(availableActions('accepted', 'unit_member')).toEqual(['publish_task', 'complete']);
  });

  it('covers every state and action in the rules, and only real ones', () => {
    const states = new Set(RULES.flatMap(([from, , , to]) => [from, to]));
    expect([...states].sort()).toEqual([...ORDER_STATE_NAMES].sort());
    expect([...new Set(RULES.map(([, a]) => a))].sort()).toEqual([...ORDER_ACTION_NAMES].sort());
  });
});

describe('closed orders', () => {
  it('are exactly 已办结, 已驳回 and 已撤销', () => {
    expect(ORDER_STATE_NAMES.filter(isClosed)).toEqual(CLOSED);
    for (const state of CLOSED) expect(ORDER_STATES[state].category).toBe('closed');
  });

  it.each(CLOSED)('%s refuses everything, to everyone, at any time', (state) => {
    for (const action of ORDER_ACTION_NAMES)
      for (const actor of ACTORS) {
        const result = transition(orderIn(state, 'unit'), action, actor, { at: LATER, reason: '再试一次' });
        expect(result).toMatchObject({ ok: false, code: 'INVALID_STATE' });
      }
    expect(availableActions(state, 'admin')).toEqual([]);
  });
});

describe('guards beyond state and role', () => {
  const submitted = newOrder('normal', T0);

  it('a reason is required to reject, return or send back, and blank does not count', () => {
    expect(transition(submitted, 'reject', 'community_staff', { at: T0 })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(transition(submitted, 'reject', 'community_staff', { at: T0, reason: '   ' })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    const rejected = transition(submitted, 'reject', 'community_staff', { at: T0, reason: ' 不属于社区服务范围 ' });
    expect(rejected).toMatchObject({ ok: true, step: { reason: '不属于社区服务范围' } });
  });

  it('a resident may cancel without a reason', () => {
    expect(transition(submitted, 'cancel', 'resident', { at: T0 })).toMatchObject({ ok: true });
  });

  it('timer actions wait for their moment', () => {
    const completed: OrderSnapshot = { ...submitted, state: 'completed', deadline: autoConfirmAt(T0).toISOString() };
    const early = plus(T0, 7 * DAY - 1);
    expect(transition(completed, 'auto_confirm', 'system', { at: early })).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
    });
    expect(transition(completed, 'auto_confirm', 'system', { at: plus(T0, 7 * DAY) })).toMatchObject({ ok: true });
    expect(transition(submitted, 'escalate', 'system', { at: plus(T0, HOUR) })).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
    });
  });

  it('escalates an overdue order once, keeping its state and deadline', () => {
    const at = plus(T0, 3 * HOUR);
    const first = transition(submitted, 'escalate', 'system', { at });
    if (!first.ok) throw new Error(first.message);
    expect(first.order).toMatchObject({ state: 'submitted', deadline: submitted.deadline, escalatedAt: at });
    expect(first.order.stateSince).toBe(submitted.stateSince);
    expect(transition(first.order, 'escalate', 'system', { at: plus(at, DAY) })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('staff cannot finish a unit’s order, nor a unit the community’s own', () => {
    const unitHeld = { ...submitted, state: 'accepted' as const, holder: 'unit' as const };
    expect(transition(unitHeld, 'complete', 'community_staff', { at: T0 })).toMatchObject({ code: 'FORBIDDEN' });
    const communityHeld = { ...unitHeld, holder: 'community' as const };
    expect(transition(communityHeld, 'publish_task', 'unit_member', { at: T0 })).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a whole journey, with its timeline and clocks', () => {
  it('居民下单—社区发单—单位接单—党员领单—发回重办—联合评单', () => {
    let order = newOrder('fast', T0);
    expect(order).toMatchObject({ state: 'submitted', deadline: plus(T0, 2 * HOUR), holder: null, reworkCount: 0 });
    const steps: [OrderAction, Actor, string, string?][] = [
      ['dispatch', 'community_staff', plus(T0, HOUR)],
      ['return_to_community', 'unit_member', plus(T0, 2 * HOUR), '不属于本单位职责'],
      ['dispatch', 'community_staff', plus(T0, 3 * HOUR)],
      ['accept', 'unit_member', plus(T0, 4 * HOUR)],
      ['publish_task', 'unit_member', plus(T0, 5 * HOUR)],
      ['complete', 'unit_member', plus(T0, 20 * HOUR)],
      ['not_fixed', 'resident', plus(T0, 30 * HOUR), '暖气还是不热'],
      ['complete', 'unit_member', plus(T0, 40 * HOUR)],
      ['confirm', 'resident', plus(T0, 41 * HOUR)],
      ['rate_by_community', 'community_staff', plus(T0, 42 * HOUR)],
      ['rate_by_resident', 'resident', plus(T0, 43 * HOUR)],
    ];
    const timeline = [];
    const seen: Partial<OrderSnapshot>[] = [];
    for (const [action, actor, at, reason] of steps) {
      const result = transition(order, action, actor, { at, reason });
      if (!result.ok) throw new Error(`${action}: ${result.message}`);
      order = result.order;
      timeline.push(result.step);
      seen.push({ state: order.state, deadline: order.deadline, holder: order.holder });
    }
    expect(seen).toEqual([
      { state: 'dispatched', deadline: plus(T0, 3 * HOUR), holder: null }, // 接单 within 2 h of dispatch
      { state: 'submitted', deadline: plus(T0, 4 * HOUR), holder: null }, // 受理 again within 2 h
      { state: 'dispatched', deadline: plus(T0, 5 * HOUR), holder: null },
      { state: 'accepted', deadline: plus(T0, 24 * HOUR), holder: 'unit' }, // 24 h from the order
      { state: 'published', deadline: plus(T0, 24 * HOUR), holder: 'unit' },
      { state: 'completed', deadline: plus(T0, 20 * HOUR + 7 * DAY), holder: 'unit' }, // auto-confirm in 7 days
      { state: 'accepted', deadline: plus(T0, 54 * HOUR), holder: 'unit' }, // rework: a fresh 24 h
      { state: 'completed', deadline: plus(T0, 40 * HOUR + 7 * DAY), holder: 'unit' },
      { state: 'confirmed', deadline: plus(T0, 41 * HOUR + 7 * DAY), holder: 'unit' }, // rating window
      { state: 'community_rated', deadline: plus(T0, 41 * HOUR + 7 * DAY), holder: 'unit' },
      { state: 'closed', deadline: null, holder: 'unit' },
    ]);
    expect(order.reworkCount).toBe(1);
    expect(timeline.map((s) => `${s.from}→${s.to}`)).toContain('completed→accepted');
    expect(timeline[1]).toEqual({
      action: 'return_to_community',
      from: 'dispatched',
      to: 'submitted',
      role: 'unit_member',
      at: plus(T0, 2 * HOUR),
      reason: '不属于本单位职责',
    });
    expect(isClosed(order.state)).toBe(true);
  });

  it('社区自办: the community holds the order and may publish a task itself', () => {
    const handled = transition(newOrder('normal', T0), 'handle_self', 'community_staff', { at: T0 });
    if (!handled.ok) throw new Error(handled.message);
    expect(handled.order.holder).toBe('community');
    expect(availableActions(handled.order, 'community_staff')).toEqual(['publish_task', 'complete']);
    expect(availableActions(handled.order, 'unit_member')).toEqual([]);
  });
});

describe('the timer and the queue', () => {
  const at = (state: OrderState, deadline: string | null, escalatedAt: string | null = null): OrderSnapshot => ({
    ...newOrder('normal', T0),
    state,
    deadline,
    escalatedAt,
  });
  const due = plus(T0, HOUR);
  const now = plus(T0, 2 * HOUR);

  it('knows what to do with each order', () => {
    expect(timerAction(at('submitted', due), now)).toBe('escalate');
    expect(timerAction(at('published', due), now)).toBe('escalate');
    expect(timerAction(at('accepted', due, due), now)).toBeNull(); // once each
    expect(timerAction(at('accepted', plus(T0, 3 * HOUR)), now)).toBeNull();
    expect(timerAction(at('completed', due), now)).toBe('auto_confirm');
    expect(timerAction(at('resident_rated', due), now)).toBe('auto_close');
    expect(timerAction(at('closed', null), now)).toBeNull();
  });

  it('calls overdue only the clocks that run on staff and units, from the deadline itself on', () => {
    expect(isOverdue(at('dispatched', due), due)).toBe(true);
    expect(isOverdue(at('dispatched', due), plus(due, -1))).toBe(false);
    expect(isOverdue(at('completed', due), now)).toBe(false);
    expect(isOverdue(at('confirmed', due), now)).toBe(false);
  });

  it('puts overdue orders first, then the nearest deadline, then the oldest', () => {
    const queue = [
      { id: 'later', ...at('submitted', plus(T0, 5 * HOUR)) },
      { id: 'overdue-less', ...at('submitted', plus(T0, 90 * 60 * 1000)) },
      { id: 'soon', ...at('submitted', plus(T0, 3 * HOUR)) },
      { id: 'overdue-most', ...at('submitted', plus(T0, 30 * 60 * 1000)) },
    ];
    expect(queue.sort(compareForQueue(now)).map((o) => o.id)).toEqual([
      'overdue-most',
      'overdue-less',
      'soon',
      'later',
    ]);
  });
});

describe('the catalogue and its deadlines', () => {
  const start = '2024-10-08T08:00:00+08:00';
  const TIERS: [TimeLimitTier, string][] = [
    ['urgent', '2024-10-08T02:00:00.000Z'], // 10:00 the same morning
    ['fast', '2024-10-09T00:00:00.000Z'], // the next day, 08:00
    ['normal', '2024-10-15T00:00:00.000Z'], // 7 days
    ['long', '2024-10-23T00:00:00.000Z'], // 15 days
  ];

  it.each(TIERS)('%s: due %s', (tier, due) => {
    expect(resolveDeadline(tier, start).toISOString()).toBe(due);
  });

  it('accepts within 2 h, auto-confirms after 7 days, closes ratings after 7 days', () => {
    expect(ACCEPT_WITHIN_MS).toBe(2 * HOUR);
    expect(acceptDeadline(start).toISOString()).toBe('2024-10-08T02:00:00.000Z');
    expect(autoConfirmAt(start).toISOString()).toBe('2024-10-15T00:00:00.000Z');
    expect(ratingClosesAt(start).toISOString()).toBe('2024-10-15T00:00:00.000Z');
    expect(isPast('2024-10-08T02:00:00.000Z', '2024-10-08T10:00:00+08:00')).toBe(true);
  });

  it('names every category in Chinese, once, with a tier', () => {
    const ids = SERVICE_CATEGORIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of SERVICE_CATEGORIES) {
      expect(c.label).toMatch(/^[\u4e00-\u9fa5]+$/);
      expect(TIME_LIMIT_TIER_NAMES).toContain(c.tier);
    }
    expect(findCategory('heating')).toMatchObject({ label: '供暖问题', tier: 'fast', defaultHandler: 'property' });
    expect(findCategory('elevator_trapped')?.tier).toBe('urgent');
  });

  it('suggests the compound’s own property company, or the only unit of the kind', () => {
    const units = [
      { id: 'wuye-dexuan', kind: 'property' as const },
      { id: 'wuye-longhu', kind: 'property' as const },
      { id: 'steel-works', kind: 'partner' as const },
      { id: 'sifasuo', kind: 'department' as const },
      { id: 'hospital', kind: 'partner' as const },
    ];
    expect(suggestUnit('heating', units, 'wuye-longhu')).toBe('wuye-longhu');
    expect(suggestUnit('heating', units, null)).toBeNull(); // 无物业小区
    expect(suggestUnit('legal_aid', units)).toBe('sifasuo');
    expect(suggestUnit('escort', units)).toBeNull(); // two partner units: staff choose
    expect(suggestUnit('mediation', units)).toBeNull(); // the community does it
    expect(suggestUnit('no-such-category', units)).toBeNull();
  });
});

describe('党员领单: slots and the time window', () => {
  const task: TaskWindow = { slots: 2, startAt: plus(T0, DAY), endAt: plus(T0, DAY + 3 * HOUR) };
  const before = plus(T0, HOUR);
  const during = plus(T0, DAY + HOUR);
  const after = plus(T0, DAY + 4 * HOUR);
  const ctx = (mine: ClaimState | null, now: string, orderState: OrderState = 'published') => ({
    orderState,
    task,
    mine,
    now,
  });

  it('claims: a free slot, once each, until the window ends, while the order is published', () => {
    expect(checkClaim({ ...ctx(null, before), activeClaims: 0 })).toEqual({ ok: true });
    expect(checkClaim({ ...ctx(null, during), activeClaims: 1 })).toEqual({ ok: true });
    expect(checkClaim({ ...ctx(null, before), activeClaims: 2 })).toMatchObject({ code: 'FULL' });
    expect(checkClaim({ ...ctx('claimed', before), activeClaims: 1 })).toMatchObject({ code: 'CONFLICT' });
    expect(checkClaim({ ...ctx('withdrawn', before), activeClaims: 1 })).toEqual({ ok: true });
    expect(checkClaim({ ...ctx(null, task.endAt), activeClaims: 0 })).toMatchObject({ code: 'DEADLINE_PASSED' });
    expect(checkClaim({ ...ctx(null, before, 'completed'), activeClaims: 0 })).toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('with N slots, of many claimers taken one after another, exactly N succeed', () => {
    let active = 0;
    const results = Array.from({ length: 5 }, () => {
      const check = checkClaim({ ...ctx(null, before), activeClaims: active });
      if (check.ok) active += 1;
      return check.ok;
    });
    expect(results).toEqual([true, true, false, false, false]);
  });

  it('withdraws only before the window starts', () => {
    expect(checkWithdraw(ctx('claimed', before))).toEqual({ ok: true });
    expect(checkWithdraw(ctx('claimed', task.startAt))).toMatchObject({ code: 'DEADLINE_PASSED' });
    expect(checkWithdraw(ctx('checked_in', during))).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkWithdraw(ctx(null, before))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('checks in within the window, its ends included', () => {
    expect(checkCheckIn(ctx('claimed', before))).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkCheckIn(ctx('claimed', task.startAt))).toEqual({ ok: true });
    expect(checkCheckIn(ctx('claimed', during))).toEqual({ ok: true });
    expect(checkCheckIn(ctx('claimed', task.endAt))).toEqual({ ok: true });
    expect(checkCheckIn(ctx('claimed', after))).toMatchObject({ code: 'DEADLINE_PASSED' });
    expect(checkCheckIn(ctx('withdrawn', during))).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkCheckIn(ctx('checked_in', during))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('reports after checking in, once, while the order is still published', () => {
    expect(checkReport(ctx('checked_in', after))).toEqual({ ok: true });
    expect(checkReport(ctx('claimed', during))).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkReport(ctx('reported', after))).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkReport(ctx('checked_in', after, 'completed'))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('checks out (签退) once checked in, also after the window; then he may still report', () => {
    expect(checkCheckOut(ctx('checked_in', after))).toEqual({ ok: true });
    expect(checkCheckOut(ctx('claimed', during))).toMatchObject({ code: 'INVALID_STATE', message: '请先签到' });
    expect(checkCheckOut(ctx('checked_out', during))).toMatchObject({ code: 'INVALID_STATE', message: '您已签退' });
    expect(checkCheckOut(ctx('checked_in', after, 'completed'))).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkReport(ctx('checked_out', after))).toEqual({ ok: true });
  });

  it('counts 志愿时长 from check-in to check-out, or to the report without one', () => {
    const checkedInAt = '2026-11-02T09:00:00.000Z';
    expect(volunteerHours({ checkedInAt, checkedOutAt: '2026-11-02T10:30:00.000Z', reportedAt: null })).toBe(1.5);
    expect(volunteerHours({ checkedInAt, checkedOutAt: null, reportedAt: '2026-11-02T09:20:00.000Z' })).toBe(0.3);
    expect(volunteerHours({ checkedInAt, checkedOutAt: null, reportedAt: null })).toBeNull();
    expect(volunteerHours({ checkedInAt: null, checkedOutAt: null, reportedAt: null })).toBeNull();
  });

  it('publishes 1 to 50 slots, in a window that ends after it starts and after now', () => {
    expect(checkPublishTask(task, before)).toEqual({ ok: true });
    expect(checkPublishTask({ ...task, slots: 0 }, before)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checkPublishTask({ ...task, slots: 51 }, before)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checkPublishTask({ ...task, endAt: task.startAt }, before)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checkPublishTask(task, after)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('points', () => {
  it('pays 10 per task plus a bonus by the resident’s stars', () => {
    expect(BASE_TASK_POINTS).toBe(10);
    const table: [number | null, number][] = [
      [5, 20],
      [4, 15],
      [3, 12],
      [2, 10],
      [1, 10],
      [null, 10], // 未评价: no bonus
    ];
    for (const [stars, points] of table) expect([stars, pointsForTask(stars)]).toEqual([stars, points]);
  });

  it('writes one ledger line per volunteer who reported, keyed so it is paid once', () => {
    const lines = pointsOnClose({ orderId: 'o1', residentStars: 5, reporters: ['u1', 'u2', 'u1'] });
    expect(lines).toEqual([
      { key: 'task:o1:u1', userId: 'u1', kind: 'task', delta: 20, orderId: 'o1', note: '志愿服务' },
      { key: 'task:o1:u2', userId: 'u2', kind: 'task', delta: 20, orderId: 'o1', note: '志愿服务' },
    ]);
    expect(taskEntryKey('o1', 'u2')).toBe('task:o1:u2');
    expect(pointsOnClose({ orderId: 'o2', residentStars: null, reporters: [] })).toEqual([]);
  });

  it('every volunteer who reported in any round earns, and no one else', () => {
    const rounds = [
      { userId: 'first-round', state: 'reported' as const },
      { userId: 'gave-up', state: 'withdrawn' as const },
      { userId: 'second-round', state: 'reported' as const },
      { userId: 'still-working', state: 'checked_in' as const },
    ];
    expect(reportersOf(rounds)).toEqual(['first-round', 'second-round']);
  });

  it('the balance is the ledger’s sum, and redeeming cannot go below zero', () => {
    expect(balance([{ delta: 20 }, { delta: 12 }, { delta: -30 }])).toBe(2);
    expect(balance([])).toBe(0);
    expect(canRedeem(30, 30)).toBe(true);
    expect(canRedeem(30, 31)).toBe(false);
    expect(canRedeem(30, 0)).toBe(false);
  });
});
