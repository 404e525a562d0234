import type { Task } from '../../../shared/api/orders';
import { capabilityLabel, CLAIM_STATES, holdsSlot, mayTake } from '../../../shared/orders/tasks';
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

/** The card; whether he may claim, and why not, is the server's (`task.actions`). */
export function toHallCard(task: Task): HallCard {
  const mine = task.myClaim !== null && holdsSlot(task.myClaim);
  const refusal = task.actions.find((a) => a.code === 'claim')?.disabled ?? null;
  return {
    id: task.id,
    orderId: task.orderId,
    title: task.title,
    description: task.description,
    place: task.place,
    window: timeWindow(task.startAt, task.endAt),
    slotsText: `已领 ${task.claimed}/${task.slots}`,
    publisher: task.publisherName,
    full: task.claimed >= task.slots,
    mine,
    ended: refusal === 'DEADLINE_PASSED' || refusal === 'INVALID_STATE',
    claimLabel: mine ? CLAIM_STATES[task.myClaim!].label : capabilityLabel(task.actions, 'claim'),
    canClaim: mayTake(task.actions, 'claim'),
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
): HallViewModel {
  const cards = page.items.map(toHallCard);
  return withRows(vm, mergeRows(vm.items, cards, replace), page.nextCursor);
}

/** A task as the server answered after 领单 (or a refusal's reload): its card changes in place. */
export const withTask = (vm: HallViewModel, task: Task): HallViewModel => ({
  ...vm,
  busyId: '',
  items: vm.items.map((card) => (card.id === task.id ? toHallCard(task) : card)),
});

/** A refusal of 领单 that means the card is stale (full, ended, already mine): the list is reloaded. */
export const claimRefusalIsStale = (code: string): boolean =>
  ['FULL', 'CONFLICT', 'DEADLINE_PASSED', 'INVALID_STATE'].includes(code);

export const claimPrompt = (card: Pick<HallCard, 'title' | 'window' | 'place'>) =>
  `领取「${card.title}」？请按时到场：${card.window}，${card.place}。`;

export const detailUrl = orderDetailUrl;
