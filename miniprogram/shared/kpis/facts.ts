/**
 * What one order or complaint adds to the measures 三率 (and their companions): counts, never rates, so that any
 * window's figures are the sums of its days' counts. docs/kpis.md states each rule; the tests read like it.
 *
 * Every figure comes from the document's own timeline (the machines' steps) and, for a clock still running, the
 * moment `asOf` the figures are taken: an order nobody has accepted 3 hours after it arrived is late now, not
 * "not yet known". Each document counts on the China day it was created (its cohort).
 */
import type { ComplaintLevel, ComplaintTier } from '../complaints/machine';
import { answerDeadline } from '../complaints/machine';
import { ACCEPT_WITHIN_MS, TIME_LIMIT_TIERS, type TimeLimitTier } from '../orders/catalogue';

/** The counts a cell keeps. Each rate is a numerator over its denominator (docs/kpis.md). */
export const COUNT_NAMES = [
  'orders',
  'complaints',
  /** 响应率: receptions (受理/接单 clocks) decided — answered, or run out — and those answered in time. */
  'responseDue',
  'respondedOnTime',
  /** 解决率: outcomes known (resolved, or ended unresolved) and those resolved. */
  'resolveDue',
  'resolved',
  /** 满意率: resident ratings, and those of 4 or 5 stars. */
  'rated',
  'satisfied',
  /** 按时办结率: resolved ones and open ones past their limit; the resolved ones finished within it. */
  'closeDue',
  'closedOnTime',
  /** 发回重办率: answered at least once (办结/答复), and sent back at least once (发回重办/不满意). */
  'answered',
  'reworked',
  /** Minutes from creation to the finishing answer, summed over the resolved ones (average time to close). */
  'closeMinutes',
] as const;
export type CountName = (typeof COUNT_NAMES)[number];
export type Counts = Record<CountName, number>;

export const zeroCounts = (): Counts => Object.fromEntries(COUNT_NAMES.map((n) => [n, 0])) as Counts;

/** a + b, into a. */
export function addCounts(into: Partial<Counts>, more: Partial<Counts>): Partial<Counts> {
  for (const name of COUNT_NAMES) {
    const v = more[name];
    if (v) into[name] = (into[name] ?? 0) + v;
  }
  return into;
}

/** Milliseconds of an ISO time or a moment. */
const ms = (at: Date | string | number) => new Date(at).getTime();

// ── orders ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface KpiOrderEvent {
  action: string;
  from: string;
  to: string;
  at: string;
}

/** What the measures read of an order. */
export interface KpiOrder {
  createdAt: string;
  tier: TimeLimitTier;
  status: string;
  /** The current clock's deadline: while it is worked on (处理中, 党员领单中), its 办结 deadline. */
  deadline: string | null;
  timeline: readonly KpiOrderEvent[];
  residentStars: number | null;
}

/** Whose reception a clock measures: the community's 受理 or the unit's 接单. */
export type Receiver = 'community' | 'unit';

interface Reception {
  receiver: Receiver;
  onTime: boolean;
}

const RECEIVING: Record<string, Receiver> = { submitted: 'community', dispatched: 'unit' };

/**
 * The order's receptions: each stay in 待受理 (the community's, 2 h) or 待单位接单 (the unit's, 2 h) that ended by
 * someone answering (派单, 自办, 驳回, 接单, 退回社区) — in time or not — or is still waiting past its 2 h. A stay the
 * resident ended by 撤销 measures nobody; one still within its 2 h is not decided yet.
 */
export function orderReceptions(order: KpiOrder, asOf: Date | string): Reception[] {
  const out: Reception[] = [];
  let open: { receiver: Receiver; since: number; state: string } | null = {
    receiver: 'community',
    since: ms(order.createdAt),
    state: 'submitted',
  };
  for (const e of order.timeline) {
    if (e.action === 'create' || e.from === e.to) continue;
    if (open && e.from === open.state) {
      if (e.action !== 'cancel')
        out.push({ receiver: open.receiver, onTime: ms(e.at) - open.since <= ACCEPT_WITHIN_MS });
      open = null;
    }
    const receiver = RECEIVING[e.to];
    if (receiver) open = { receiver, since: ms(e.at), state: e.to };
  }
  if (open && ms(asOf) - open.since > ACCEPT_WITHIN_MS) {
    out.push({ receiver: open.receiver, onTime: false });
  }
  return out;
}

const WORKED_ON = new Set(['accepted', 'published']);

/**
 * An order's counts. `receiver` narrows 响应率 to one side's receptions: a unit answers for its 接单 only; the
 * community (and its grid, street, city) for every reception of its orders — it chose the unit.
 */
export function orderCounts(order: KpiOrder, asOf: Date | string, receiver?: Receiver): Counts {
  const c = zeroCounts();
  c.orders = 1;
  for (const r of orderReceptions(order, asOf)) {
    if (receiver && r.receiver !== receiver) continue;
    c.responseDue += 1;
    if (r.onTime) c.respondedOnTime += 1;
  }
  // The 办结 clock of a round: from the order (接单/自办) or from the last 发回重办, the tier's limit.
  let roundStart = ms(order.createdAt);
  let lastCompletion: number | null = null;
  let finished: { at: number; onTime: boolean } | null = null;
  for (const e of order.timeline) {
    if (e.action === 'not_fixed') {
      roundStart = ms(e.at);
      c.reworked = 1;
    } else if (e.action === 'complete') {
      lastCompletion = ms(e.at);
      c.answered = 1;
    } else if ((e.action === 'confirm' || e.action === 'auto_confirm') && lastCompletion !== null) {
      finished = { at: lastCompletion, onTime: lastCompletion <= roundStart + TIME_LIMIT_TIERS[order.tier].ms };
    }
  }
  outcome(c, order.createdAt, finished, {
    unresolved: order.status === 'rejected',
    lateOpen: WORKED_ON.has(order.status) && isPastAt(order.deadline, asOf),
  });
  rated(c, order.residentStars);
  return c;
}

const isPastAt = (deadline: string | null, asOf: Date | string) => deadline !== null && ms(deadline) < ms(asOf);

/**
 * How it ended, or stands: resolved by the finishing answer (on time or not, and how long it took), ended
 * unresolved, or still worked on past its limit (late now, for 按时办结率); otherwise undecided.
 */
function outcome(
  c: Counts,
  createdAt: string,
  finished: { at: number; onTime: boolean } | null,
  state: { unresolved: boolean; lateOpen: boolean },
) {
  if (finished) {
    c.resolveDue = 1;
    c.resolved = 1;
    c.closeDue = 1;
    c.closedOnTime = finished.onTime ? 1 : 0;
    c.closeMinutes = Math.round((finished.at - ms(createdAt)) / 60_000);
  } else if (state.unresolved) c.resolveDue = 1;
  else if (state.lateOpen) c.closeDue = 1;
}

function rated(c: Counts, stars: number | null) {
  if (stars === null) return;
  c.rated = 1;
  c.satisfied = stars >= 4 ? 1 : 0;
}

// ── complaints ────────────────────────────────────────────────────────────────────────────────────────────────

export interface KpiComplaintEvent extends KpiOrderEvent {
  fromLevel: ComplaintLevel;
  toLevel: ComplaintLevel;
}

export interface KpiComplaint {
  createdAt: string;
  tier: ComplaintTier;
  status: string;
  level: ComplaintLevel;
  deadline: string | null;
  timeline: readonly KpiComplaintEvent[];
  stars: number | null;
}

/** A complaint's receptions: each level's 受理 clock (2 h from its arrival there), as for orders. */
export function complaintReceptions(
  complaint: KpiComplaint,
  asOf: Date | string,
): Array<{ level: ComplaintLevel; onTime: boolean }> {
  const out: Array<{ level: ComplaintLevel; onTime: boolean }> = [];
  let open: { level: ComplaintLevel; since: number } | null = null;
  for (const e of complaint.timeline) {
    if (e.action === 'me_too') continue;
    if (open && e.action !== 'create') {
      // Anything that takes it out of 待受理 at its level answers the clock — except running out (escalate).
      if (e.to !== 'filed' || e.toLevel !== e.fromLevel) {
        out.push({ level: open.level, onTime: e.action !== 'escalate' && ms(e.at) - open.since <= ACCEPT_WITHIN_MS });
        open = null;
      }
    }
    if (e.to === 'filed' && (e.action === 'create' || e.toLevel !== e.fromLevel))
      open = { level: e.toLevel, since: ms(e.at) };
  }
  if (open && ms(asOf) - open.since > ACCEPT_WITHIN_MS) out.push({ level: open.level, onTime: false });
  return out;
}

/**
 * A complaint's counts. `level` narrows 响应率 to one level's receptions (the property company answers for its
 * own). Closed as 非物业责任 it counts in volume and reception only: that end is neither resolved nor unresolved.
 */
export function complaintCounts(complaint: KpiComplaint, asOf: Date | string, level?: ComplaintLevel): Counts {
  const c = zeroCounts();
  c.complaints = 1;
  for (const r of complaintReceptions(complaint, asOf)) {
    if (level && r.level !== level) continue;
    c.responseDue += 1;
    if (r.onTime) c.respondedOnTime += 1;
  }
  let arrival = { level: complaint.timeline[0]?.toLevel ?? complaint.level, at: ms(complaint.createdAt) };
  let lastAnswer: { at: number; onTime: boolean } | null = null;
  let finished: { at: number; onTime: boolean } | null = null;
  for (const e of complaint.timeline) {
    if (e.toLevel !== e.fromLevel) arrival = { level: e.toLevel, at: ms(e.at) };
    if (e.action === 'answer') {
      c.answered = 1;
      const limit = answerDeadline(arrival.level, complaint.tier, arrival.at).getTime();
      lastAnswer = { at: ms(e.at), onTime: ms(e.at) <= limit };
    } else if (e.action === 'not_satisfied') c.reworked = 1;
    else if ((e.action === 'satisfied' || e.action === 'auto_confirm') && lastAnswer) finished = lastAnswer;
  }
  outcome(c, complaint.createdAt, finished, {
    unresolved: complaint.status === 'unresolved',
    lateOpen: complaint.status === 'acknowledged' && isPastAt(complaint.deadline, asOf),
  });
  rated(c, complaint.stars);
  return c;
}
