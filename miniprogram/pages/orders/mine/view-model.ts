import type { OrderSummary } from '../../../shared/api/orders';
import { ORDER_STATES, type OrderState, type Tone } from '../../../shared/orders/machine';
import { orderLine, reworkText, type OrderLine } from '../../../shared/orders/wording';
import { orderDetailUrl } from '../../../lib/links';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { formatTime } from '../../../shared/time';
import { deadlineView } from '../lib/deadline';

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
