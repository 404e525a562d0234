import { ordersActions, type OrderSummary, type Task } from '../../../shared/api/orders';
import { ORDER_STATES, type OrderAction } from '../../../shared/orders/machine';
import { checkPublishTask, MAX_TASK_SLOTS } from '../../../shared/orders/tasks';
import { clockDeadlineText, orderLine, reworkText, type OrderLine } from '../../../shared/orders/wording';
import { orderDetailUrl } from '../../../lib/links';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { emptyNotesForm, firstNotesError, notesInput, type NotesForm } from '../../../lib/photos';
import { chinaParts, shortTime } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';

/** 单位接单 (unit members): 待接单 / 办理中 / 已办结 of one unit. */
export type InboxFilter = 'dispatched' | 'open' | 'closed';

export const INBOX_TABS: ReadonlyArray<{ value: InboxFilter; label: string }> = [
  { value: 'dispatched', label: '待接单' },
  { value: 'open', label: '办理中' },
  { value: 'closed', label: '已办结' },
];

const EMPTY_TEXT: Record<InboxFilter, string> = {
  dispatched: '没有待接的工单',
  open: '没有办理中的工单',
  closed: '还没有办结的工单',
};

export interface InboxRow extends OrderLine {
  overdue: boolean;
  deadlineText: string;
  created: string;
  reworkText: string;
  canAccept: boolean;
  canReturn: boolean;
  canPublish: boolean;
  canComplete: boolean;
}

export interface InboxViewModel extends PagedList<InboxRow> {
  filter: InboxFilter;
  emptyText: string;
  busyId: string;
}

export const loadingInbox = (filter: InboxFilter = 'dispatched'): InboxViewModel => ({
  ...loadingList<InboxRow>(),
  filter,
  emptyText: EMPTY_TEXT[filter],
  busyId: '',
});

export const isInboxFilter = (value: unknown): value is InboxFilter => INBOX_TABS.some((tab) => tab.value === value);

/** The unit's buttons, from the actions the server says the caller may take now. */
const buttons = (actions: readonly OrderAction[]) => ({
  canAccept: actions.includes('accept'),
  canReturn: actions.includes('return_to_community'),
  canPublish: actions.includes('publish_task'),
  canComplete: actions.includes('complete'),
});

export function toInboxRow(order: OrderSummary): InboxRow {
  return {
    ...orderLine(order),
    overdue: order.overdue,
    deadlineText: clockDeadlineText(order),
    created: `${shortTime(order.createdAt)} 提交`,
    reworkText: reworkText(order.reworkCount),
    ...buttons(order.actions),
  };
}

export function appendInboxPage(
  vm: InboxViewModel,
  page: { items: OrderSummary[]; nextCursor: number | null },
  replace: boolean,
): InboxViewModel {
  return withRows(vm, mergeRows(vm.items, page.items.map(toInboxRow), replace), page.nextCursor);
}

export function belongsTo(filter: InboxFilter, order: Pick<OrderSummary, 'status' | 'open'>): boolean {
  if (filter === 'dispatched') return order.status === 'dispatched';
  if (filter === 'open') return order.open && order.status !== 'submitted';
  return !order.open;
}

/** After 接单 / 退回社区 / 发布任务 / 办结: the row changes, or leaves the tab. */
export function afterAction(vm: InboxViewModel, order: OrderSummary): InboxViewModel {
  const items = belongsTo(vm.filter, order)
    ? vm.items.map((row) => (row.id === order.id ? toInboxRow(order) : row))
    : vm.items.filter((row) => row.id !== order.id);
  return { ...vm, busyId: '', items };
}

/** After 发布任务 (answered with the task, not the order): the order's row shows its new status and actions. */
export function afterPublish(
  vm: InboxViewModel,
  task: Pick<Task, 'orderId' | 'orderStatus' | 'orderActions'>,
): InboxViewModel {
  const state = ORDER_STATES[task.orderStatus];
  return {
    ...vm,
    busyId: '',
    items: vm.items.map((row) =>
      row.id === task.orderId
        ? {
            ...row,
            statusLabel: state.label,
            statusTone: state.tone,
            ...buttons(task.orderActions),
          }
        : row,
    ),
  };
}

// ── 发布任务: title, description, place, slots and a time window ──────────────────────────────────────────

export interface PublishForm {
  orderId: string;
  title: string;
  description: string;
  place: string;
  slots: number;
  /** `YYYY-MM-DD HH:mm`, China time, as t-date-time-picker gives it. */
  start: string;
  end: string;
  errors: Record<string, string>;
  submitting: boolean;
}

export const SLOT_RANGE = { min: 1, max: MAX_TASK_SLOTS };

const HOUR_MS = 3600_000;

/** A new form: the order's place, 1 slot, from the next whole hour for two hours. */
export function newPublishForm(orderId: string, place: string, now: Date): PublishForm {
  const nextHour = Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS;
  const at = (ms: number) => {
    const { date, time } = chinaParts(ms);
    return `${date} ${time}`;
  };
  return {
    orderId,
    title: '',
    description: '',
    place,
    slots: 1,
    start: at(nextHour),
    end: at(nextHour + 2 * HOUR_MS),
    errors: {},
    submitting: false,
  };
}

/** `YYYY-MM-DD HH:mm` (China time) → ISO with the +08:00 offset; '' when it is not such a time. */
export function pickerToIso(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(value.trim());
  return m ? `${m[1]}T${m[2]}:00+08:00` : '';
}

/** The earliest a picker may offer: today (China time). */
export const pickerStart = (now: Date) => `${chinaParts(now.getTime()).date} 00:00`;

export type PublishInput = ReturnType<typeof publishInput>;

export const publishInput = (form: PublishForm) => ({
  orderId: form.orderId,
  title: form.title.trim(),
  description: form.description.trim(),
  place: form.place.trim(),
  slots: form.slots,
  startAt: pickerToIso(form.start),
  endAt: pickerToIso(form.end),
});

/**
 * The first problem per field, from the server's own schema and window rule (end after start, after now):
 * `{}` when the form may be sent.
 */
export function checkPublish(form: PublishForm, now: Date): Record<string, string> {
  const input = publishInput(form);
  const errors = fieldErrors(ordersActions.publishTask.input, input);
  if (!input.startAt) errors.startAt = '请选择开始时间';
  if (!input.endAt) errors.endAt = '请选择结束时间';
  if (input.startAt && input.endAt && !errors.slots) {
    const window = checkPublishTask({ slots: input.slots, startAt: input.startAt, endAt: input.endAt }, now);
    if (!window.ok) errors.endAt = window.message;
  }
  return errors;
}

// ── 办结: notes and optional photos ──────────────────────────────────────────────────────────────────────────

export interface CompleteForm extends NotesForm {
  orderId: string;
}

export const newCompleteForm = (orderId: string): CompleteForm => ({ orderId, ...emptyNotesForm() });

/** What `complete` is sent. */
export const completeInput = (form: CompleteForm) => ({ orderId: form.orderId, ...notesInput(form) });

export function checkComplete(form: CompleteForm): string {
  return firstNotesError(fieldErrors(ordersActions.complete.input, completeInput(form)));
}

/** The detail page, where the unit sees the whole order, the resident's contact and the timeline. */
export const detailUrl = orderDetailUrl;
