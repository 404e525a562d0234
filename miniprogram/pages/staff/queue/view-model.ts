import type { OrderSummary, UnitOption } from '../../../shared/api/orders';
import { shortTime } from '../../../shared/time';
import { clockDeadlineText, orderLine, reworkText, type OrderLine } from '../../../shared/orders/wording';
import { orderDetailUrl } from '../../../lib/links';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';

/** 社区工单队列 (community staff): 新工单 / 已超时 / 办理中 / 已办结, overdue first, a page at a time. */
export type QueueFilter = 'new' | 'overdue' | 'open' | 'closed';

export const QUEUE_TABS: ReadonlyArray<{ value: QueueFilter; label: string }> = [
  { value: 'new', label: '新工单' },
  { value: 'overdue', label: '已超时' },
  { value: 'open', label: '办理中' },
  { value: 'closed', label: '已办结' },
];

const EMPTY_TEXT: Record<QueueFilter, string> = {
  new: '没有待受理的新工单',
  overdue: '没有超时的工单',
  open: '没有办理中的工单',
  closed: '还没有办结的工单',
};

export interface QueueRow extends OrderLine {
  overdue: boolean;
  escalated: boolean;
  /** e.g. 受理时限 11-02 11:00; empty once no clock runs. */
  deadlineText: string;
  created: string;
  reworkText: string;
  canDispatch: boolean;
  canHandleSelf: boolean;
  canReject: boolean;
}

export interface QueueViewModel extends PagedList<QueueRow> {
  filter: QueueFilter;
  emptyText: string;
  /** The order an action is running on (its buttons are disabled). */
  busyId: string;
}

export const loadingQueue = (filter: QueueFilter = 'new'): QueueViewModel => ({
  ...loadingList<QueueRow>(),
  filter,
  emptyText: EMPTY_TEXT[filter],
  busyId: '',
});

export const isQueueFilter = (value: unknown): value is QueueFilter => QUEUE_TABS.some((tab) => tab.value === value);

/** The row as staff see it; the buttons are the actions the server says the caller may take now. */
export function toQueueRow(order: OrderSummary): QueueRow {
  const { actions } = order;
  return {
    ...orderLine(order),
    overdue: order.overdue,
    escalated: order.escalated,
    deadlineText: clockDeadlineText(order),
    created: `${shortTime(order.createdAt)} 提交`,
    reworkText: reworkText(order.reworkCount),
    canDispatch: actions.includes('dispatch'),
    canHandleSelf: actions.includes('handle_self'),
    canReject: actions.includes('reject'),
  };
}

/** Overdue first; otherwise the server's order (nearest deadline first) is kept. */
export const overdueFirst = (rows: QueueRow[]): QueueRow[] =>
  rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => Number(b.row.overdue) - Number(a.row.overdue) || a.i - b.i)
    .map(({ row }) => row);

export function appendQueuePage(
  vm: QueueViewModel,
  page: { items: OrderSummary[]; nextCursor: number | null },
  replace: boolean,
): QueueViewModel {
  return withRows(vm, overdueFirst(mergeRows(vm.items, page.items.map(toQueueRow), replace)), page.nextCursor);
}

const WORKING = new Set(['submitted', 'dispatched', 'accepted', 'published']);

/** Whether an order (as it is after an action) still belongs in the tab the server filled. */
export function belongsTo(filter: QueueFilter, order: Pick<OrderSummary, 'status' | 'overdue' | 'open'>): boolean {
  switch (filter) {
    case 'new':
      return order.status === 'submitted';
    case 'overdue':
      return WORKING.has(order.status) && order.overdue;
    case 'open':
      return WORKING.has(order.status);
    case 'closed':
      return !order.open;
  }
}

/** After 派单 / 社区自办 / 驳回: the row changes, or leaves the tab. */
export function afterAction(vm: QueueViewModel, order: OrderSummary): QueueViewModel {
  const items = belongsTo(vm.filter, order)
    ? vm.items.map((row) => (row.id === order.id ? toQueueRow(order) : row))
    : vm.items.filter((row) => row.id !== order.id);
  return { ...vm, busyId: '', items };
}

// ── 派单: a picker of the units that serve the street, the catalogue's suggestion preselected ────────────────

const UNIT_KIND_LABELS: Record<UnitOption['kind'], string> = {
  partner: '共建单位',
  department: '职能部门',
  property: '物业企业',
};

export interface DispatchPicker {
  orderId: string;
  /** The units to choose from, the suggested one first: its name, and its kind (推荐 for the suggested one). */
  options: Array<{ label: string; note: string; value: string }>;
  /** The unit chosen (the suggested one to begin with). */
  value: string;
  suggestedId: string;
}

export function toDispatchPicker(
  orderId: string,
  options: { suggestedUnitId: string | null; units: UnitOption[] },
): DispatchPicker {
  const suggested = options.units.find((u) => u.id === options.suggestedUnitId);
  const units = suggested ? [suggested, ...options.units.filter((u) => u !== suggested)] : options.units;
  const first = units[0];
  return {
    orderId,
    options: units.map((u) => ({
      value: u.id,
      label: u.name,
      note: `${UNIT_KIND_LABELS[u.kind]}${u === suggested ? ' · 推荐' : ''}`,
    })),
    value: first ? first.id : '',
    suggestedId: suggested?.id ?? '',
  };
}

/** The unit picked in the picker's confirm event (`detail.value` is one value per column). */
export function pickedUnit(picker: DispatchPicker, value: unknown): string {
  return picker.options.some((o) => o.value === value) ? String(value) : '';
}

/** The detail page, where staff (and units) see the whole order and its timeline. */
export const detailUrl = orderDetailUrl;
