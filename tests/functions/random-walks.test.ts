/**
 * Random walks over one order, one complaint and one meeting at a time: from a freshly created document, 15–30
 * steps of (a random persona, a random action of the flow, a plausible payload), with the clock jumping ahead now
 * and then and the function's timer (`sweep`) run as the system. After every step:
 *  - no answer is malformed or INTERNAL, and a refused step writes nothing;
 *  - the stored status is a state of the machine, and the latest timeline event is a move the machine allows;
 *  - once closed, the status and the timeline never change again;
 *  - seats (a meeting's, a volunteer task's) never exceed capacity;
 *  - REPLAY: the timeline is a chain (each event's `from` is the previous `to`, levels too) ending at the stored
 *    status, and folding it through the shared machine from the document's start reproduces the stored state.
 */
import fc from 'fast-check';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_STATE_NAMES,
  complaintTransition,
  isComplaintClosed,
  newComplaint,
  type ComplaintAction,
  type ComplaintCategory,
  type ComplaintSnapshot,
} from '../../miniprogram/shared/complaints/machine';
import {
  isMeetingOpen,
  isTopicOpen,
  MEETING_ACTIONS,
  MEETING_STATE_NAMES,
  TOPIC_ACTIONS,
  TOPIC_STATE_NAMES,
  type MeetingState,
  type TopicState,
} from '../../miniprogram/shared/councils/machine';
import {
  isClosed,
  newOrder,
  ORDER_ACTIONS,
  ORDER_STATE_NAMES,
  transition,
  type OrderAction,
  type OrderSnapshot,
  type OrderState,
} from '../../miniprogram/shared/orders/machine';
import { holdsSlot, type ClaimState } from '../../miniprogram/shared/orders/tasks';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import { expectOk, startTestBackend, type TestBackend } from '../helpers/functions';
import {
  act,
  outcomes,
  addUsers,
  checkChain,
  pick,
  steps,
  stored,
  sweep,
  TerminalWatch,
  type Move,
  type Step,
  type TrackedDoc,
} from '../helpers/robustness/walks';

const NOW = new Date('2026-11-02T09:00:00+08:00');
const RUNS = Number(process.env.WALK_RUNS) || 60;

/** What the walks reached (WALK_STATS=1 prints it): walks that never leave the first state test little. */
const reached: Record<string, Record<string, number>> = {};
const count = (machine: string, key: string) => {
  const m = (reached[machine] ??= {});
  m[key] = (m[key] ?? 0) + 1;
};
afterAll(() => {
  if (process.env.WALK_STATS) console.log(JSON.stringify({ reached, outcomes }, null, 1));
});

let backend: TestBackend | undefined;
afterEach(() => {
  backend?.close();
  backend = undefined;
});

/** A walk's moving parts: the clock, and what happened (printed when a check fails). */
class Walk {
  now = NOW;
  readonly log: string[] = [];
  constructor(readonly backend: TestBackend) {
    backend.setNow(NOW);
  }
  later(hours: number) {
    this.now = new Date(this.now.getTime() + hours * 3600_000);
    this.backend.setNow(this.now);
    this.log.push(`+${hours}h → ${this.now.toISOString()}`);
  }
  iso(hours: number) {
    return new Date(this.now.getTime() + hours * 3600_000).toISOString();
  }
  fail(message: string): never {
    throw new Error(`${message}\n${this.log.join('\n')}`);
  }
}

const REASONS = ['不在服务范围', '  ', '还是没有解决', '{"$gt": ""}', '理由'.repeat(100), '👍👍'];

/**
 * Runs a walk's plan: each move as the walk prepares it (who, which action, what payload), time jumps with the
 * timer, and bursts of concurrent moves; `check` after every step.
 */
async function drive(
  walk: Walk,
  fn: string,
  plan: Step[],
  check: () => void,
  prepare: (move: Move) => { who: string; action: string; payload: unknown },
): Promise<void> {
  check();
  for (const step of plan) {
    if (step.kind === 'tick') {
      walk.later(step.hours);
      await sweep(fn, walk.now);
    } else if (step.kind === 'act') {
      const { who, action, payload } = prepare(step);
      await act(walk.backend, who, fn, action, payload, walk.log);
    } else {
      walk.log.push(`burst of ${step.moves.length}${step.withSweep ? ' with the timer' : ''}:`);
      const moves = step.moves.map(prepare);
      await Promise.all([
        ...moves.map(({ who, action, payload }) => act(walk.backend, who, fn, action, payload, walk.log, false)),
        ...(step.withSweep ? [sweep(fn, walk.now)] : []),
      ]);
    }
    check();
  }
}

// ── Orders ────────────────────────────────────────────────────────────────────────────────────────────────────

interface TaskDoc {
  id: string;
  slots: number;
  free: number;
  active: string[];
  claims: Record<string, { userId: string; state: ClaimState }>;
}
interface OrderDoc extends TrackedDoc {
  status: OrderState;
  tier: OrderSnapshot['tier'];
  createdAt: string;
  stateSince: string;
  deadline: string | null;
  holder: OrderSnapshot['holder'];
  reworkCount: number;
  escalatedAt: string | null;
  task: TaskDoc | null;
  timeline: Array<{ action: string; from: OrderState; to: OrderState; role: Actor; at: string; reason: string }>;
}

const ORDER_CATEGORIES = ['water_supply', 'home_repair', 'heating', 'cleaning', 'other'];
const ORDER_PERSONAS = [
  'demo-resident',
  'demo-resident-changsheng',
  'demo-community-staff',
  'demo-staff-changsheng',
  'demo-unit-member',
  'demo-department-member',
  'demo-party-member',
  'volunteer-0',
  'volunteer-1',
  'demo-street-staff',
  'demo-admin',
  'demo-newcomer',
];

type Payload = (ctx: { id: string; taskId: string; topicId?: string; walk: Walk; v: number }) => unknown;
/** An action of the flow: who usually takes it, and a plausible payload (now and then a wrong one). */
type FlowStep = [
  action: string,
  by: readonly string[] | ((doc: TrackedDoc) => string[]),
  payload: Payload,
  weight?: number,
];

/** Each step as many times as its weight, so that a uniform pick follows the weights. */
const weighted = (flow: FlowStep[]): FlowStep[] => flow.flatMap((s) => Array<FlowStep>(s[3] ?? 1).fill(s));
const actorsFor = (by: FlowStep[1], doc: TrackedDoc): readonly string[] => (typeof by === 'function' ? by(doc) : by);

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/**
 * The states in which the machine lets the API action move (its snake_case name, or an alias), null for actions
 * that are not a machine step (reads, claims, sign-ups: `extra` says where those make sense).
 */
function statesFor(
  machine: Record<string, { moves: Partial<Record<string, string>> }>,
  action: string,
  aliases: Record<string, string[]> = {},
): string[] | null {
  const names = aliases[action] ?? [snake(action)];
  const specs = names.map((n) => machine[n]).filter(Boolean);
  return specs.length ? specs.flatMap((spec) => Object.keys(spec.moves)) : null;
}

/**
 * Usually (a `natural` step) one of the steps that apply in the document's state — so that walks get deep — and
 * otherwise any step of the flow, by anyone.
 */
function choose(
  flow: FlowStep[],
  step: Extract<Step, { kind: 'act' }>,
  doc: TrackedDoc,
  applies: (action: string) => string[] | null,
): FlowStep {
  if (!step.natural) return pick(flow, step.what);
  const fitting = flow.filter(([action]) => {
    const states = applies(action);
    return states === null || states.includes(doc.status);
  });
  return pick(fitting.length ? fitting : flow, step.what);
}

const RESIDENT = ['demo-resident'];
const STAFF = ['demo-community-staff'];
/** The side holding the order does its work: the unit it accepted, or the community (社区自办). */
const HOLDERS = (doc: TrackedDoc) =>
  doc.holder === 'community'
    ? ['demo-community-staff']
    : doc.holder === 'unit'
      ? ['demo-unit-member']
      : ['demo-unit-member', 'demo-community-staff'];
const VOLUNTEERS = ['demo-party-member', 'volunteer-0', 'volunteer-1'];
const ORDER_STEPS: FlowStep[] = weighted([
  ['cancel', RESIDENT, ({ id, v }) => (v % 2 ? { orderId: id } : { orderId: id, reason: '不需要了' })],
  [
    'dispatch',
    STAFF,
    ({ id, v }) => ({
      orderId: id,
      unitId: pick(['un-dexuan-property', 'un-dexuan-property', 'un-power-supply', 'cm-xiongguan'], v),
    }),
    3,
  ],
  ['handleSelf', STAFF, ({ id }) => ({ orderId: id }), 2],
  ['reject', STAFF, ({ id, v }) => ({ orderId: id, reason: pick(REASONS, v) })],
  ['accept', ['demo-unit-member'], ({ id }) => ({ orderId: id }), 4],
  ['returnToCommunity', ['demo-unit-member'], ({ id, v }) => ({ orderId: id, reason: pick(REASONS, v) })],
  [
    'publishTask',
    HOLDERS,
    ({ id, walk, v }) => ({
      orderId: id,
      title: '协助维修',
      description: '',
      place: '德轩小区1号楼',
      slots: 1 + (v % 3),
      startAt: walk.iso((v % 4) - 1),
      endAt: walk.iso((v % 4) + 2),
    }),
    3,
  ],
  ['complete', HOLDERS, ({ id, v }) => ({ orderId: id, notes: v % 3 ? '已修好' : '  ' }), 3],
  ['claim', VOLUNTEERS, ({ taskId }) => ({ taskId }), 2],
  ['claim', VOLUNTEERS, ({ taskId }) => ({ taskId }), 2],
  ['withdraw', VOLUNTEERS, ({ taskId }) => ({ taskId })],
  ['checkIn', VOLUNTEERS, ({ taskId }) => ({ taskId }), 3],
  ['report', VOLUNTEERS, ({ taskId }) => ({ taskId, notes: '已完成' }), 3],
  ['confirm', RESIDENT, ({ id }) => ({ orderId: id }), 3],
  ['notFixed', RESIDENT, ({ id, v }) => ({ orderId: id, reason: pick(REASONS, v) })],
  ['rate', RESIDENT, ({ id, v }) => ({ orderId: id, as: 'resident', stars: 1 + (v % 5) }), 3],
  ['rate', STAFF, ({ id, v }) => ({ orderId: id, as: v % 4 ? 'community' : 'resident', stars: 1 + (v % 5) }), 3],
  ['getDetail', ['demo-resident', 'demo-street-staff', 'demo-admin'], ({ id }) => ({ orderId: id })],
]);

const orderStates = (action: string) =>
  ['claim', 'withdraw', 'checkIn', 'report'].includes(action)
    ? ['published']
    : statesFor(ORDER_ACTIONS, action, { rate: ['rate_by_resident', 'rate_by_community'] });

/** Folds the timeline through the shared machine from the order's creation. */
function replayOrder(order: OrderDoc): OrderSnapshot | string {
  const [first, ...rest] = order.timeline;
  if (first.action !== 'create' || first.from !== 'submitted' || first.to !== 'submitted') {
    return `the timeline starts with ${first.action} ${first.from}→${first.to}`;
  }
  let snapshot = newOrder(order.tier, order.createdAt);
  for (const [i, e] of rest.entries()) {
    const r = transition(snapshot, e.action as OrderAction, e.role, { at: e.at, reason: e.reason });
    if (!r.ok) return `event ${i + 2} (${e.action} by ${e.role} at ${e.at}) does not replay: ${r.code} ${r.message}`;
    if (r.step.to !== e.to) return `event ${i + 2} (${e.action}) replays to ${r.step.to}, the timeline says ${e.to}`;
    snapshot = r.order;
  }
  return snapshot;
}

function checkOrder(order: OrderDoc, watch: TerminalWatch): string | null {
  if (!ORDER_STATE_NAMES.includes(order.status)) return `unknown status ${order.status}`;
  const last = order.timeline[order.timeline.length - 1];
  if (last.action !== 'create') {
    const spec = ORDER_ACTIONS[last.action as OrderAction] as { moves: Record<string, string> } | undefined;
    if (!spec || spec.moves[last.from] !== last.to)
      return `the machine has no move ${last.action} ${last.from}→${last.to}`;
  }
  const chain = checkChain(order);
  if (chain) return chain;
  const terminal = watch.check(order);
  if (terminal) return terminal;
  if (order.task) {
    const active = Object.values(order.task.claims).filter((c) => holdsSlot(c.state));
    if (active.length > order.task.slots) return `${active.length} active claims on ${order.task.slots} slots`;
    if (order.task.active.length !== active.length) return `task.active ${order.task.active.length} ≠ ${active.length}`;
    if (order.task.free !== order.task.slots - active.length) return `task.free ${order.task.free} is wrong`;
  }
  count('order.status', order.status);
  const replayed = replayOrder(order);
  if (typeof replayed === 'string') return replayed;
  const want = {
    state: order.status,
    holder: order.holder,
    reworkCount: order.reworkCount,
    escalatedAt: order.escalatedAt,
    deadline: order.deadline,
    stateSince: order.stateSince,
  };
  const got = {
    state: replayed.state,
    holder: replayed.holder,
    reworkCount: replayed.reworkCount,
    escalatedAt: replayed.escalatedAt,
    deadline: replayed.deadline,
    stateSince: replayed.stateSince,
  };
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    return `replay gives ${JSON.stringify(got)}, stored ${JSON.stringify(want)}`;
  }
  return null;
}

async function walkOrder(b: TestBackend, plan: Step[]): Promise<void> {
  const walk = new Walk(b);
  await addUsers(
    'volunteer',
    2,
    () => ({
      roles: [{ role: 'party_member', scopeType: 'community', scopeId: 'cm-xiongguan', scopeName: '雄关社区' }],
    }),
    NOW,
  );
  const created = expectOk(
    await b.call('demo-resident', 'orders', 'create', {
      requestId: 'walk-order-0001',
      categoryId: pick(ORDER_CATEGORIES, plan.length),
      description: '厨房水管漏水，需要维修',
    }),
  );
  const id = created.id;
  const watch = new TerminalWatch((s) => isClosed(s as OrderState));
  const check = () => {
    const problem = checkOrder(stored<OrderDoc>(b, 'orders', id), watch);
    if (problem) walk.fail(problem);
  };
  await drive(walk, 'orders', plan, check, (step) => {
    const order = stored<OrderDoc>(b, 'orders', id);
    const [action, by, payload] = choose(ORDER_STEPS, step, order, orderStates);
    const taskId = order.task?.id ?? 'no-task-yet';
    const who = pick(step.natural ? actorsFor(by, order) : ORDER_PERSONAS, step.who);
    return { who, action, payload: payload({ id, taskId, walk, v: step.variant }) };
  });
}

// ── Complaints ────────────────────────────────────────────────────────────────────────────────────────────────

interface ComplaintDoc extends TrackedDoc {
  status: ComplaintSnapshot['state'];
  level: ComplaintSnapshot['level'];
  category: ComplaintCategory;
  companyId: string | null;
  createdAt: string;
  stateSince: string;
  levelSince: string;
  deadline: string | null;
  escalations: number;
  supporters: string[];
  timeline: Array<{
    action: string;
    from: ComplaintSnapshot['state'];
    to: ComplaintSnapshot['state'];
    fromLevel: ComplaintSnapshot['level'];
    toLevel: ComplaintSnapshot['level'];
    role: Actor;
    at: string;
    reason: string;
  }>;
}

const COMPLAINT_CATEGORIES: ComplaintCategory[] = ['heating', 'noise', 'parking', 'elevator'];
const COMPLAINT_PERSONAS = [
  'demo-resident',
  'demo-party-member',
  'demo-resident-changsheng',
  'demo-unit-member',
  'demo-department-member',
  'demo-community-staff',
  'demo-staff-changsheng',
  'demo-street-staff',
  'demo-admin',
  'demo-newcomer',
];
/** Whoever holds the complaint at its level. */
const HANDLERS = (doc: TrackedDoc) => [
  {
    company: 'demo-unit-member',
    community: 'demo-community-staff',
    street: 'demo-street-staff',
    department: 'demo-department-member',
  }[doc.level as string] ?? 'demo-admin',
];
const COMPLAINT_STEPS: FlowStep[] = weighted([
  ['acknowledge', HANDLERS, ({ id, v }) => (v % 2 ? { complaintId: id } : { complaintId: id, note: '已受理' }), 3],
  ['answer', HANDLERS, ({ id, v }) => ({ complaintId: id, notes: pick(['已排气', '已处理，请查看', '  '], v) }), 4],
  ['satisfied', RESIDENT, ({ id }) => ({ complaintId: id }), 2],
  ['notSatisfied', RESIDENT, ({ id, v }) => ({ complaintId: id, reason: pick(REASONS, v) }), 3],
  [
    'rate',
    RESIDENT,
    ({ id, v }) => ({ complaintId: id, stars: 1 + (v % 5), ...(v % 2 ? { comment: '很好' } : {}) }),
    3,
  ],
  [
    'refer',
    ['demo-community-staff', 'demo-street-staff'],
    ({ id, v }) => {
      const department = pick([undefined, 'un-housing-dept', 'un-urban-mgmt-dept', 'un-dexuan-property', 'nope'], v);
      return department
        ? { complaintId: id, reason: '需要协调', departmentId: department }
        : { complaintId: id, reason: '需要协调' };
    },
    2,
  ],
  [
    'closeNotResponsible',
    ['demo-community-staff', 'demo-street-staff'],
    ({ id, v }) => ({ complaintId: id, reason: pick(REASONS, v) }),
  ],
  ['meToo', ['demo-party-member'], ({ id }) => ({ complaintId: id }), 2],
  ['getDetail', ['demo-resident', 'demo-party-member', 'demo-admin'], ({ id }) => ({ complaintId: id })],
]);

const complaintStates = (action: string) =>
  action === 'meToo' ? ['filed', 'acknowledged', 'answered', 'confirmed'] : statesFor(COMPLAINT_ACTIONS, action);

function replayComplaint(c: ComplaintDoc): ComplaintSnapshot | string {
  const [first, ...rest] = c.timeline;
  let snapshot = newComplaint(c.category, c.companyId, c.createdAt);
  if (first.action !== 'create' || first.to !== 'filed' || first.toLevel !== snapshot.level) {
    return `the timeline starts with ${first.action} → ${first.to}@${first.toLevel}`;
  }
  for (const [i, e] of rest.entries()) {
    if (e.action === 'me_too') {
      if (e.from !== e.to || e.fromLevel !== e.toLevel) return `a me_too event moved ${e.from}→${e.to}`;
      continue;
    }
    const r = complaintTransition(snapshot, e.action as ComplaintAction, e.role, { at: e.at, reason: e.reason });
    if (!r.ok) return `event ${i + 2} (${e.action} by ${e.role} at ${e.at}) does not replay: ${r.code} ${r.message}`;
    if (r.step.to !== e.to || r.step.toLevel !== e.toLevel) {
      return `event ${i + 2} (${e.action}) replays to ${r.step.to}@${r.step.toLevel}, the timeline says ${e.to}@${e.toLevel}`;
    }
    snapshot = r.complaint;
  }
  return snapshot;
}

function checkComplaint(c: ComplaintDoc, watch: TerminalWatch): string | null {
  if (!COMPLAINT_STATE_NAMES.includes(c.status)) return `unknown status ${c.status}`;
  const last = c.timeline[c.timeline.length - 1];
  if (last.action !== 'create' && last.action !== 'me_too') {
    const spec = COMPLAINT_ACTIONS[last.action as ComplaintAction] as { moves: Record<string, string> } | undefined;
    if (!spec?.moves[last.from]) return `the machine has no move ${last.action} from ${last.from}`;
  }
  const chain = checkChain(c, 'level');
  if (chain) return chain;
  const terminal = watch.check(c);
  if (terminal) return terminal;
  if (new Set(c.supporters).size !== c.supporters.length) return `duplicate supporters ${c.supporters.join(',')}`;
  count('complaint.status', `${c.status}@${c.level}`);
  const replayed = replayComplaint(c);
  if (typeof replayed === 'string') return replayed;
  const fields = ['level', 'deadline', 'escalations', 'levelSince', 'stateSince'] as const;
  const want = { state: c.status, ...Object.fromEntries(fields.map((f) => [f, c[f]])) };
  const got = { state: replayed.state, ...Object.fromEntries(fields.map((f) => [f, replayed[f]])) };
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    return `replay gives ${JSON.stringify(got)}, stored ${JSON.stringify(want)}`;
  }
  return null;
}

async function walkComplaint(b: TestBackend, plan: Step[]): Promise<void> {
  const walk = new Walk(b);
  const created = expectOk(
    await b.call('demo-resident', 'complaints', 'file', {
      requestId: 'walk-complaint-0001',
      category: pick(COMPLAINT_CATEGORIES, plan.length),
      description: '问题一直没有解决，请尽快处理',
    }),
  );
  const id = created.id;
  const watch = new TerminalWatch((s) => isComplaintClosed(s as ComplaintSnapshot['state']));
  const check = () => {
    const problem = checkComplaint(stored<ComplaintDoc>(b, 'complaints', id), watch);
    if (problem) walk.fail(problem);
  };
  await drive(walk, 'complaints', plan, check, (step) => {
    const complaint = stored(b, 'complaints', id);
    const [action, by, payload] = choose(COMPLAINT_STEPS, step, complaint, complaintStates);
    const who = pick(step.natural ? actorsFor(by, complaint) : COMPLAINT_PERSONAS, step.who);
    return { who, action, payload: payload({ id, taskId: '', walk, v: step.variant }) };
  });
}

// ── Meetings ──────────────────────────────────────────────────────────────────────────────────────────────────

interface MeetingDoc extends TrackedDoc {
  status: MeetingState;
  capacity: number;
  confirmed: string[];
  waitlist: string[];
  confirmedCount: number;
  waitlistCount: number;
  freeSeats: number;
  codes: Record<string, string>;
  attended: string[];
  timeline: Array<{ action: string; from: MeetingState; to: MeetingState; role: Actor; at: string; reason: string }>;
}

const NEIGHBOURS = 4;
const MEETING_PERSONAS = [
  'demo-community-staff',
  'demo-grid-worker',
  'demo-staff-changsheng',
  'demo-resident',
  'demo-party-member',
  'demo-resident-changsheng',
  'demo-newcomer',
  ...Array.from({ length: NEIGHBOURS }, (_, i) => `neighbour-${i}`),
];
const attendees = [
  'demo-resident',
  'demo-party-member',
  ...Array.from({ length: NEIGHBOURS }, (_, i) => `neighbour-${i}`),
];

const ORGANISERS = ['demo-community-staff'];
const MEETING_STEPS: FlowStep[] = weighted([
  ['signUp', attendees, ({ id }) => ({ meetingId: id }), 2],
  ['signUp', attendees, ({ id }) => ({ meetingId: id }), 2],
  ['cancelSignUp', attendees, ({ id }) => ({ meetingId: id }), 2],
  [
    'updateMeeting',
    ORGANISERS,
    ({ id, walk, v }) => {
      switch (v % 4) {
        case 0:
          return { meetingId: id, capacity: 1 + (v % 3) };
        case 1:
          return { meetingId: id, capacity: 1 + ((v + 1) % 5), title: '加装电梯专题议事会' };
        case 2:
          return { meetingId: id, startAt: walk.iso(3), endAt: walk.iso(5), signUpDeadline: walk.iso(1) };
        default:
          return { meetingId: id, place: '社区活动室' };
      }
    },
    2,
  ],
  ['cancelMeeting', ORGANISERS, ({ id, v }) => ({ meetingId: id, reason: pick(REASONS, v) })],
  [
    'publishMinutes',
    ORGANISERS,
    ({ id, v }) => ({
      meetingId: id,
      minutes: '会议讨论了加装电梯的方案，形成决议',
      resolutions: v % 2 ? [{ text: '成立加装电梯工作组' }] : [],
    }),
    2,
  ],
  ['checkIn', ORGANISERS, ({ id, taskId }) => ({ meetingId: id, code: taskId }), 2],
  ['checkIn', ORGANISERS, ({ id, taskId }) => ({ meetingId: id, code: taskId }), 2],
  ['attendance', ORGANISERS, ({ id }) => ({ meetingId: id })],
  ['getMeeting', attendees, ({ id }) => ({ meetingId: id })],
  // 群众说事: the walk's topic, taken onto this meeting's agenda, off it, declined, withdrawn, backed
  ['acceptTopic', ORGANISERS, ({ id, topicId }) => ({ topicId, meetingId: id }), 2],
  ['updateMeeting', ORGANISERS, ({ id, topicId, v }) => ({ meetingId: id, topicIds: v % 2 ? [topicId] : [] })],
  ['declineTopic', ORGANISERS, ({ topicId, v }) => ({ topicId, reason: pick(REASONS, v) })],
  ['withdrawTopic', ['demo-resident'], ({ topicId }) => ({ topicId })],
  ['backTopic', attendees, ({ topicId }) => ({ topicId })],
]);

const meetingStates = (action: string) =>
  ['signUp', 'cancelSignUp'].includes(action)
    ? ['scheduled']
    : action === 'checkIn'
      ? ['scheduled', 'held']
      : statesFor(MEETING_ACTIONS, action, {
          updateMeeting: ['edit'],
          cancelMeeting: ['cancel'],
          attendance: [],
          getMeeting: [],
          acceptTopic: [],
          declineTopic: [],
          withdrawTopic: [],
          backTopic: [],
        });

interface TopicDoc extends TrackedDoc {
  status: TopicState;
  backers: string[];
  backerCount: number;
  meetingId: string | null;
  agenda?: never;
}

/** The topic on its own (its machine, its backers), and against the meeting whose agenda it may be on. */
function checkTopic(t: TopicDoc, m: MeetingDoc & { agenda: Array<{ topicId: string | null }> }, watch: TerminalWatch) {
  if (!TOPIC_STATE_NAMES.includes(t.status)) return `unknown topic status ${t.status}`;
  const [first] = t.timeline;
  if (first.action !== 'propose' || first.to !== 'proposed') return `the topic starts with ${first.action}→${first.to}`;
  const last = t.timeline[t.timeline.length - 1];
  if (last.action !== 'propose') {
    const spec = TOPIC_ACTIONS[last.action as keyof typeof TOPIC_ACTIONS] as
      { moves: Record<string, string> } | undefined;
    if (!spec || spec.moves[last.from] !== last.to)
      return `the topic machine has no move ${last.action} ${last.from}→${last.to}`;
  }
  const chain = checkChain(t);
  if (chain) return `topic: ${chain}`;
  const terminal = watch.check(t);
  if (terminal) return `topic: ${terminal}`;
  if (t.backerCount !== t.backers.length || new Set(t.backers).size !== t.backers.length) {
    return `backerCount ${t.backerCount}, backers ${t.backers.join(',')}`;
  }
  count('topic.status', `${t.status} (meeting ${m.status})`);
  const onAgenda = m.agenda.some((item) => item.topicId === t._id);
  if (t.status === 'accepted') {
    if (t.meetingId !== m._id) return `accepted onto ${t.meetingId}, not the walk's meeting`;
    if (!onAgenda) return `accepted, but not on the meeting's agenda`;
    if (!isMeetingOpen(m.status)) return `still accepted onto a meeting that is ${m.status}`;
  }
  if (t.status === 'proposed' && onAgenda && isMeetingOpen(m.status))
    return `on the agenda of a ${m.status} meeting, but only proposed`;
  if (t.status === 'discussed' && m.status !== 'minutes_published') return `discussed, but the meeting is ${m.status}`;
  if (m.status === 'minutes_published' && onAgenda && t.status !== 'discussed') {
    return `on the agenda of published minutes, but ${t.status}`;
  }
  return null;
}

function checkMeeting(m: MeetingDoc, watch: TerminalWatch): string | null {
  if (!MEETING_STATE_NAMES.includes(m.status)) return `unknown status ${m.status}`;
  const last = m.timeline[m.timeline.length - 1];
  if (last.action !== 'create') {
    const spec = MEETING_ACTIONS[last.action as keyof typeof MEETING_ACTIONS] as
      { moves: Record<string, string> } | undefined;
    if (!spec || spec.moves[last.from] !== last.to)
      return `the machine has no move ${last.action} ${last.from}→${last.to}`;
  }
  const [first] = m.timeline;
  if (first.action !== 'create' || first.from !== 'scheduled' || first.to !== 'scheduled') {
    return `the timeline starts with ${first.action} ${first.from}→${first.to}`;
  }
  const chain = checkChain(m);
  if (chain) return chain;
  const terminal = watch.check(m);
  if (terminal) return terminal;
  if (m.confirmed.length > m.capacity) return `${m.confirmed.length} confirmed on ${m.capacity} seats`;
  if (m.confirmedCount !== m.confirmed.length) return `confirmedCount ${m.confirmedCount} ≠ ${m.confirmed.length}`;
  if (m.waitlistCount !== m.waitlist.length) return `waitlistCount ${m.waitlistCount} ≠ ${m.waitlist.length}`;
  if (m.freeSeats !== m.capacity - m.confirmed.length)
    return `freeSeats ${m.freeSeats} with ${m.confirmed.length}/${m.capacity}`;
  count('meeting.status', `${m.status} ${m.confirmed.length}/${m.capacity}+${m.waitlist.length}`);
  const everyone = [...m.confirmed, ...m.waitlist];
  if (new Set(everyone).size !== everyone.length) return `someone holds two places: ${everyone.join(',')}`;
  // a seat free while someone waits: the waitlist should have moved up (only while sign-up can still change)
  if (m.status === 'scheduled' && m.waitlist.length > 0 && m.confirmed.length < m.capacity) {
    return `${m.capacity - m.confirmed.length} free seats while ${m.waitlist.length} wait`;
  }
  return null;
}

async function walkMeeting(b: TestBackend, plan: Step[]): Promise<void> {
  const walk = new Walk(b);
  await addUsers(
    'neighbour',
    NEIGHBOURS,
    (i) => ({
      streetId: 'st-xiongguan',
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: `bd-dexuan-${(i % 4) + 1}`,
      gridId: i % 2 ? 'gr-xiongguan-2' : 'gr-xiongguan-1',
      roles: [],
    }),
    NOW,
  );
  const startIn = pick([3, 30, 100], plan.length);
  const created = expectOk(
    await b.call('demo-community-staff', 'councils', 'createMeeting', {
      requestId: 'walk-meeting-0001',
      level: 'community',
      placeId: 'cm-xiongguan',
      title: '加装电梯议事会',
      startAt: walk.iso(startIn),
      endAt: walk.iso(startIn + 2),
      signUpDeadline: walk.iso(startIn - 1),
      place: '党群服务中心',
      capacity: 1 + (plan.length % 3),
    }),
  );
  const id = created.id;
  const topic = expectOk(
    await b.call('demo-resident', 'councils', 'proposeTopic', {
      requestId: 'walk-topic-0001',
      level: 'community',
      title: '老旧小区加装电梯',
      description: '德轩小区多为老人，上下楼困难',
    }),
  );
  const watch = new TerminalWatch((s) => !isMeetingOpen(s as MeetingState));
  const topicWatch = new TerminalWatch((s) => !isTopicOpen(s as TopicState));
  const check = () => {
    const meeting = stored<MeetingDoc & { agenda: Array<{ topicId: string | null }> }>(b, 'meetings', id);
    const problem =
      checkMeeting(meeting, watch) ?? checkTopic(stored<TopicDoc>(b, 'topics', topic.id), meeting, topicWatch);
    if (problem) walk.fail(problem);
  };
  await drive(walk, 'councils', plan, check, (step) => {
    const m = stored<MeetingDoc>(b, 'meetings', id);
    const [action, by, payload] = choose(MEETING_STEPS, step, m, meetingStates);
    const who = pick(step.natural ? actorsFor(by, m) : MEETING_PERSONAS, step.who);
    // check-in takes someone's code (or a wrong one)
    const codes = [...Object.values(m.codes), '000000', '12345'];
    const code = pick(codes, step.variant);
    return { who, action, payload: payload({ id, taskId: code, topicId: topic.id, walk, v: step.variant }) };
  });
}

// ── The properties ────────────────────────────────────────────────────────────────────────────────────────────

const property = (run: (b: TestBackend, plan: Step[]) => Promise<void>) =>
  fc.assert(
    fc.asyncProperty(steps(), async (plan) => {
      backend?.close();
      backend = await startTestBackend();
      await run(backend, plan);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );

describe('random walks', () => {
  it('over an order: valid states, frozen once closed, seats within slots, and the timeline replays', async () => {
    await property(walkOrder);
  }, 60_000);

  it('over a complaint: valid states and levels, frozen once closed, and the timeline replays', async () => {
    await property(walkComplaint);
  }, 60_000);

  it('over a meeting and a topic: valid states, frozen once closed, seats within capacity, agenda consistent, and the timelines chain', async () => {
    await property(walkMeeting);
  }, 60_000);
});
