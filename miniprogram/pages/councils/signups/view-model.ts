import type { MySignUp } from '../../../shared/api/councils';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { shortTime } from '../../../shared/time';
import { mySeatText, toMeetingItem, type MeetingItem } from '../lib/meetings';

/** One sign-up: the meeting, my place (已报名 / 候补第2位 / 已签到) and my code. */
export interface SignUpItem extends MeetingItem {
  code: string;
  qr: string;
  checkedIn: string;
}

export const toSignUpItem = (s: MySignUp): SignUpItem => ({
  ...toMeetingItem(s.meeting),
  mine: mySeatText(s),
  code: s.code,
  qr: s.qr,
  checkedIn: s.checkedInAt ? `${shortTime(s.checkedInAt)} 已签到` : '',
});

/** 我的报名: upcoming meetings I signed up for, a page at a time; one code at a time shown as a QR code. */
export interface SignUpsViewModel extends PagedList<SignUpItem> {
  /** The meeting whose QR code is open ('' when none). */
  qrFor: string;
}

export const loadingSignUps = (): SignUpsViewModel => ({ ...loadingList<SignUpItem>(), qrFor: '' });

export const appendSignUps = (
  vm: SignUpsViewModel,
  page: { items: MySignUp[]; nextCursor: number | null },
  replace: boolean,
): SignUpsViewModel => withRows(vm, mergeRows(vm.items, page.items.map(toSignUpItem), replace), page.nextCursor);
