import { ordersActions, type Task } from '../../../shared/api/orders';
import { checkCheckIn, checkReport, checkWithdraw, CLAIM_STATES, type Tone } from '../../../shared/orders/machine';
import { fieldErrors } from '../../../shared/validation';
import { timeWindow } from '../hall/view-model';

/** 我的任务 (party members): the tasks he claimed, with what he can do now. */

export interface MyTaskCard {
  id: string;
  orderId: string;
  title: string;
  place: string;
  window: string;
  /** 已领单 / 已签到 / 已完成 / 已退出 */
  claimLabel: string;
  claimTone: Tone;
  /** 未开始 / 进行中 / 已结束 */
  phase: string;
  canWithdraw: boolean;
  canCheckIn: boolean;
  canReport: boolean;
}

const CLAIM_TONES: Record<keyof typeof CLAIM_STATES, Tone> = {
  claimed: 'primary',
  checked_in: 'warning',
  reported: 'success',
  withdrawn: 'default',
};

export function toMyTaskCard(task: Task, now: Date): MyTaskCard {
  const ctx = {
    orderState: task.orderStatus,
    task: { slots: task.slots, startAt: task.startAt, endAt: task.endAt },
    mine: task.myClaim,
    now,
  };
  const t = now.getTime();
  const phase =
    task.orderStatus !== 'published' || t > new Date(task.endAt).getTime()
      ? '已结束'
      : t < new Date(task.startAt).getTime()
        ? '未开始'
        : '进行中';
  return {
    id: task.id,
    orderId: task.orderId,
    title: task.title,
    place: task.place,
    window: timeWindow(task.startAt, task.endAt),
    claimLabel: task.myClaim ? CLAIM_STATES[task.myClaim].label : '',
    claimTone: task.myClaim ? CLAIM_TONES[task.myClaim] : 'default',
    phase,
    canWithdraw: checkWithdraw(ctx).ok,
    canCheckIn: checkCheckIn(ctx).ok,
    canReport: checkReport(ctx).ok,
  };
}

export interface MyTasksViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  items: MyTaskCard[];
  nextCursor: number | null;
  loadingMore: boolean;
  busyId: string;
}

export const loadingMyTasks = (): MyTasksViewModel => ({
  state: 'loading',
  message: '',
  items: [],
  nextCursor: null,
  loadingMore: false,
  busyId: '',
});

export function appendMyTasksPage(
  vm: MyTasksViewModel,
  page: { items: Task[]; nextCursor: number | null },
  replace: boolean,
  now: Date,
): MyTasksViewModel {
  const cards = page.items.map((t) => toMyTaskCard(t, now));
  const known = new Set(replace ? [] : vm.items.map((c) => c.id));
  return {
    ...vm,
    state: 'ready',
    message: '',
    loadingMore: false,
    items: replace ? cards : [...vm.items, ...cards.filter((c) => !known.has(c.id))],
    nextCursor: page.nextCursor,
  };
}

export const myTasksError = (vm: MyTasksViewModel, message: string): MyTasksViewModel =>
  vm.items.length > 0 && vm.state === 'ready'
    ? { ...vm, loadingMore: false, message }
    : { ...vm, state: 'error', message, loadingMore: false, items: [] };

export const withMyTask = (vm: MyTasksViewModel, task: Task, now: Date): MyTasksViewModel => ({
  ...vm,
  busyId: '',
  items: vm.items.map((card) => (card.id === task.id ? toMyTaskCard(task, now) : card)),
});

// ── 提交完成情况: notes and optional photos ──────────────────────────────────────────────────────────────

export interface PhotoItem {
  fileID: string;
  url: string;
}

export interface ReportForm {
  taskId: string;
  notes: string;
  photos: PhotoItem[];
  uploading: boolean;
  error: string;
  submitting: boolean;
}

export const MAX_PHOTOS = 9;

export const newReportForm = (taskId: string): ReportForm => ({
  taskId,
  notes: '',
  photos: [],
  uploading: false,
  error: '',
  submitting: false,
});

export function checkReportForm(form: ReportForm): string {
  const errors = fieldErrors(ordersActions.report.input, {
    taskId: form.taskId,
    notes: form.notes.trim(),
    photos: form.photos.map((p) => p.fileID),
  });
  return errors.notes ?? errors.photos ?? Object.values(errors)[0] ?? '';
}
