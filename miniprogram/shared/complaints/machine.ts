/**
 * long: one machine as data — states, the ladder and its time limits in one table, read as a whole.
 * Property complaints 物业投诉, as ONE state machine with an escalation ladder.
 *
 * A resident files a complaint about his own compound; it goes straight to the compound's property company
 * (物业企业), or to the community when the compound has none (无物业小区). Whoever holds it — the complaint's
 * LEVEL — acknowledges (受理, within 2 h) and answers (答复, within the level's limit). The resident is satisfied,
 * or not. Not satisfied, or overdue at the current level, the complaint climbs one level:
 *
 *   company 物业企业 → community 社区呼叫 → street 街道吹哨 → department 部门报到
 *
 * and the new level starts with fresh clocks. Community and street staff may also pass a complaint up themselves
 * (refer). Every level change is a step on the timeline, which the resident sees.
 *
 *   filed ─acknowledge→ acknowledged ─answer→ answered ─satisfied / auto_confirm→ confirmed ─rate / auto_close→ closed
 *     │  └────────────────answer─────────────────┘   │
 *     ├─escalate (overdue) / refer ──→ filed, one level up
 *     │                              answered ─not_satisfied→ filed, one level up (at the last level: unresolved)
 *     └─close_not_responsible (staff, with a reason; from any open state but confirmed) → not_responsible
 *
 * Closed states (closed, not_responsible, unresolved) never change again. `not_responsible` is the honest end of
 * a complaint that was not the company's to fix; `unresolved` the honest end of one nobody could fix to the
 * resident's satisfaction. Neither is counted as resolved.
 */
import type { ErrorCode } from '../errors';
import { acceptDeadline, autoConfirmAt, isPast, ratingClosesAt, resolveDeadline } from '../orders/catalogue';
import type { TimeLimitTier } from '../orders/catalogue';
import type { Actor, Refusal, Tone } from '../orders/machine';
import type { Role } from '../roles';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time-limit tiers a complaint can have: water/power/heating-like matters 24 h, the rest 7 days. */
export type ComplaintTier = Extract<TimeLimitTier, 'fast' | 'normal'>;

interface CategorySpec {
  label: string;
  hint: string;
  tier: ComplaintTier;
  /** The service catalogue's category a proactive order (未诉先办) from a hotspot of this kind is filed under. */
  serviceCategoryId: string;
}

/**
 * What residents complain about. Heating and leaks are the 24 h tier of the hotline rules (water, power, gas,
 * heating); so are a stopped elevator (the elderly on upper floors are stuck at home), fly-line charging and
 * security (fire and safety risks). Parking, sanitation, noise and the rest are general (7 days).
 */
export const COMPLAINT_CATEGORIES = {
  heating: { label: '供暖', hint: '暖气不热、停暖', tier: 'fast', serviceCategoryId: 'heating' },
  elevator: { label: '电梯', hint: '电梯停运、故障频繁', tier: 'fast', serviceCategoryId: 'other' },
  parking: {
    label: '停车',
    hint: '乱停车、占用消防通道、车位',
    tier: 'normal',
    serviceCategoryId: 'facility_renovation',
  },
  sanitation: { label: '环境卫生', hint: '垃圾清运、楼道卫生、绿化', tier: 'normal', serviceCategoryId: 'cleaning' },
  noise: { label: '噪音', hint: '装修、设备、商铺噪音', tier: 'normal', serviceCategoryId: 'mediation' },
  fly_line_charging: {
    label: '飞线充电',
    hint: '楼道或窗口拉线给电动车充电',
    tier: 'fast',
    serviceCategoryId: 'safety_hazard',
  },
  leaks: { label: '漏水', hint: '管道、屋顶、楼上漏水', tier: 'fast', serviceCategoryId: 'water_supply' },
  security: { label: '安全', hint: '门禁、监控、消防设施、陌生人', tier: 'fast', serviceCategoryId: 'safety_hazard' },
  other: { label: '其他', hint: '以上都不是', tier: 'normal', serviceCategoryId: 'other' },
} as const satisfies Record<string, CategorySpec>;

export type ComplaintCategory = keyof typeof COMPLAINT_CATEGORIES;
export const COMPLAINT_CATEGORY_NAMES = Object.keys(COMPLAINT_CATEGORIES) as ComplaintCategory[];
export const complaintTier = (category: ComplaintCategory): ComplaintTier => COMPLAINT_CATEGORIES[category].tier;

// ── The escalation ladder ─────────────────────────────────────────────────────────────────────────────────────

interface LevelSpec {
  label: string;
  /** The step that brings a complaint to this level, as the timeline names it. */
  arrival: string;
  /** Who handles a complaint at this level (the server checks it is the right unit, community or street). */
  role: Role;
  /** The answer limit at this level, by the complaint's tier, counted from its arrival at the level. */
  answerTier: Record<ComplaintTier, TimeLimitTier>;
}

/**
 * Each level gets fresh clocks: acknowledge within 2 h of arrival, answer within its limit. A department answers
 * a general complaint within the complex tier (15 days): what reaches it needs works, not a visit; a 24 h matter
 * (heating in winter) stays 24 h at every level — the answer may be a plan, but it may not wait.
 */
export const COMPLAINT_LEVELS = {
  company: { label: '物业企业', arrival: '投诉', role: 'unit_member', answerTier: { fast: 'fast', normal: 'normal' } },
  community: {
    label: '社区',
    arrival: '社区呼叫',
    role: 'community_staff',
    answerTier: { fast: 'fast', normal: 'normal' },
  },
  street: { label: '街道', arrival: '街道吹哨', role: 'street_staff', answerTier: { fast: 'fast', normal: 'normal' } },
  department: {
    label: '职能部门',
    arrival: '部门报到',
    role: 'unit_member',
    answerTier: { fast: 'fast', normal: 'long' },
  },
} as const satisfies Record<string, LevelSpec>;

export type ComplaintLevel = keyof typeof COMPLAINT_LEVELS;
export const COMPLAINT_LEVEL_NAMES = Object.keys(COMPLAINT_LEVELS) as ComplaintLevel[];
/** The levels above the property company, with their own staff inboxes. */
export const ESCALATION_LEVELS = ['community', 'street', 'department'] as const satisfies readonly ComplaintLevel[];
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const levelLabel = (level: ComplaintLevel): string => COMPLAINT_LEVELS[level].label;
export const levelRole = (level: ComplaintLevel): Role => COMPLAINT_LEVELS[level].role;

/** The level above, or null at the last one (a department). */
export function nextLevel(level: ComplaintLevel): ComplaintLevel | null {
  const i = COMPLAINT_LEVEL_NAMES.indexOf(level);
  return i + 1 < COMPLAINT_LEVEL_NAMES.length ? COMPLAINT_LEVEL_NAMES[i + 1] : null;
}

/** Where a new complaint goes: the compound's property company, or the community for a 无物业小区. */
export const firstLevel = (propertyCompanyId: string | null): ComplaintLevel =>
  propertyCompanyId === null ? 'community' : 'company';

/** The deadline to acknowledge (受理) at a level: 2 h from arrival, as for every online request. */
export const acknowledgeDeadline = (arrivedAt: Date | string | number): Date => acceptDeadline(arrivedAt);

/** The deadline to answer (答复) at a level, counted from the complaint's arrival there. */
export const answerDeadline = (level: ComplaintLevel, tier: ComplaintTier, arrivedAt: Date | string | number): Date =>
  resolveDeadline(COMPLAINT_LEVELS[level].answerTier[tier], arrivedAt);

// ── States and actions ────────────────────────────────────────────────────────────────────────────────────────

/** The clock running in a state: 受理 and 答复 run on the handler, 确认 and 评价 on the resident. */
export type ComplaintClock = 'acknowledge' | 'answer' | 'confirm' | 'rate';

export const COMPLAINT_CLOCK_LABELS: Record<ComplaintClock, string> = {
  acknowledge: '受理时限',
  answer: '答复时限',
  confirm: '自动确认时间',
  rate: '评价截止',
};

interface StateSpec {
  label: string;
  hint: string;
  category: 'open' | 'closed';
  tone: Tone;
  clock: ComplaintClock | null;
}

export const COMPLAINT_STATES = {
  filed: {
    label: '待受理',
    hint: '已送达办理方，2小时内受理',
    category: 'open',
    tone: 'warning',
    clock: 'acknowledge',
  },
  acknowledged: { label: '处理中', hint: '已受理，正在处理', category: 'open', tone: 'primary', clock: 'answer' },
  answered: {
    label: '待确认',
    hint: '已答复，请确认是否满意；不满意将升级办理',
    category: 'open',
    tone: 'success',
    clock: 'confirm',
  },
  confirmed: { label: '待评价', hint: '问题已解决，请评价', category: 'open', tone: 'success', clock: 'rate' },
  closed: { label: '已办结', hint: '已办结', category: 'closed', tone: 'default', clock: null },
  not_responsible: {
    label: '非物业责任',
    hint: '经核实不属于物业企业责任，理由见下方',
    category: 'closed',
    tone: 'default',
    clock: null,
  },
  unresolved: {
    label: '未解决',
    hint: '逐级办理后您仍不满意，已存档并计入物业信用评价',
    category: 'closed',
    tone: 'danger',
    clock: null,
  },
} as const satisfies Record<string, StateSpec>;

export type ComplaintState = keyof typeof COMPLAINT_STATES;
export const COMPLAINT_STATE_NAMES = Object.keys(COMPLAINT_STATES) as ComplaintState[];

interface ActionSpec {
  label: string;
  roles: readonly Actor[];
  moves: Partial<Record<ComplaintState, ComplaintState>>;
  reason: 'required' | 'optional' | 'none';
  /** Only whoever holds the complaint at its level (the level's role) may take it. */
  handlerOnly?: boolean;
  /** Moves the complaint one level up (to `filed` there); at the last level it goes to `atLastLevel`, if given. */
  climbs?: boolean;
  atLastLevel?: ComplaintState;
  /** Timer actions, allowed only when their moment has come. */
  due?: 'overdue' | 'confirm' | 'rate';
}

const HANDLERS = ['unit_member', 'community_staff', 'street_staff'] as const satisfies readonly Actor[];

export const COMPLAINT_ACTIONS = {
  acknowledge: { label: '受理', roles: HANDLERS, handlerOnly: true, moves: { filed: 'acknowledged' }, reason: 'none' },
  answer: {
    label: '答复',
    roles: HANDLERS,
    handlerOnly: true,
    moves: { filed: 'answered', acknowledged: 'answered' },
    reason: 'required',
  },
  // 社区呼叫、街道吹哨: the community or the street passes the complaint up before its time runs out.
  refer: {
    label: '上报上级',
    roles: ['community_staff', 'street_staff'],
    handlerOnly: true,
    moves: { filed: 'filed', acknowledged: 'filed' },
    reason: 'required',
    climbs: true,
  },
  satisfied: { label: '满意', roles: ['resident'], moves: { answered: 'confirmed' }, reason: 'none' },
  not_satisfied: {
    label: '不满意',
    roles: ['resident'],
    moves: { answered: 'filed' },
    reason: 'required',
    climbs: true,
    atLastLevel: 'unresolved',
  },
  auto_confirm: {
    label: '超时未确认，视为满意',
    roles: ['system'],
    moves: { answered: 'confirmed' },
    reason: 'none',
    due: 'confirm',
  },
  rate: { label: '评价', roles: ['resident'], moves: { confirmed: 'closed' }, reason: 'optional' },
  auto_close: {
    label: '评价期满，自动办结',
    roles: ['system'],
    moves: { confirmed: 'closed' },
    reason: 'none',
    due: 'rate',
  },
  escalate: {
    label: '超时升级',
    roles: ['system'],
    moves: { filed: 'filed', acknowledged: 'filed' },
    reason: 'none',
    climbs: true,
    due: 'overdue',
  },
  close_not_responsible: {
    label: '认定非物业责任',
    roles: ['community_staff', 'street_staff'],
    moves: { filed: 'not_responsible', acknowledged: 'not_responsible', answered: 'not_responsible' },
    reason: 'required',
  },
} as const satisfies Record<string, ActionSpec>;

export type ComplaintAction = keyof typeof COMPLAINT_ACTIONS;
export const COMPLAINT_ACTION_NAMES = Object.keys(COMPLAINT_ACTIONS) as ComplaintAction[];

const specOf = (action: ComplaintAction): ActionSpec => COMPLAINT_ACTIONS[action];

export const isComplaintClosed = (state: ComplaintState): boolean => COMPLAINT_STATES[state].category === 'closed';
export const complaintStateLabel = (state: ComplaintState): string => COMPLAINT_STATES[state].label;
export const complaintActionLabel = (action: ComplaintAction): string => COMPLAINT_ACTIONS[action].label;
export const complaintReasonRequired = (action: ComplaintAction): boolean => specOf(action).reason === 'required';

/** What the machine needs to know about a complaint (the stored complaint carries more). */
export interface ComplaintSnapshot {
  state: ComplaintState;
  level: ComplaintLevel;
  tier: ComplaintTier;
  /** ISO time the resident filed it. */
  createdAt: string;
  /** ISO time it entered its current state. */
  stateSince: string;
  /** ISO time it arrived at its current level: the level's clocks count from it. */
  levelSince: string;
  /** The current clock's deadline (ISO); null in closed states. */
  deadline: string | null;
  /** Level changes so far (escalations, referrals, 不满意). */
  escalations: number;
}

/** A new complaint, at the compound's property company (or the community for a 无物业小区). */
export function newComplaint(
  category: ComplaintCategory,
  propertyCompanyId: string | null,
  at: Date | string,
): ComplaintSnapshot {
  const iso = new Date(at).toISOString();
  return {
    state: 'filed',
    level: firstLevel(propertyCompanyId),
    tier: complaintTier(category),
    createdAt: iso,
    stateSince: iso,
    levelSince: iso,
    deadline: acknowledgeDeadline(iso).toISOString(),
    escalations: 0,
  };
}

/** Where an action would take the complaint: its state and level, or null when it does not apply here. */
function destination(
  spec: ActionSpec,
  state: ComplaintState,
  level: ComplaintLevel,
): { state: ComplaintState; level: ComplaintLevel } | null {
  const to = spec.moves[state];
  if (to === undefined) return null;
  if (!spec.climbs) return { state: to, level };
  const up = nextLevel(level);
  if (up !== null) return { state: to, level: up };
  return spec.atLastLevel ? { state: spec.atLastLevel, level } : null;
}

const holdsIt = (spec: ActionSpec, level: ComplaintLevel, actor: Actor): boolean =>
  !spec.handlerOnly || levelRole(level) === actor;

/**
 * The actions an actor may take — the page's buttons. Given the complaint (state and level) rather than only its
 * state, actions of the other levels' handlers, and climbing past the last level, are left out.
 */
export function complaintActions(
  complaint: ComplaintState | Pick<ComplaintSnapshot, 'state' | 'level'>,
  actor: Actor,
): ComplaintAction[] {
  const state = typeof complaint === 'string' ? complaint : complaint.state;
  if (isComplaintClosed(state)) return [];
  return COMPLAINT_ACTION_NAMES.filter((name) => {
    const spec = specOf(name);
    if (!spec.roles.includes(actor) || spec.moves[state] === undefined) return false;
    if (typeof complaint === 'string') return true;
    return holdsIt(spec, complaint.level, actor) && destination(spec, state, complaint.level) !== null;
  });
}

/** The step as the timeline keeps it; the server adds who (user id, name) to it. */
export interface ComplaintStep {
  action: ComplaintAction;
  from: ComplaintState;
  to: ComplaintState;
  fromLevel: ComplaintLevel;
  toLevel: ComplaintLevel;
  role: Actor;
  at: string;
  reason: string;
}

/** The timeline's name for a step: a climb is named for where it arrives (社区呼叫、街道吹哨、部门报到). */
export const stepLabel = (step: Pick<ComplaintStep, 'action' | 'fromLevel' | 'toLevel'>): string =>
  step.toLevel !== step.fromLevel
    ? `${complaintActionLabel(step.action)} · ${COMPLAINT_LEVELS[step.toLevel].arrival}`
    : complaintActionLabel(step.action);

export type ComplaintTransition = { ok: true; complaint: ComplaintSnapshot; step: ComplaintStep } | Refusal;

const no = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** The clock is running out on whoever holds the complaint (not on the resident). */
export const isComplaintOverdue = (
  complaint: Pick<ComplaintSnapshot, 'state' | 'deadline'>,
  now: Date | string,
): boolean => {
  const clock = COMPLAINT_STATES[complaint.state].clock;
  return (
    (clock === 'acknowledge' || clock === 'answer') && complaint.deadline !== null && isPast(complaint.deadline, now)
  );
};

/**
 * What the timer should do with a complaint now, if anything. Overdue at the last level there is nowhere to climb:
 * the complaint stays with the department, shown overdue, and counts against the company's score.
 */
export function complaintTimerAction(complaint: ComplaintSnapshot, now: Date | string): ComplaintAction | null {
  if (complaint.deadline === null || !isPast(complaint.deadline, now)) return null;
  const clock = COMPLAINT_STATES[complaint.state].clock;
  if (clock === 'confirm') return 'auto_confirm';
  if (clock === 'rate') return 'auto_close';
  return nextLevel(complaint.level) !== null ? 'escalate' : null;
}

function deadlineIn(
  state: ComplaintState,
  level: ComplaintLevel,
  tier: ComplaintTier,
  levelSince: string,
  at: string,
): string | null {
  switch (COMPLAINT_STATES[state].clock) {
    case 'acknowledge':
      return acknowledgeDeadline(levelSince).toISOString();
    case 'answer':
      return answerDeadline(level, tier, levelSince).toISOString();
    case 'confirm':
      return autoConfirmAt(at).toISOString();
    case 'rate':
      return ratingClosesAt(at).toISOString();
    case null:
      return null;
  }
}

/**
 * One step of the machine. Refusals, checked in this order: an unknown action → BAD_REQUEST; a closed complaint →
 * INVALID_STATE; an actor the action is never open to → FORBIDDEN; the action does not apply in this state →
 * INVALID_STATE; not the current level's handler → FORBIDDEN; no level left to climb to → INVALID_STATE; a
 * required reason missing → VALIDATION_FAILED; an invalid time → BAD_REQUEST; a timer action before its moment →
 * INVALID_STATE.
 */
export function complaintTransition(
  complaint: ComplaintSnapshot,
  action: ComplaintAction,
  actor: Actor,
  context: { at: Date | string; reason?: string },
): ComplaintTransition {
  const spec = COMPLAINT_ACTIONS[action] as ActionSpec | undefined;
  if (!spec) return no('BAD_REQUEST', '不支持的投诉操作');
  const { state, level } = complaint;
  if (isComplaintClosed(state)) return no('INVALID_STATE', `投诉${complaintStateLabel(state)}，不能再更改`);
  if (!spec.roles.includes(actor)) return no('FORBIDDEN', `您不能${spec.label}`);
  if (spec.moves[state] === undefined)
    return no('INVALID_STATE', `投诉${complaintStateLabel(state)}，不能${spec.label}`);
  if (!holdsIt(spec, level, actor)) return no('FORBIDDEN', `该投诉目前由${levelLabel(level)}办理`);
  const to = destination(spec, state, level);
  if (to === null) return no('INVALID_STATE', `已是最高一级（${levelLabel(level)}），不能再上报`);
  const reason = (context.reason ?? '').trim();
  if (spec.reason === 'required' && reason.length === 0) return no('VALIDATION_FAILED', `${spec.label}须填写说明`);

  const time = new Date(context.at);
  if (Number.isNaN(time.getTime())) return no('BAD_REQUEST', '时间无效');
  const at = time.toISOString();
  if (spec.due === 'overdue' && !isComplaintOverdue(complaint, at)) return no('INVALID_STATE', '投诉尚未超时');
  if (spec.due && spec.due !== 'overdue' && (complaint.deadline === null || !isPast(complaint.deadline, at))) {
    return no('INVALID_STATE', '尚未到自动处理的时间');
  }

  const climbed = to.level !== level;
  const levelSince = climbed ? at : complaint.levelSince;
  return {
    ok: true,
    complaint: {
      ...complaint,
      state: to.state,
      level: to.level,
      stateSince: to.state === state && !climbed ? complaint.stateSince : at,
      levelSince,
      deadline: deadlineIn(to.state, to.level, complaint.tier, levelSince, at),
      escalations: complaint.escalations + (climbed ? 1 : 0),
    },
    step: { action, from: state, to: to.state, fromLevel: level, toLevel: to.level, role: actor, at, reason },
  };
}

// ── Time windows (credit scores and hotspots count what was filed within one) ────────────────────────────────

/** A window of `days` ending at `end`: start inclusive, end inclusive. */
export interface TimeWindow {
  start: number;
  end: number;
}

export const windowEndingAt = (end: Date | string | number, days: number): TimeWindow => {
  const endMs = new Date(end).getTime();
  return { start: endMs - days * DAY_MS, end: endMs };
};

export const inWindow = (at: Date | string | number, window: TimeWindow): boolean =>
  isPast(window.start, at) && isPast(at, window.end);
