import type { OrderSummary } from '../api/orders';
import { shortTime } from '../time';
import { CLOCK_LABELS, ORDER_STATES, type OrderState, type Tone } from './machine';

/** How the order pages word an order's counters and deadlines. */

/** What every list of orders shows of one: what, where and its status. */
export interface OrderLine {
  id: string;
  category: string;
  summary: string;
  place: string;
  statusLabel: string;
  statusTone: Tone;
  /** 电话代办, 窗口代办: how it reached us when not through the mini-program (shared/intake.ts); '' otherwise. */
  channelTag: string;
}

export const orderLine = (order: OrderSummary): OrderLine => ({
  id: order.id,
  category: order.category.label,
  summary: order.summary,
  place: order.place,
  statusLabel: order.statusLabel,
  statusTone: order.statusTone,
  channelTag: order.channelTag,
});

/** 发回重办2次, or '' when the order was never sent back. */
export const reworkText = (reworkCount: number): string => (reworkCount > 0 ? `发回重办${reworkCount}次` : '');

/** The clock that runs and when it ends, e.g. 受理时限 11-02 11:00; '' once no clock runs. */
export function clockDeadlineText(order: { status: OrderState; deadline: string | null }): string {
  const clock = ORDER_STATES[order.status].clock;
  return order.deadline && clock ? `${CLOCK_LABELS[clock]} ${shortTime(order.deadline)}` : '';
}
