import type { Application } from '../../../shared/api/people';
import { REVIEW_ACTIONS, type ReviewAction } from '../../../shared/applications';

export interface PendingItem {
  id: string;
  applicant: string;
  phone: string;
  workUnit: string;
  partyOrganization: string;
  submitted: string;
  /** The decisions the server offers on it, with their words. */
  actions: Array<{ code: ReviewAction; label: string }>;
}

/** 双报到审核: the community's pending applications, oldest first, a page at a time. */
export interface ReviewQueueViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  items: PendingItem[];
  nextCursor: number | null;
  loadingMore: boolean;
  busyId: string;
}

export const loadingQueue = (): ReviewQueueViewModel => ({
  state: 'loading',
  message: '',
  items: [],
  nextCursor: null,
  loadingMore: false,
  busyId: '',
});

const day = (isoTime: string) => isoTime.slice(0, 10);

export const toPendingItem = (app: Application): PendingItem => ({
  id: app.id,
  applicant: app.applicant?.name ?? '',
  phone: app.applicant?.phone ?? '',
  workUnit: app.workUnit,
  partyOrganization: app.partyOrganization,
  submitted: `${day(app.createdAt)} 提交`,
  actions: app.actions.map((code) => ({ code, label: REVIEW_ACTIONS[code].label })),
});

export function appendPage(
  vm: ReviewQueueViewModel,
  page: { items: Application[]; nextCursor: number | null },
  replace: boolean,
): ReviewQueueViewModel {
  const items = page.items.map(toPendingItem);
  return {
    ...vm,
    state: 'ready',
    message: '',
    loadingMore: false,
    items: replace ? items : [...vm.items, ...items],
    nextCursor: page.nextCursor,
  };
}

/**
 * A reviewed application leaves the queue. The cursor is an offset into the pending applications, which now
 * hold one fewer before it: step it back, or the next page would skip the first application not yet shown.
 */
export function withoutItem(vm: ReviewQueueViewModel, id: string): ReviewQueueViewModel {
  const items = vm.items.filter((item) => item.id !== id);
  const removed = vm.items.length - items.length;
  return {
    ...vm,
    busyId: '',
    items,
    nextCursor: vm.nextCursor === null ? null : Math.max(0, vm.nextCursor - removed),
  };
}
