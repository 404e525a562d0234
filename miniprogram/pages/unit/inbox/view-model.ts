import { ordersActions, type OrderSummary, type Task } from '../../../shared/api/orders';
import {
  availableActions,
  checkPublishTask,
  CLOCK_LABELS,
  MAX_TASK_SLOTS,
  ORDER_STATES,
  type Tone,
} from '../../../shared/orders/machine';
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

export interface InboxRow {
  id: string;
  category: string;
  summary: string;
  place: string;
  statusLabel: string;
  statusTone: Tone;
  overdue: boolean;
  deadlineText: string;
  created: string;
  reworkText: string;
  canAccept: boolean;
  canReturn: boolean;
  canPublish: boolean;
  canComplete: boolean;
}

export interface InboxViewModel {
  filter: InboxFilter;
  state: 'loading' | 'ready' | 'error';
  message: string;
  emptyText: string;
  items: InboxRow[];
  nextCursor: number | null;
  loadingMore: boolean;
  busyId: string;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The China-time parts of an instant (the phone's zone may differ; cloud functions run in UTC). */
function chinaParts(ms: number) {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** `MM-DD HH:mm` in China time. */
export function shortTime(iso: string): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const { date, time } = chinaParts(t);
  return `${date.slice(5)} ${time}`;
}

export const loadingInbox = (filter: InboxFilter = 'dispatched'): InboxViewModel => ({
  filter,
  state: 'loading',
  message: '',
  emptyText: EMPTY_TEXT[filter],
  items: [],
  nextCursor: null,
  loadingMore: false,
  busyId: '',
});

export const isInboxFilter = (value: unknown): value is InboxFilter => INBOX_TABS.some((tab) => tab.value === value);

/** Orders in a unit's inbox that are taken are held by the unit (the server scopes the list to it). */
export function toInboxRow(order: OrderSummary): InboxRow {
  const holder = order.status === 'dispatched' || order.status === 'submitted' ? null : 'unit';
  const actions = availableActions({ state: order.status, holder }, 'unit_member');
  const clock = ORDER_STATES[order.status].clock;
  return {
    id: order.id,
    category: order.category.label,
    summary: order.summary,
    place: order.place,
    statusLabel: order.statusLabel,
    statusTone: order.statusTone,
    overdue: order.overdue,
    deadlineText: order.deadline && clock ? `${CLOCK_LABELS[clock]} ${shortTime(order.deadline)}` : '',
    created: `${shortTime(order.createdAt)} 提交`,
    reworkText: order.reworkCount > 0 ? `发回重办${order.reworkCount}次` : '',
    canAccept: actions.includes('accept'),
    canReturn: actions.includes('return_to_community'),
    canPublish: actions.includes('publish_task'),
    canComplete: actions.includes('complete'),
  };
}

export function appendInboxPage(
  vm: InboxViewModel,
  page: { items: OrderSummary[]; nextCursor: number | null },
  replace: boolean,
): InboxViewModel {
  const rows = page.items.map(toInboxRow);
  const known = new Set(replace ? [] : vm.items.map((r) => r.id));
  return {
    ...vm,
    state: 'ready',
    message: '',
    loadingMore: false,
    items: replace ? rows : [...vm.items, ...rows.filter((r) => !known.has(r.id))],
    nextCursor: page.nextCursor,
  };
}

export const inboxError = (vm: InboxViewModel, message: string): InboxViewModel =>
  vm.items.length > 0 && vm.state === 'ready'
    ? { ...vm, loadingMore: false, message }
    : { ...vm, state: 'error', message, loadingMore: false, items: [] };

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

/** After 发布任务 (answered with the task, not the order): the order's row shows its new status. */
export function afterPublish(vm: InboxViewModel, task: Pick<Task, 'orderId' | 'orderStatus'>): InboxViewModel {
  const state = ORDER_STATES[task.orderStatus];
  const actions = availableActions({ state: task.orderStatus, holder: 'unit' }, 'unit_member');
  return {
    ...vm,
    busyId: '',
    items: vm.items.map((row) =>
      row.id === task.orderId
        ? {
            ...row,
            statusLabel: state.label,
            statusTone: state.tone,
            canAccept: actions.includes('accept'),
            canReturn: actions.includes('return_to_community'),
            canPublish: actions.includes('publish_task'),
            canComplete: actions.includes('complete'),
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

export interface PhotoItem {
  fileID: string;
  /** What an <image> shows. */
  url: string;
}

export interface CompleteForm {
  orderId: string;
  notes: string;
  photos: PhotoItem[];
  uploading: boolean;
  error: string;
  submitting: boolean;
}

export const MAX_PHOTOS = 9;

export const newCompleteForm = (orderId: string): CompleteForm => ({
  orderId,
  notes: '',
  photos: [],
  uploading: false,
  error: '',
  submitting: false,
});

export function checkComplete(form: CompleteForm): string {
  const errors = fieldErrors(ordersActions.complete.input, {
    orderId: form.orderId,
    notes: form.notes.trim(),
    photos: form.photos.map((p) => p.fileID),
  });
  return errors.notes ?? errors.photos ?? Object.values(errors)[0] ?? '';
}

/** The detail page, where the unit sees the whole order, the resident's contact and the timeline. */
export const detailUrl = (orderId: string) => `/pages/orders/detail/index?id=${encodeURIComponent(orderId)}`;
