import type { Attendance, Attendee } from '../../../shared/api/councils';
import { readCode } from '../../../shared/councils/checkin';
import { shortTime } from '../../../shared/time';

export interface AttendeeView {
  key: string;
  name: string;
  /** 1号楼 · 居民 */
  note: string;
  /** 11-03 14:05 签到 / 未签到 */
  at: string;
  checkedIn: boolean;
}

export interface AttendanceView {
  /** 已签到 3 / 已报名 10 */
  counts: string;
  /** 未到 7 · 候补 2 · 名额 10 */
  detail: string;
  attendees: AttendeeView[];
}

export const toAttendeeView = (a: Attendee, i: number): AttendeeView => ({
  key: `${i}`,
  name: a.name,
  note: [a.building, a.basisLabel].filter(Boolean).join(' · '),
  at: a.checkedInAt ? `${shortTime(a.checkedInAt)} 签到` : '未签到',
  checkedIn: a.checkedInAt !== null,
});

export function toAttendanceView(attendance: Attendance, attendees: readonly Attendee[]): AttendanceView {
  return {
    counts: `已签到 ${attendance.checkedIn} / 已报名 ${attendance.confirmed}`,
    detail: `未到 ${attendance.notYet} · 候补 ${attendance.waitlisted} · 名额 ${attendance.capacity}`,
    // the ones still expected first, then those who came, latest first
    attendees: attendees
      .map(toAttendeeView)
      .sort((a, b) => Number(a.checkedIn) - Number(b.checkedIn) || b.at.localeCompare(a.at)),
  };
}

/** The counts after a check-in answered, the list kept until it is reloaded. */
export const withCounts = (view: AttendanceView, attendance: Attendance): AttendanceView => ({
  ...toAttendanceView(attendance, []),
  attendees: view.attendees,
});

/** What staff typed or scanned, checked as the server would read it: the code to send, or why not. */
export function codeToSend(
  input: string,
  meetingId: string,
): { code: string; error: '' } | { code: ''; error: string } {
  const read = readCode(input, meetingId);
  return read.ok ? { code: input.trim(), error: '' } : { code: '', error: read.message };
}

/** The person just checked in, as the page announces him. */
export const admitted = (a: Attendee): string => `${a.name}${a.building ? `（${a.building}）` : ''} 签到成功`;
