/**
 * 党员领单: a published order's volunteer task — its claims' states, the rules of each move of a claim, 志愿时长,
 * and the task actions a volunteer may take now (with why not), which the server sends and the pages render.
 */
import type { ErrorCode } from '../errors';
import { isPast } from './catalogue';
import type { OrderState, Refusal } from './machine';

export const CLAIM_STATES = {
  claimed: { label: '已领单', active: true },
  checked_in: { label: '已签到', active: true },
  // 签退: the work on site is over; his hours (志愿时长) run from check-in to here.
  checked_out: { label: '已签退', active: true },
  reported: { label: '已完成', active: true },
  withdrawn: { label: '已退出', active: false },
} as const;

export type ClaimState = keyof typeof CLAIM_STATES;

/**
 * The volunteers' steps as an order's timeline shows them beside the machine's: each is a moment of a claim (its
 * time field), not a transition of the order.
 */
export const VOLUNTEER_STEPS = {
  claim: { label: '党员领单', at: 'claimedAt' },
  check_in: { label: '党员签到', at: 'checkedInAt' },
  check_out: { label: '党员签退', at: 'checkedOutAt' },
  report: { label: '党员提交完成情况', at: 'reportedAt' },
} as const;
export type VolunteerStep = keyof typeof VOLUNTEER_STEPS;
export const VOLUNTEER_STEP_NAMES = Object.keys(VOLUNTEER_STEPS) as VolunteerStep[];
export const CLAIM_STATE_NAMES = Object.keys(CLAIM_STATES) as ClaimState[];

/** Active claims hold a slot; a withdrawn one gives it back. */
export const holdsSlot = (state: ClaimState): boolean => CLAIM_STATES[state].active;

export const MAX_TASK_SLOTS = 50;

export interface TaskWindow {
  slots: number;
  /** ISO start and end of the time window when the work is done. */
  startAt: string;
  endAt: string;
}

export type Check = { ok: true } | Refusal;
const allowed: Check = { ok: true };
const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

export const slotsLeft = (task: Pick<TaskWindow, 'slots'>, activeClaims: number): number =>
  Math.max(0, task.slots - activeClaims);

/** Publishing: at least one slot, at most MAX_TASK_SLOTS; a window that ends after it starts and after now. */
export function checkPublishTask(task: TaskWindow, now: Date | string): Check {
  if (!Number.isInteger(task.slots) || task.slots < 1 || task.slots > MAX_TASK_SLOTS) {
    return refuse('VALIDATION_FAILED', `名额应为1到${MAX_TASK_SLOTS}人`);
  }
  if (isPast(task.endAt, task.startAt)) {
    return refuse('VALIDATION_FAILED', '结束时间应晚于开始时间');
  }
  if (isPast(task.endAt, now)) return refuse('VALIDATION_FAILED', '结束时间应晚于现在');
  return allowed;
}

export interface ClaimContext {
  /** The order's state: its task is live only while the order is published. */
  orderState: OrderState;
  task: TaskWindow;
  /** The caller's own claim on this task, if any. */
  mine: ClaimState | null;
  now: Date | string;
}

const taskLive = (orderState: OrderState): Check =>
  orderState === 'published' ? allowed : refuse('INVALID_STATE', '该任务已结束');

/**
 * Claiming a slot: while the task is live and before its window ends, once per person, and only while a slot is
 * free. (The server must still make the count-and-claim atomic: with N slots never more than N claims succeed.)
 */
export function checkClaim(ctx: ClaimContext & { activeClaims: number }): Check {
  const live = taskLive(ctx.orderState);
  if (!live.ok) return live;
  if (ctx.mine !== null && holdsSlot(ctx.mine)) return refuse('CONFLICT', '您已领取该任务');
  if (isPast(ctx.task.endAt, ctx.now)) return refuse('DEADLINE_PASSED', '任务时间已过');
  if (slotsLeft(ctx.task, ctx.activeClaims) === 0) return refuse('FULL', '名额已满');
  return allowed;
}

/** Withdrawing: only an unstarted claim, and only before the window starts. */
export function checkWithdraw(ctx: ClaimContext): Check {
  const live = taskLive(ctx.orderState);
  if (!live.ok) return live;
  if (ctx.mine !== 'claimed') return refuse('INVALID_STATE', ctx.mine === null ? '您未领取该任务' : '当前不能退出');
  if (isPast(ctx.task.startAt, ctx.now)) return refuse('DEADLINE_PASSED', '任务已开始，不能退出');
  return allowed;
}

/** Checking in: a claimer, within the window (start and end included). */
export function checkCheckIn(ctx: ClaimContext): Check {
  const live = taskLive(ctx.orderState);
  if (!live.ok) return live;
  if (ctx.mine !== 'claimed') return refuse('INVALID_STATE', ctx.mine === null ? '您未领取该任务' : '当前不能签到');
  if (!isPast(ctx.task.startAt, ctx.now)) return refuse('INVALID_STATE', '任务尚未开始');
  if (new Date(ctx.now).getTime() > new Date(ctx.task.endAt).getTime()) {
    return refuse('DEADLINE_PASSED', '任务时间已过，不能签到');
  }
  return allowed;
}

/** Checking out (签退): once checked in, while the task is live; the window may have ended (work runs over). */
export function checkCheckOut(ctx: ClaimContext): Check {
  const live = taskLive(ctx.orderState);
  if (!live.ok) return live;
  if (ctx.mine === 'checked_in') return allowed;
  return refuse('INVALID_STATE', ctx.mine === 'checked_out' || ctx.mine === 'reported' ? '您已签退' : '请先签到');
}

/**
 * Reporting completion: after checking in (checked out or not), while the order is still published (no later
 * report once it's done).
 */
export function checkReport(ctx: ClaimContext): Check {
  const live = taskLive(ctx.orderState);
  if (!live.ok) return live;
  if (ctx.mine === 'checked_in' || ctx.mine === 'checked_out') return allowed;
  return refuse('INVALID_STATE', ctx.mine === 'reported' ? '您已提交' : '请先签到');
}

/**
 * 志愿时长 of one claim, in hours to one decimal: from check-in to check-out, or to the report when he reported
 * without checking out; null while it has not both begun and ended.
 */
export function volunteerHours(claim: {
  checkedInAt: string | null;
  checkedOutAt: string | null;
  reportedAt: string | null;
}): number | null {
  const end = claim.checkedOutAt ?? claim.reportedAt;
  if (claim.checkedInAt === null || end === null) return null;
  const ms = Math.max(0, new Date(end).getTime() - new Date(claim.checkedInAt).getTime());
  return Math.round(ms / 360_000) / 10;
}

// ── what a volunteer may do with a task now ──────────────────────────────────────────────────────────────────

/**
 * The task actions, each with its rule and, for the refusals a page shows on a disabled button, the words (the
 * hall's 领单 button reads 名额已满 or 已结束 when it cannot be pressed).
 */
export const TASK_ACTIONS = {
  claim: {
    label: '领单',
    check: checkClaim,
    blocked: { FULL: '名额已满', DEADLINE_PASSED: '已结束', INVALID_STATE: '已结束', CONFLICT: '已领取' },
  },
  withdraw: { label: '退出', check: checkWithdraw, blocked: {} },
  check_in: { label: '签到', check: checkCheckIn, blocked: {} },
  check_out: { label: '签退', check: checkCheckOut, blocked: {} },
  report: { label: '提交', check: checkReport, blocked: {} },
} as const satisfies Record<
  string,
  {
    label: string;
    check: (ctx: ClaimContext & { activeClaims: number }) => Check;
    blocked: Partial<Record<ErrorCode, string>>;
  }
>;

export type TaskAction = keyof typeof TASK_ACTIONS;
export const TASK_ACTION_NAMES = Object.keys(TASK_ACTIONS) as TaskAction[];

/** A task action as the caller may take it now: enabled (`disabled` null), or the code of the rule that refuses it. */
export interface TaskCapability {
  code: TaskAction;
  disabled: ErrorCode | null;
}

/** Every task action for this volunteer at `now`, by the very rules the server applies when he takes it. */
export function taskActions(ctx: ClaimContext & { activeClaims: number }): TaskCapability[] {
  return TASK_ACTION_NAMES.map((code) => {
    const check = TASK_ACTIONS[code].check(ctx);
    return { code, disabled: check.ok ? null : check.code };
  });
}

/** Whether the capabilities allow the action now. */
export const mayTake = (actions: readonly TaskCapability[], code: TaskAction): boolean =>
  actions.some((a) => a.code === code && a.disabled === null);

/** The words for a disabled task action (its label when it is enabled or its refusal has none). */
export function capabilityLabel(actions: readonly TaskCapability[], code: TaskAction): string {
  const found = actions.find((a) => a.code === code);
  const blocked: Partial<Record<ErrorCode, string>> = TASK_ACTIONS[code].blocked;
  return (found?.disabled && blocked[found.disabled]) || TASK_ACTIONS[code].label;
}
