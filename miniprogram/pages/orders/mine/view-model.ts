import type { OrderSummary } from '../../../shared/api/orders';
import { ORDER_STATES, type OrderState, type Tone } from '../../../shared/orders/machine';
import { orderDetailUrl, orderLine, reworkText, type OrderLine } from '../../../shared/orders/wording';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../shared/paging';
import { formatTime } from '../../../shared/time';

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

export type OrdersTab = 'open' | 'closed';

export const ORDER_TABS: { value: OrdersTab; label: string }[] = [
  { value: 'open', label: '进行中' },
  { value: 'closed', label: '已办结' },
];

export interface OrderItem extends OrderLine {
  deadline: string;
  overdue: boolean;
  /** 发回重办2次, or ''. */
  rework: string;
  created: string;
}

/** 我的工单: one tab of the resident's orders, newest first, a page at a time. */
export interface MyOrdersViewModel extends PagedList<OrderItem> {
  tab: OrdersTab;
}

export const loadingOrders = (tab: OrdersTab = 'open'): MyOrdersViewModel => ({ ...loadingList<OrderItem>(), tab });

export const emptyText = (tab: OrdersTab): string => (tab === 'open' ? '没有进行中的工单' : '还没有已办结的工单');

export const statusTone = (status: OrderState): Tone => ORDER_STATES[status].tone;

export function toOrderItem(order: OrderSummary, now: Date | string | number): OrderItem {
  const deadline = deadlineView(order, now);
  return {
    ...orderLine(order),
    deadline: deadline.text,
    overdue: deadline.overdue,
    rework: reworkText(order.reworkCount),
    created: `${formatTime(order.createdAt)} 提交`,
  };
}

export function appendOrders(
  vm: MyOrdersViewModel,
  page: { items: OrderSummary[]; nextCursor: number | null },
  replace: boolean,
  now: Date | string | number,
): MyOrdersViewModel {
  const items = page.items.map((order) => toOrderItem(order, now));
  return withRows(vm, mergeRows(vm.items, items, replace), page.nextCursor);
}

export const detailUrl = orderDetailUrl;
export const NEW_ORDER_URL = '/pages/orders/new/index';
