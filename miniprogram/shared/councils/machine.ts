/**
 * Councils 议事会 as two state machines, following the five-step method the seeds name:
 * 群众说事 → 议事会议事 → 支部理事 → 部门干事 → 领导帮助解决.
 *
 * Topics 群众说事 (a resident proposes, neighbours in scope back it, organisers take it up or not):
 *
 *   proposed ─accept→ accepted (on a meeting's agenda) ─discuss (minutes published)→ discussed
 *      │  ↑                │
 *      │  └──unschedule────┘ (taken off the agenda, or the meeting was cancelled)
 *      ├─decline (reason, shown to the proposer and backers)→ declined
 *      └─withdraw (the proposer)→ withdrawn
 *
 * Meetings 议事会 (organised by the community's staff, or a grid worker for his grid):
 *
 *   scheduled ─edit→ scheduled            (before it starts)
 *       ├─cancel (reason; before it starts)→ cancelled       — everyone signed up is told
 *       ├─hold (once it has started; staff or the timer)→ held
 *       └─publish_minutes (once it has started)→ minutes_published ←─publish_minutes── held
 *
 * Sign-up is open while the meeting is scheduled and its deadline has not passed (see seats.ts); check-in while it
 * is scheduled or held, around its time (see checkin.ts). Closed states never change again; resolutions published
 * with the minutes live on as service orders with their own machine (orders/machine.ts).
 *
 * The server checks scope first (scope.ts: organiserRole gives the actor; "resident" on a topic means its
 * proposer), then the machine.
 */
import type { ErrorCode } from '../errors';
import { isPast } from '../orders/catalogue';
import { isClosed as isOrderClosed, type Actor, type OrderState, type Refusal, type Tone } from '../orders/machine';
import { within, type Caller, type CouncilScope } from './scope';

interface StateSpec {
  label: string;
  hint: string;
  category: 'open' | 'closed';
  tone: Tone;
}

/** When an action may be taken, relative to the meeting's start. */
type Due = 'before_start' | 'started';

interface ActionSpec<S extends string> {
  label: string;
  roles: readonly Actor[];
  moves: Partial<Record<S, S>>;
  reason: 'required' | 'optional' | 'none';
  due?: Due;
}

/** Who organises councils: the community's staff, a grid worker for his grid (scope.ts decides which applies). */
export const ORGANISERS = ['community_staff', 'grid_worker'] as const satisfies readonly Actor[];

// ── Topics 群众说事 ───────────────────────────────────────────────────────────────────────────────────────────

export const TOPIC_STATES = {
  proposed: { label: '征集中', hint: '邻居可以附议，附议多的优先上会', category: 'open', tone: 'warning' },
  accepted: { label: '已列入议程', hint: '将在议事会上讨论', category: 'open', tone: 'primary' },
  discussed: { label: '已议定', hint: '议事会已讨论，决议见会议纪要', category: 'closed', tone: 'success' },
  declined: { label: '未采纳', hint: '理由见下方', category: 'closed', tone: 'default' },
  withdrawn: { label: '已撤回', hint: '发起人已撤回', category: 'closed', tone: 'default' },
} as const satisfies Record<string, StateSpec>;

export type TopicState = keyof typeof TOPIC_STATES;
export const TOPIC_STATE_NAMES = Object.keys(TOPIC_STATES) as TopicState[];

export const TOPIC_ACTIONS = {
  // system: finishing an organiser's agenda change that his request left half done (cloudfunctions/councils/agenda.ts)
  accept: { label: '列入议程', roles: [...ORGANISERS, 'system'], moves: { proposed: 'accepted' }, reason: 'none' },
  decline: { label: '不予采纳', roles: ORGANISERS, moves: { proposed: 'declined' }, reason: 'required' },
  withdraw: { label: '撤回', roles: ['resident'], moves: { proposed: 'withdrawn' }, reason: 'optional' },
  unschedule: {
    label: '移出议程',
    roles: [...ORGANISERS, 'system'],
    moves: { accepted: 'proposed' },
    reason: 'optional',
  },
  discuss: { label: '议事会已讨论', roles: ['system'], moves: { accepted: 'discussed' }, reason: 'none' },
} as const satisfies Record<string, ActionSpec<TopicState>>;

export type TopicAction = keyof typeof TOPIC_ACTIONS;
export const TOPIC_ACTION_NAMES = Object.keys(TOPIC_ACTIONS) as TopicAction[];

export const isTopicOpen = (state: TopicState): boolean => TOPIC_STATES[state].category === 'open';
export const topicStateLabel = (state: TopicState): string => TOPIC_STATES[state].label;

// ── Meetings 议事会 ───────────────────────────────────────────────────────────────────────────────────────────

export const MEETING_STATES = {
  scheduled: { label: '待召开', hint: '报名截止前可报名或取消', category: 'open', tone: 'primary' },
  held: { label: '已召开', hint: '会议纪要整理中', category: 'open', tone: 'warning' },
  minutes_published: { label: '纪要已公开', hint: '会议纪要与决议见下方', category: 'closed', tone: 'success' },
  cancelled: { label: '已取消', hint: '会议已取消，理由见下方', category: 'closed', tone: 'default' },
} as const satisfies Record<string, StateSpec>;

export type MeetingState = keyof typeof MEETING_STATES;
export const MEETING_STATE_NAMES = Object.keys(MEETING_STATES) as MeetingState[];

export const MEETING_ACTIONS = {
  edit: { label: '修改', roles: ORGANISERS, moves: { scheduled: 'scheduled' }, reason: 'none', due: 'before_start' },
  cancel: {
    label: '取消会议',
    roles: ORGANISERS,
    moves: { scheduled: 'cancelled' },
    reason: 'required',
    due: 'before_start',
  },
  hold: {
    label: '会议已召开',
    roles: [...ORGANISERS, 'system'],
    moves: { scheduled: 'held' },
    reason: 'none',
    due: 'started',
  },
  publish_minutes: {
    label: '公开纪要',
    roles: ORGANISERS,
    moves: { scheduled: 'minutes_published', held: 'minutes_published' },
    reason: 'none',
    due: 'started',
  },
} as const satisfies Record<string, ActionSpec<MeetingState>>;

export type MeetingAction = keyof typeof MEETING_ACTIONS;
export const MEETING_ACTION_NAMES = Object.keys(MEETING_ACTIONS) as MeetingAction[];

export const isMeetingOpen = (state: MeetingState): boolean => MEETING_STATES[state].category === 'open';
export const meetingStateLabel = (state: MeetingState): string => MEETING_STATES[state].label;

// ── One stepping function for both machines ───────────────────────────────────────────────────────────────────

interface Machine<S extends string, A extends string> {
  noun: string;
  states: Record<S, StateSpec>;
  actions: Record<A, ActionSpec<S>>;
}

const TOPIC_MACHINE: Machine<TopicState, TopicAction> = { noun: '议题', states: TOPIC_STATES, actions: TOPIC_ACTIONS };
const MEETING_MACHINE: Machine<MeetingState, MeetingAction> = {
  noun: '会议',
  states: MEETING_STATES,
  actions: MEETING_ACTIONS,
};

/** The step as the record keeps it; the server adds who (user id, name). */
export interface CouncilStep<S extends string, A extends string> {
  action: A;
  from: S;
  to: S;
  role: Actor;
  at: string;
  reason: string;
}

export type CouncilTransition<S extends string, A extends string> =
  { ok: true; to: S; step: CouncilStep<S, A> } | Refusal;

const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

const DUE_REFUSALS: Record<Due, string> = {
  before_start: '会议已开始，不能',
  started: '会议尚未召开，不能',
};

const dueNow = (due: Due | undefined, startAt: string | undefined, at: string): boolean => {
  if (due === undefined) return true;
  const started = startAt !== undefined && isPast(startAt, at);
  return due === 'started' ? started : !started;
};

/**
 * Refusals, checked in this order: an unknown action → BAD_REQUEST; a closed state → INVALID_STATE; an actor the
 * action is never open to → FORBIDDEN; the action does not apply in this state → INVALID_STATE; a required reason
 * missing → VALIDATION_FAILED; an invalid time → BAD_REQUEST; too early or too late for the meeting's start →
 * INVALID_STATE (e.g. minutes for a meeting that has not happened).
 */
function step<S extends string, A extends string>(
  machine: Machine<S, A>,
  state: S,
  action: A,
  actor: Actor,
  context: { at: Date | string; reason?: string; startAt?: string },
): CouncilTransition<S, A> {
  const spec = machine.actions[action] as ActionSpec<S> | undefined;
  if (!spec) return refuse('BAD_REQUEST', `不支持的${machine.noun}操作`);
  const label = machine.states[state].label;
  if (machine.states[state].category === 'closed')
    return refuse('INVALID_STATE', `${machine.noun}${label}，不能再更改`);
  if (!spec.roles.includes(actor)) return refuse('FORBIDDEN', `您不能${spec.label}`);
  const to = spec.moves[state];
  if (to === undefined) return refuse('INVALID_STATE', `${machine.noun}${label}，不能${spec.label}`);
  const reason = (context.reason ?? '').trim();
  if (spec.reason === 'required' && reason.length === 0) return refuse('VALIDATION_FAILED', `${spec.label}须填写理由`);
  const time = new Date(context.at);
  if (Number.isNaN(time.getTime())) return refuse('BAD_REQUEST', '时间无效');
  const at = time.toISOString();
  if (!dueNow(spec.due, context.startAt, at)) return refuse('INVALID_STATE', `${DUE_REFUSALS[spec.due!]}${spec.label}`);
  return { ok: true, to, step: { action, from: state, to, role: actor, at, reason } };
}

function available<S extends string, A extends string>(
  machine: Machine<S, A>,
  state: S,
  actor: Actor,
  timing?: { startAt: string; now: Date | string },
): A[] {
  if (machine.states[state].category === 'closed') return [];
  return (Object.keys(machine.actions) as A[]).filter((name) => {
    const spec: ActionSpec<S> = machine.actions[name];
    if (!spec.roles.includes(actor) || spec.moves[state] === undefined) return false;
    return timing === undefined || dueNow(spec.due, timing.startAt, new Date(timing.now).toISOString());
  });
}

export const topicTransition = (
  state: TopicState,
  action: TopicAction,
  actor: Actor,
  context: { at: Date | string; reason?: string },
): CouncilTransition<TopicState, TopicAction> => step(TOPIC_MACHINE, state, action, actor, context);

export const meetingTransition = (
  meeting: { state: MeetingState; startAt: string },
  action: MeetingAction,
  actor: Actor,
  context: { at: Date | string; reason?: string },
): CouncilTransition<MeetingState, MeetingAction> =>
  step(MEETING_MACHINE, meeting.state, action, actor, { ...context, startAt: meeting.startAt });

/** A topic's buttons for an actor (for `resident`, the server shows them to the proposer only). */
export const topicActions = (state: TopicState, actor: Actor): TopicAction[] => available(TOPIC_MACHINE, state, actor);

/** A meeting's buttons for an actor now (edit and cancel until it starts; hold and minutes once it has). */
export const meetingActions = (
  meeting: { state: MeetingState; startAt: string },
  actor: Actor,
  now: Date | string,
): MeetingAction[] => available(MEETING_MACHINE, meeting.state, actor, { startAt: meeting.startAt, now });

/** A meeting takes check-in (签到) while scheduled or held (its time window: checkin.ts). */
export const takesCheckIn = (state: MeetingState): boolean => state === 'scheduled' || state === 'held';

/** What an organiser may do on a meeting's page besides its steps: 签到与到会情况, 决议转工单. */
export const ORGANISER_ACTION_NAMES = [...MEETING_ACTION_NAMES, 'check_in', 'resolution_to_order'] as const;
export type OrganiserAction = (typeof ORGANISER_ACTION_NAMES)[number];

/**
 * An organiser's buttons on a meeting now, decided on the server and rendered by the page: the steps the machine
 * allows him, check-in while the meeting takes it, and turning resolutions into orders once the minutes are out.
 */
export const organiserActions = (
  meeting: { state: MeetingState; startAt: string },
  actor: Actor,
  now: Date | string,
): OrganiserAction[] => [
  ...meetingActions(meeting, actor, now),
  ...(takesCheckIn(meeting.state) ? (['check_in'] as const) : []),
  ...(meeting.state === 'minutes_published' ? (['resolution_to_order'] as const) : []),
];

/** What the timer should do with a meeting now: mark it held once it has started. */
export const meetingTimerAction = (
  meeting: { state: MeetingState; startAt: string },
  now: Date | string,
): MeetingAction | null => (meeting.state === 'scheduled' && isPast(meeting.startAt, now) ? 'hold' : null);

// ── Backing a topic (附议) and the organisers' queue ──────────────────────────────────────────────────────────

export type Check = { ok: true } | Refusal;

/**
 * Backing: an open topic of the caller's own building, grid or community, not his own, once. The server makes it
 * one conditional update on the topic document (no read-modify-write):
 *   where  { _id: topicId, state: _.in(['proposed', 'accepted']), proposerId: _.neq(uid), backers: _.nin([uid]) }
 *   update { backers: _.push([uid]), backerCount: _.inc(1) }
 * `updated === 0` → re-read and answer with this check's refusal.
 */
export function checkBack(input: {
  state: TopicState;
  scope: CouncilScope;
  caller: Caller;
  isProposer: boolean;
  alreadyBacker: boolean;
}): Check {
  if (!isTopicOpen(input.state)) return refuse('INVALID_STATE', `议题${topicStateLabel(input.state)}，不能再附议`);
  if (input.caller.binding === null) return refuse('UNAUTHENTICATED', '请先绑定所在社区');
  if (!within(input.caller.binding, input.scope)) return refuse('FORBIDDEN', '只能附议本楼栋、本网格或本社区的议题');
  if (input.isProposer) return refuse('CONFLICT', '这是您自己提出的议题');
  if (input.alreadyBacker) return refuse('CONFLICT', '您已附议');
  return { ok: true };
}

/** The organisers' order: most backed first, then the oldest (server: orderBy backerCount desc, createdAt asc). */
export const compareByBacking = (
  a: { backerCount: number; createdAt: string },
  b: { backerCount: number; createdAt: string },
): number => b.backerCount - a.backerCount || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime();

// ── Scheduling rules ─────────────────────────────────────────────────────────────────────────────────────────

export const MAX_AGENDA_ITEMS = 10;
/** A council sits for half a day at most. */
export const MAX_MEETING_MS = 8 * 60 * 60 * 1000;

export interface Schedule {
  startAt: string;
  endAt: string;
  signUpDeadline: string;
}

/**
 * Times for a new meeting, or an edit of one (`before` given): it starts in the future and ends after it starts,
 * within MAX_MEETING_MS; sign-up closes no later than the start, and — unless an edit leaves it unchanged — after
 * now. Capacity on an edit is checked by `decideCapacity` (seats.ts).
 */
export function checkSchedule(next: Schedule, now: Date | string, before?: Schedule): Check {
  const ms = (iso: string) => new Date(iso).getTime();
  if ([next.startAt, next.endAt, next.signUpDeadline].some((t) => Number.isNaN(ms(t)))) {
    return refuse('VALIDATION_FAILED', '请选择有效的时间');
  }
  if (isPast(next.startAt, now)) return refuse('VALIDATION_FAILED', '开始时间应晚于现在');
  if (isPast(next.endAt, next.startAt)) return refuse('VALIDATION_FAILED', '结束时间应晚于开始时间');
  if (ms(next.endAt) - ms(next.startAt) > MAX_MEETING_MS) return refuse('VALIDATION_FAILED', '会议时长最多8小时');
  if (ms(next.signUpDeadline) > ms(next.startAt)) return refuse('VALIDATION_FAILED', '报名截止时间不能晚于开始时间');
  const deadlineKept = before !== undefined && ms(before.signUpDeadline) === ms(next.signUpDeadline);
  if (!deadlineKept && isPast(next.signUpDeadline, now)) return refuse('VALIDATION_FAILED', '报名截止时间应晚于现在');
  return { ok: true };
}

/** An edit that those signed up must hear about: the time or the place changed. */
export const mustNotifyOfEdit = (before: Schedule & { place: string }, after: Schedule & { place: string }): boolean =>
  new Date(before.startAt).getTime() !== new Date(after.startAt).getTime() ||
  new Date(before.endAt).getTime() !== new Date(after.endAt).getTime() ||
  before.place.trim() !== after.place.trim();

/** The agenda's topics that an edit adds (accept them) and removes (unschedule them). */
export function agendaChanges(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } {
  return {
    added: after.filter((id, i) => !before.includes(id) && after.indexOf(id) === i),
    removed: before.filter((id) => !after.includes(id)),
  };
}

/** Who hears that the minutes are out: attendees, and the proposers and backers of the agenda's topics — once. */
export function minutesRecipients(
  attended: readonly string[],
  topics: readonly { proposerId: string; backers: readonly string[] }[],
): string[] {
  return [...new Set([...attended, ...topics.flatMap((t) => [t.proposerId, ...t.backers])])];
}

// ── Resolutions and the five steps 五步工作法 ─────────────────────────────────────────────────────────────────

export const FIVE_STEPS = ['群众说事', '议事会议事', '支部理事', '部门干事', '领导帮助解决'] as const;

export interface ResolutionProgress {
  /** Index into FIVE_STEPS of the step the matter is at. */
  step: number;
  stepLabel: string;
  /** Its order reached a closed state (办结, or 驳回/撤销 — the order's own status says which). */
  finished: boolean;
}

/**
 * Where a resolution stands, for the meeting page: without an order it rests with the meeting (议事会议事); an
 * order the community holds or has not yet dispatched is 支部理事; one a unit or department holds is 部门干事; an
 * order escalated to the street for being overdue is 领导帮助解决.
 */
export function resolutionProgress(
  order: { state: OrderState; holder: 'unit' | 'community' | null; escalatedAt: string | null } | null,
): ResolutionProgress {
  const at = (step: number, finished: boolean): ResolutionProgress => ({
    step,
    stepLabel: FIVE_STEPS[step],
    finished,
  });
  if (order === null) return at(1, false);
  const finished = isOrderClosed(order.state);
  if (order.escalatedAt !== null) return at(4, finished);
  if (order.holder === 'unit' || order.state === 'dispatched') return at(3, finished);
  return at(2, finished);
}

/** A resolution becomes one service order, once, and only from published minutes. */
export function checkResolutionToOrder(meetingState: MeetingState, resolution: { orderId: string | null }): Check {
  if (meetingState !== 'minutes_published') return refuse('INVALID_STATE', '会议纪要公开后才能将决议转为工单');
  if (resolution.orderId !== null) return refuse('CONFLICT', '该决议已转为工单');
  return { ok: true };
}
