import { ordersActions, type Task } from '../../../shared/api/orders';
import { type Tone } from '../../../shared/orders/machine';
import { CLAIM_STATES, mayTake } from '../../../shared/orders/tasks';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { emptyNotesForm, firstNotesError, notesInput, type NotesForm } from '../../../lib/photos';
import { timeWindow } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';

/** 我的任务 (party members): the tasks he claimed, with what he can do now. */

export interface MyTaskCard {
  id: string;
  orderId: string;
  title: string;
  place: string;
  window: string;
  /** 已领单 / 已签到 / 已签退 / 已完成 / 已退出 */
  claimLabel: string;
  /** 志愿时长, e.g. 1.5小时; empty until he checked out or reported. */
  hours: string;
  claimTone: Tone;
  /** 未开始 / 进行中 / 已结束 */
  phase: string;
  canWithdraw: boolean;
  canCheckIn: boolean;
  canCheckOut: boolean;
  canReport: boolean;
}

const CLAIM_TONES: Record<keyof typeof CLAIM_STATES, Tone> = {
  claimed: 'primary',
  checked_in: 'warning',
  checked_out: 'warning',
  reported: 'success',
  withdrawn: 'default',
};

/** The card at `now` (its phase); what he may do with the task is the server's (`task.actions`). */
export function toMyTaskCard(task: Task, now: Date): MyTaskCard {
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
    hours: task.myHours === null ? '' : `${task.myHours}小时`,
    phase,
    canWithdraw: mayTake(task.actions, 'withdraw'),
    canCheckIn: mayTake(task.actions, 'check_in'),
    canCheckOut: mayTake(task.actions, 'check_out'),
    canReport: mayTake(task.actions, 'report'),
  };
}

export interface MyTasksViewModel extends PagedList<MyTaskCard> {
  busyId: string;
}

export const loadingMyTasks = (): MyTasksViewModel => ({ ...loadingList<MyTaskCard>(), busyId: '' });

export function appendMyTasksPage(
  vm: MyTasksViewModel,
  page: { items: Task[]; nextCursor: number | null },
  replace: boolean,
  now: Date,
): MyTasksViewModel {
  const cards = page.items.map((t) => toMyTaskCard(t, now));
  return withRows(vm, mergeRows(vm.items, cards, replace), page.nextCursor);
}

export const withMyTask = (vm: MyTasksViewModel, task: Task, now: Date): MyTasksViewModel => ({
  ...vm,
  busyId: '',
  items: vm.items.map((card) => (card.id === task.id ? toMyTaskCard(task, now) : card)),
});

// ── 提交完成情况: notes and optional photos ──────────────────────────────────────────────────────────────

export interface ReportForm extends NotesForm {
  taskId: string;
}

export const newReportForm = (taskId: string): ReportForm => ({ taskId, ...emptyNotesForm() });

/** What `report` is sent. */
export const reportInput = (form: ReportForm) => ({ taskId: form.taskId, ...notesInput(form) });

export function checkReportForm(form: ReportForm): string {
  return firstNotesError(fieldErrors(ordersActions.report.input, reportInput(form)));
}
