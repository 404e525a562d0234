import type { OrderSummary } from '../../../shared/api/orders';
import { ORDER_STATES } from '../../../shared/orders/machine';

/** How the order pages (我的工单, 工单详情) word the clock an order runs on. */

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** 剩余45分钟 / 剩余3小时 / 剩余6天: what is left, rounded down (at least one minute). */
export function remainingText(ms: number): string {
  if (ms < HOUR_MS) return `剩余${Math.max(1, Math.floor(ms / MINUTE_MS))}分钟`;
  if (ms < DAY_MS) return `剩余${Math.floor(ms / HOUR_MS)}小时`;
  return `剩余${Math.floor(ms / DAY_MS)}天`;
}

export interface DeadlineView {
  /** '' when no clock runs. */
  text: string;
  overdue: boolean;
}

/**
 * The deadline line of an order, as of `now`: the 受理/接单/办结 clocks run on the people holding the order
 * (剩余3小时, or 已超时 once past); the resident's own clocks read as when the timer will act for him.
 */
export function deadlineView(
  order: Pick<OrderSummary, 'status' | 'deadline' | 'overdue'>,
  now: Date | string | number,
): DeadlineView {
  const clock = ORDER_STATES[order.status].clock;
  if (order.deadline === null || clock === null) return { text: '', overdue: false };
  const left = new Date(order.deadline).getTime() - new Date(now).getTime();
  if (Number.isNaN(left)) return { text: '', overdue: false };
  if (clock === 'accept' || clock === 'resolve') {
    if (order.overdue || left <= 0) return { text: '已超时', overdue: true };
    return { text: remainingText(left), overdue: false };
  }
  if (left <= 0) return { text: '', overdue: false }; // the timer is about to confirm / close it
  return clock === 'confirm'
    ? { text: `${remainingText(left).slice(2)}后自动确认`, overdue: false }
    : { text: `评价${remainingText(left)}`, overdue: false };
}
