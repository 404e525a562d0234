import type { Task } from '../../../shared/api/orders';
import { CLAIM_STATES, holdsSlot, slotsLeft } from '../../../shared/orders/machine';
import { orderDetailUrl } from '../../../lib/links';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { timeWindow } from '../../../shared/time';

/** 任务大厅 (party members): the community's live volunteer tasks, with their slots. */

export interface HallCard {
  id: string;
  orderId: string;
  title: string;
  description: string;
  place: string;
  window: string;
  /** 已领 1/3 */
  slotsText: string;
  publisher: string;
  full: boolean;
  mine: boolean;
  ended: boolean;
  /** The button: 领单, 已领取, 名额已满, 已结束. */
  claimLabel: string;
  canClaim: boolean;
}

export function toHallCard(task: Task, now: Date): HallCard {
  const mine = task.myClaim !== null && holdsSlot(task.myClaim);
  const full = slotsLeft(task, task.claimed) === 0;
  const ended = new Date(task.endAt).getTime() < now.getTime() || task.orderStatus !== 'published';
  const claimLabel = mine ? CLAIM_STATES[task.myClaim!].label : ended ? '已结束' : full ? '名额已满' : '领单';
  return {
    id: task.id,
    orderId: task.orderId,
    title: task.title,
    description: task.description,
    place: task.place,
    window: timeWindow(task.startAt, task.endAt),
    slotsText: `已领 ${task.claimed}/${task.slots}`,
    publisher: task.publisherName,
    full,
    mine,
    ended,
    claimLabel,
    canClaim: !mine && !full && !ended,
  };
}

export interface HallViewModel extends PagedList<HallCard> {
  busyId: string;
}

export const loadingHall = (): HallViewModel => ({ ...loadingList<HallCard>(), busyId: '' });

export function appendHallPage(
  vm: HallViewModel,
  page: { items: Task[]; nextCursor: number | null },
  replace: boolean,
  now: Date,
): HallViewModel {
  const cards = page.items.map((t) => toHallCard(t, now));
  return withRows(vm, mergeRows(vm.items, cards, replace), page.nextCursor);
}

/** A task as the server answered after 领单 (or a refusal's reload): its card changes in place. */
export const withTask = (vm: HallViewModel, task: Task, now: Date): HallViewModel => ({
  ...vm,
  busyId: '',
  items: vm.items.map((card) => (card.id === task.id ? toHallCard(task, now) : card)),
});

/** A refusal of 领单 that means the card is stale (full, ended, already mine): the list is reloaded. */
export const claimRefusalIsStale = (code: string): boolean =>
  ['FULL', 'CONFLICT', 'DEADLINE_PASSED', 'INVALID_STATE'].includes(code);

export const claimPrompt = (card: Pick<HallCard, 'title' | 'window' | 'place'>) =>
  `领取「${card.title}」？请按时到场：${card.window}，${card.place}。`;

export const detailUrl = orderDetailUrl;
