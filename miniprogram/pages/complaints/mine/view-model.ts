import type { ComplaintSummary } from '../../../shared/api/complaints';
import { complaintRow, type ComplaintRow } from '../../../shared/complaints/wording';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';

/** 我的投诉: those he filed and those he joined (附议), 进行中 / 已结束, newest first. */
export type ComplaintsTab = 'open' | 'closed';

export const COMPLAINT_TABS: ReadonlyArray<{ value: ComplaintsTab; label: string }> = [
  { value: 'open', label: '进行中' },
  { value: 'closed', label: '已结束' },
];

export const isComplaintsTab = (value: unknown): value is ComplaintsTab => value === 'open' || value === 'closed';

export interface MyComplaintsViewModel extends PagedList<ComplaintRow> {
  tab: ComplaintsTab;
  emptyText: string;
}

export const loadingMine = (tab: ComplaintsTab = 'open'): MyComplaintsViewModel => ({
  ...loadingList<ComplaintRow>(),
  tab,
  emptyText: tab === 'open' ? '没有进行中的投诉' : '还没有已结束的投诉',
});

export const appendMine = (
  vm: MyComplaintsViewModel,
  page: { items: ComplaintSummary[]; nextCursor: number | null },
  replace: boolean,
): MyComplaintsViewModel => withRows(vm, mergeRows(vm.items, page.items.map(complaintRow), replace), page.nextCursor);

export const NEW_COMPLAINT_URL = '/pages/complaints/new/index';
export const SCORE_URL = '/pages/complaints/score/index';
