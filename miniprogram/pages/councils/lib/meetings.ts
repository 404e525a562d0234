import type { MeetingSummary } from '../../../shared/api/councils';
import type { Tone } from '../../../shared/orders/machine';
import { timeWindow } from '../../../shared/time';

/** How the council pages (议事会, 我的报名, a meeting's page) show a meeting and its seats. */

export const meetingUrl = (id: string): string => `/pages/councils/meeting/index?id=${encodeURIComponent(id)}`;

/** 已报名 7/10 · 候补 2 */
export const seatsText = (m: Pick<MeetingSummary, 'confirmed' | 'capacity' | 'waitlisted'>): string =>
  `已报名 ${m.confirmed}/${m.capacity}${m.waitlisted > 0 ? ` · 候补 ${m.waitlisted}` : ''}`;

/** The caller's own place: 已报名 / 候补第2位 / 已签到; '' when he has not signed up. */
export function mySeatText(
  mine: { status: 'confirmed' | 'waitlisted'; position: number | null; checkedInAt: string | null } | null,
): string {
  if (mine === null) return '';
  if (mine.checkedInAt) return '已签到';
  return mine.status === 'confirmed' ? '已报名' : `候补第${mine.position}位`;
}

/** One meeting as the lists show it. */
export interface MeetingItem {
  id: string;
  title: string;
  levelLabel: string;
  scope: string;
  when: string;
  place: string;
  seats: string;
  statusLabel: string;
  statusTone: Tone;
  mine: string;
}

export const toMeetingItem = (m: MeetingSummary): MeetingItem => ({
  id: m.id,
  title: m.title,
  levelLabel: m.levelLabel,
  scope: m.scope.name,
  when: timeWindow(m.startAt, m.endAt),
  place: m.place,
  seats: seatsText(m),
  statusLabel: m.statusLabel,
  statusTone: m.statusTone,
  mine: mySeatText(m.mine),
});
