/**
 * long: one machine as data — every state, transition and the roles that take it in one table, read as a whole.
 * The order lifecycle of 居民下单—社区发单—单位接单—党员领单—联合评单, as ONE state machine.
 *
 * States and transitions are data. The cloud function `orders` enforces them (after its own scope checks:
 * "resident" means the order's own resident, "community_staff" staff of the order's community, "unit_member" a
 * member of the unit holding it), and sends the caller's `availableActions` with each order for the pages to show.
 *
 *   submitted ─dispatch→ dispatched ─accept→ accepted ─publish_task→ published
 *       │  ↑                 │                  │  ↑                      │
 *       │  └─return_to_community                │  └──────not_fixed───┐   │
 *       ├─handle_self→ accepted (社区自办)       └─complete→ completed ←─┘ complete
 *       ├─reject→ rejected                                   │
 *       └─cancel→ cancelled (also from dispatched)            ├─confirm / auto_confirm→ confirmed
 *                                                             │
 *   confirmed ─rate_by_resident→ resident_rated ─rate_by_community→ closed
 *            └─rate_by_community→ community_rated ─rate_by_resident→ closed
 *   (auto_close: the rating window ran out; escalate: overdue, once, state unchanged)
 *
 * A closed state (closed, rejected, cancelled) never changes again.
 */
import type { ErrorCode } from '../errors';
import type { Role } from '../roles';
import {
  acceptDeadline,
  autoConfirmAt,
  isPast,
  ratingClosesAt,
  resolveDeadline,
  type TimeLimitTier,
} from './catalogue';

/** Whoever takes a step: a person in one of his roles, or the timer. */
export type Actor = Role | 'system';

/** Which clock runs in a state: 受理/接单 (2 h), 办结 (the tier), the resident's confirmation, the ratings. */
export type Clock = 'accept' | 'resolve' | 'confirm' | 'rate';

/** What the deadline shown with an order means, per clock. */
export const CLOCK_LABELS: Record<Clock, string> = {
  accept: '受理时限',
  resolve: '办结时限',
  confirm: '自动确认时间',
  rate: '评价截止',
};

/** TDesign tag themes. */
export type Tone = 'default' | 'primary' | 'warning' | 'danger' | 'success';

interface StateSpec {
  label: string;
  /** A line for the resident: what happens next. */
  hint: string;
  category: 'open' | 'closed';
  tone: Tone;
  clock: Clock | null;
}

export const ORDER_STATES = {
  submitted: { label: '待受理', hint: '社区将在2小时内受理', category: 'open', tone: 'warning', clock: 'accept' },
  dispatched: {
    label: '待单位接单',
    hint: '已派单，单位将在2小时内接单',
    category: 'open',
    tone: 'warning',
    clock: 'accept',
  },
  accepted: { label: '处理中', hint: '正在办理', category: 'open', tone: 'primary', clock: 'resolve' },
  published: {
    label: '党员领单中',
    hint: '已发布志愿任务，党员正在领单办理',
    category: 'open',
    tone: 'primary',
    clock: 'resolve',
  },
  completed: {
    label: '待确认',
    hint: '已办结，请确认是否解决',
    category: 'open',
    tone: 'success',
    clock: 'confirm',
  },
  confirmed: { label: '待评价', hint: '请居民和社区评价', category: 'open', tone: 'success', clock: 'rate' },
  resident_rated: { label: '待社区评价', hint: '居民已评价', category: 'open', tone: 'success', clock: 'rate' },
  community_rated: {
    label: '待居民评价',
    hint: '社区已评价，请您评价',
    category: 'open',
    tone: 'success',
    clock: 'rate',
  },
  closed: { label: '已办结', hint: '已办结', category: 'closed', tone: 'default', clock: null },
  rejected: { label: '已驳回', hint: '社区未受理，理由见下方', category: 'closed', tone: 'danger', clock: null },
  cancelled: { label: '已撤销', hint: '您已撤销', category: 'closed', tone: 'default', clock: null },
} as const satisfies Record<string, StateSpec>;

export type OrderState = keyof typeof ORDER_STATES;
export const ORDER_STATE_NAMES = Object.keys(ORDER_STATES) as OrderState[];

/** Who does the work once an order is taken: the unit it was dispatched to, or the community (社区自办). */
export type Holder = 'unit' | 'community';
const HOLDER_ROLE: Record<Holder, Role> = { unit: 'unit_member', community: 'community_staff' };

interface ActionSpec {
  label: string;
  roles: readonly Actor[];
  /** Where the action may be taken, and where it leads. */
  moves: Partial<Record<OrderState, OrderState>>;
  reason: 'required' | 'optional' | 'none';
  /** Only the order's holder (unit, or community for 社区自办) may take it. */
  holderOnly?: boolean;
  /** How the new state's deadline is set: counted from now, from the order's creation, or kept. */
  deadline: 'restart' | 'from_order' | 'keep';
  /** Timer actions, allowed only when their moment has come. */
  due?: 'overdue' | 'confirm' | 'rate';
}

export const ORDER_ACTIONS = {
  // 社区发单
  dispatch: {
    label: '派单',
    roles: ['community_staff'],
    moves: { submitted: 'dispatched' },
    reason: 'none',
    deadline: 'restart',
  },
  handle_self: {
    label: '社区自办',
    roles: ['community_staff'],
    moves: { submitted: 'accepted' },
    reason: 'none',
    deadline: 'from_order',
  },
  reject: {
    label: '驳回',
    roles: ['community_staff'],
    moves: { submitted: 'rejected' },
    reason: 'required',
    deadline: 'restart',
  },
  cancel: {
    label: '撤销',
    roles: ['resident'],
    moves: { submitted: 'cancelled', dispatched: 'cancelled' },
    reason: 'optional',
    deadline: 'restart',
  },
  // 单位接单
  accept: {
    label: '接单',
    roles: ['unit_member'],
    moves: { dispatched: 'accepted' },
    reason: 'none',
    deadline: 'from_order',
  },
  return_to_community: {
    label: '退回社区',
    roles: ['unit_member'],
    moves: { dispatched: 'submitted' },
    reason: 'required',
    deadline: 'restart',
  },
  publish_task: {
    label: '发布任务',
    roles: ['unit_member', 'community_staff'],
    holderOnly: true,
    moves: { accepted: 'published' },
    reason: 'none',
    deadline: 'keep',
  },
  complete: {
    label: '办结',
    roles: ['unit_member', 'community_staff'],
    holderOnly: true,
    moves: { accepted: 'completed', published: 'completed' },
    reason: 'none',
    deadline: 'restart',
  },
  // 居民确认
  confirm: {
    label: '确认解决',
    roles: ['resident'],
    moves: { completed: 'confirmed' },
    reason: 'none',
    deadline: 'restart',
  },
  not_fixed: {
    label: '发回重办',
    roles: ['resident'],
    moves: { completed: 'accepted' },
    reason: 'required',
    deadline: 'restart',
  },
  auto_confirm: {
    label: '超时自动确认',
    roles: ['system'],
    moves: { completed: 'confirmed' },
    reason: 'none',
    deadline: 'restart',
    due: 'confirm',
  },
  // 联合评单
  rate_by_resident: {
    label: '居民评价',
    roles: ['resident'],
    moves: { confirmed: 'resident_rated', community_rated: 'closed' },
    reason: 'none',
    deadline: 'keep',
  },
  rate_by_community: {
    label: '社区评价',
    roles: ['community_staff'],
    moves: { confirmed: 'community_rated', resident_rated: 'closed' },
    reason: 'none',
    deadline: 'keep',
  },
  auto_close: {
    label: '评价期满，自动办结',
    roles: ['system'],
    moves: { confirmed: 'closed', resident_rated: 'closed', community_rated: 'closed' },
    reason: 'none',
    deadline: 'keep',
    due: 'rate',
  },
  // 超时督办: marks the order overdue and escalates it to the street, once per order; the state stays.
  escalate: {
    label: '超时上报街道',
    roles: ['system'],
    moves: { submitted: 'submitted', dispatched: 'dispatched', accepted: 'accepted', published: 'published' },
    reason: 'none',
    deadline: 'keep',
    due: 'overdue',
  },
} as const satisfies Record<string, ActionSpec>;

export type OrderAction = keyof typeof ORDER_ACTIONS;
export const ORDER_ACTION_NAMES = Object.keys(ORDER_ACTIONS) as OrderAction[];

const actionSpec = (action: OrderAction): ActionSpec => ORDER_ACTIONS[action];

export const isClosed = (state: OrderState): boolean => ORDER_STATES[state].category === 'closed';
export const stateLabel = (state: OrderState): string => ORDER_STATES[state].label;
export const actionLabel = (action: OrderAction): string => ORDER_ACTIONS[action].label;
export const reasonRequired = (action: OrderAction): boolean => actionSpec(action).reason === 'required';
export const isTimerAction = (action: OrderAction): boolean => actionSpec(action).due !== undefined;

/** What the machine needs to know about an order (the stored order carries more). */
export interface OrderSnapshot {
  state: OrderState;
  tier: TimeLimitTier;
  /** ISO time the resident ordered; the 办结 deadline counts from it. */
  createdAt: string;
  /** ISO time the order entered its current state. */
  stateSince: string;
  /** The current clock's deadline (ISO), null when none runs (closed states). */
  deadline: string | null;
  holder: Holder | null;
  /** 发回重办 count. */
  reworkCount: number;
  /** When the timer marked it overdue and escalated it to the street (once per order). */
  escalatedAt: string | null;
}

/** A new order, as 居民下单 creates it: waiting for the community, which must 受理 within 2 h. */
export function newOrder(tier: TimeLimitTier, at: Date | string): OrderSnapshot {
  const iso = new Date(at).toISOString();
  return {
    state: 'submitted',
    tier,
    createdAt: iso,
    stateSince: iso,
    deadline: acceptDeadline(iso).toISOString(),
    holder: null,
    reworkCount: 0,
    escalatedAt: null,
  };
}

/**
 * The actions an actor may take in a state — the buttons a page shows. Given the order rather than only its
 * state, actions reserved to the holder are left out for the other side (staff do not see 办结 on a unit's order).
 */
export function availableActions(
  order: OrderState | Pick<OrderSnapshot, 'state' | 'holder'>,
  actor: Actor,
): OrderAction[] {
  const state = typeof order === 'string' ? order : order.state;
  const holder = typeof order === 'string' ? null : order.holder;
  if (isClosed(state)) return [];
  return ORDER_ACTION_NAMES.filter((name) => {
    const spec = actionSpec(name);
    if (!spec.roles.includes(actor) || spec.moves[state] === undefined) return false;
    return !(spec.holderOnly && holder && HOLDER_ROLE[holder] !== actor);
  });
}

/** The step as the timeline keeps it; the server adds who (user id, name) to it. */
export interface TimelineStep {
  action: OrderAction;
  from: OrderState;
  to: OrderState;
  role: Actor;
  at: string;
  reason: string;
}

export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
}

export type TransitionResult = { ok: true; order: OrderSnapshot; step: TimelineStep } | Refusal;

const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** The clock is running out on the people who hold the order (not on the resident, not on ratings). */
export const isOverdue = (order: Pick<OrderSnapshot, 'state' | 'deadline'>, now: Date | string): boolean => {
  const clock = ORDER_STATES[order.state].clock;
  return (clock === 'accept' || clock === 'resolve') && order.deadline !== null && isPast(order.deadline, now);
};

/** What the timer should do with an order now, if anything. */
export function timerAction(order: OrderSnapshot, now: Date | string): OrderAction | null {
  const clock = ORDER_STATES[order.state].clock;
  if (order.deadline === null || !isPast(order.deadline, now)) return null;
  if (clock === 'confirm') return 'auto_confirm';
  if (clock === 'rate') return 'auto_close';
  if (order.escalatedAt === null && isOverdue(order, now)) return 'escalate';
  return null;
}

function nextDeadline(order: OrderSnapshot, spec: ActionSpec, to: OrderState, at: string): string | null {
  const clock = ORDER_STATES[to].clock;
  if (clock === null) return null;
  if (spec.deadline === 'keep') return order.deadline;
  switch (clock) {
    case 'accept':
      return acceptDeadline(at).toISOString();
    case 'resolve':
      return resolveDeadline(order.tier, spec.deadline === 'from_order' ? order.createdAt : at).toISOString();
    case 'confirm':
      return autoConfirmAt(at).toISOString();
    case 'rate':
      return ratingClosesAt(at).toISOString();
  }
}

function nextHolder(action: OrderAction, holder: Holder | null): Holder | null {
  if (action === 'handle_self') return 'community';
  if (action === 'accept') return 'unit';
  if (action === 'return_to_community') return null;
  return holder;
}

/**
 * One step of the machine. Refusals, checked in this order:
 * a closed order → INVALID_STATE; an actor the action is never open to → FORBIDDEN; the action does not apply in
 * this state → INVALID_STATE; not the holder → FORBIDDEN; a required reason missing → VALIDATION_FAILED; a timer
 * action before its moment → INVALID_STATE; an order already escalated → CONFLICT.
 */
export function transition(
  order: OrderSnapshot,
  action: OrderAction,
  actor: Actor,
  context: { at: Date | string; reason?: string },
): TransitionResult {
  const spec = ORDER_ACTIONS[action] as ActionSpec | undefined;
  if (!spec) return refuse('BAD_REQUEST', '不支持的工单操作');
  if (isClosed(order.state)) return refuse('INVALID_STATE', `工单${stateLabel(order.state)}，不能再更改`);
  if (!spec.roles.includes(actor)) return refuse('FORBIDDEN', `您不能${spec.label}`);
  const to = spec.moves[order.state];
  if (to === undefined) return refuse('INVALID_STATE', `工单${stateLabel(order.state)}，不能${spec.label}`);
  if (spec.holderOnly && order.holder && HOLDER_ROLE[order.holder] !== actor) {
    return refuse('FORBIDDEN', `该工单由${order.holder === 'unit' ? '单位' : '社区'}办理`);
  }
  const reason = (context.reason ?? '').trim();
  if (spec.reason === 'required' && reason.length === 0) return refuse('VALIDATION_FAILED', `${spec.label}须填写理由`);

  if (Number.isNaN(new Date(context.at).getTime())) return refuse('BAD_REQUEST', '时间无效');
  const at = new Date(context.at).toISOString();
  if (spec.due === 'overdue') {
    if (order.escalatedAt !== null) return refuse('CONFLICT', '该工单已上报街道');
    if (!isOverdue(order, at)) return refuse('INVALID_STATE', '工单尚未超时');
  } else if (spec.due && (order.deadline === null || !isPast(order.deadline, at))) {
    return refuse('INVALID_STATE', '尚未到自动处理的时间');
  }

  return {
    ok: true,
    order: {
      ...order,
      state: to,
      stateSince: to === order.state ? order.stateSince : at,
      deadline: nextDeadline(order, spec, to, at),
      holder: nextHolder(action, order.holder),
      reworkCount: order.reworkCount + (action === 'not_fixed' ? 1 : 0),
      escalatedAt: action === 'escalate' ? at : order.escalatedAt,
    },
    step: { action, from: order.state, to, role: actor, at, reason },
  };
}

/**
 * The staff queue's order: overdue first (the most overdue on top), then the nearest deadline, then the oldest.
 */
export const compareForQueue =
  (now: Date | string) =>
  (
    a: Pick<OrderSnapshot, 'state' | 'deadline' | 'createdAt'>,
    b: Pick<OrderSnapshot, 'state' | 'deadline' | 'createdAt'>,
  ) => {
    const overdue = Number(isOverdue(b, now)) - Number(isOverdue(a, now));
    if (overdue !== 0) return overdue;
    const da = a.deadline === null ? Infinity : new Date(a.deadline).getTime();
    const db = b.deadline === null ? Infinity : new Date(b.deadline).getTime();
    if (da !== db) return da < db ? -1 : 1;
    return new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();
  };
