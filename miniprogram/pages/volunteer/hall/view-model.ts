import type { Task } from '../../../shared/api/orders';
import { CLAIM_STATES, holdsSlot, slotsLeft } from '../../../shared/orders/machine';

/** 任务大厅 (party members): the community's live volunteer tasks, with their slots. */

const CHINA_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

function chinaParts(iso: string) {
  const d = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);
  return {
    day: `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** `MM-DD HH:mm` in China time (the phone's zone may differ; cloud functions run in UTC). */
export function shortTime(iso: string): string {
  if (Number.isNaN(new Date(iso).getTime())) return '';
  const { day, time } = chinaParts(iso);
  return `${day} ${time}`;
}

/** `11-02 12:00–15:00`, or `11-02 22:00 – 11-03 02:00` across midnight. */
export function timeWindow(startAt: string, endAt: string): string {
  if (Number.isNaN(new Date(startAt).getTime()) || Number.isNaN(new Date(endAt).getTime())) return '';
  const start = chinaParts(startAt);
  const end = chinaParts(endAt);
  return start.day === end.day
    ? `${start.day} ${start.time}–${end.time}`
    : `${start.day} ${start.time} – ${end.day} ${end.time}`;
}

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

export interface HallViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  items: HallCard[];
  nextCursor: number | null;
  loadingMore: boolean;
  busyId: string;
}

export const loadingHall = (): HallViewModel => ({
  state: 'loading',
  message: '',
  items: [],
  nextCursor: null,
  loadingMore: false,
  busyId: '',
});

export function appendHallPage(
  vm: HallViewModel,
  page: { items: Task[]; nextCursor: number | null },
  replace: boolean,
  now: Date,
): HallViewModel {
  const cards = page.items.map((t) => toHallCard(t, now));
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

export const hallError = (vm: HallViewModel, message: string): HallViewModel =>
  vm.items.length > 0 && vm.state === 'ready'
    ? { ...vm, loadingMore: false, message }
    : { ...vm, state: 'error', message, loadingMore: false, items: [] };

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

export const detailUrl = (orderId: string) => `/pages/orders/detail/index?id=${encodeURIComponent(orderId)}`;
