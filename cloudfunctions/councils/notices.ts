/**
 * What a meeting tells the people on its seats (报名成功, 候补成功, 会议提醒): one notice to some of them, with a
 * subscription message template, as outbox entries of the write that decided it.
 */
import type { NoticeKind } from '../../miniprogram/shared/notices/templates';
import { shortTime } from '../../miniprogram/shared/time';
import { noticesOf } from '../lib/notify';
import type { OutboxEntry } from '../lib/outbox';
import { users, type MeetingDoc } from './model';

type SeatKind = Extract<NoticeKind, 'meeting_seat' | 'meeting_promoted' | 'meeting_reminder'>;

/** The status half of the title (`状态：会议`, as the meeting templates read it). */
const STATUS: Record<SeatKind, string> = {
  meeting_seat: '报名成功',
  meeting_promoted: '候补成功',
  meeting_reminder: '会议提醒',
};

/** When and where, the line every seat notice ends with. */
export const whenAndWhere = (m: Pick<MeetingDoc, 'startAt' | 'place'>) => `${shortTime(m.startAt)} ${m.place}`;

/** The notice of `kind` about meeting `m` to `people`, under `eventId` (stable: written twice, it is one). */
export function seatNotices(
  eventId: string,
  kind: SeatKind,
  m: Pick<MeetingDoc, '_id' | 'title' | 'startAt' | 'place'>,
  people: readonly string[],
  body: string,
  at: string,
): OutboxEntry[] {
  if (people.length === 0) return [];
  return noticesOf(
    eventId,
    {
      audiences: users(people),
      subject: { type: 'meeting', id: m._id },
      title: `${STATUS[kind]}：${m.title}`,
      kind,
      body,
    },
    at,
  );
}
