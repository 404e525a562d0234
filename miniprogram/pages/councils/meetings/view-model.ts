import type { MeetingSummary } from '../../../shared/api/councils';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { toMeetingItem, type MeetingItem } from '../lib/meetings';

export type MeetingsTab = 'upcoming' | 'past';

export const MEETING_TABS: { value: MeetingsTab; label: string }[] = [
  { value: 'upcoming', label: '即将召开' },
  { value: 'past', label: '已结束' },
];

export const isMeetingsTab = (value: unknown): value is MeetingsTab => value === 'upcoming' || value === 'past';

/** 议事会: one tab of the meetings the resident may join, a page at a time. */
export interface MeetingsViewModel extends PagedList<MeetingItem> {
  tab: MeetingsTab;
}

export const loadingMeetings = (tab: MeetingsTab = 'upcoming'): MeetingsViewModel => ({
  ...loadingList<MeetingItem>(),
  tab,
});

export const appendMeetings = (
  vm: MeetingsViewModel,
  page: { items: MeetingSummary[]; nextCursor: number | null },
  replace: boolean,
): MeetingsViewModel => withRows(vm, mergeRows(vm.items, page.items.map(toMeetingItem), replace), page.nextCursor);

export const emptyMeetingsText = (tab: MeetingsTab): string =>
  tab === 'upcoming' ? '近期没有可以参加的议事会' : '还没有已结束的议事会';
