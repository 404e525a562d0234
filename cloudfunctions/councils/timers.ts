/**
 * The councils function's timers: its outboxes delivered, started meetings marked held, agendas whose topics a
 * request left half done finished (agenda.ts), and the seated attendees reminded the day before.
 */
import { meetingTimerAction, meetingTransition } from '../../miniprogram/shared/councils/machine';
import { COLLECTIONS, type Database } from '../lib/db';
import { deliveryTimer, pushOutbox } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';
import { commitStep, takeDueSteps } from '../lib/workflow';
import { reconcileAgenda } from './agenda';
import { event, refusalOf, type MeetingDoc } from './model';
import { seatNotices, whenAndWhere } from './notices';

const HOUR = 3600_000;
/**
 * The day before: a meeting is reminded of at the first hourly run less than 25 h before it starts (so normally
 * 24–25 h ahead). Runs missed for up to half a day still remind; later than 12 h ahead it would no longer be the
 * day before, and whoever signs up that late has just been told of his seat.
 */
const REMIND_FROM_MS = 25 * HOUR;
const REMIND_UNTIL_MS = 12 * HOUR;
/** Meetings one run reads per page (and at most this many pages: far more than start within 13 hours). */
const REMIND_PAGE = 100;
const REMIND_PAGES = 10;

/**
 * 会议提醒: every seated attendee of each scheduled meeting in the window hears of it once. The notices go into
 * the meeting's outbox with the flag `remindedFor` (its start time) in one conditional write on its version, so
 * the list told is the list as read, two runs never both remind, and a meeting moved to another day is reminded
 * of its new time. A write lost to a sign-up meanwhile is tried by the next run.
 */
export async function remindAttendees(db: Database, at: Date): Promise<Record<string, number>> {
  const _ = db.command;
  const iso = at.toISOString();
  const window = _.gt(new Date(at.getTime() + REMIND_UNTIL_MS).toISOString()).and(
    _.lte(new Date(at.getTime() + REMIND_FROM_MS).toISOString()),
  );
  let meetings = 0;
  let people = 0;
  for (let page = 0; page < REMIND_PAGES; page += 1) {
    const res = await db
      .collection(COLLECTIONS.meetings)
      .where({ status: 'scheduled', startAt: window })
      .orderBy('startAt', 'asc')
      .skip(page * REMIND_PAGE)
      .limit(REMIND_PAGE)
      .get();
    for (const m of res.data as MeetingDoc[]) {
      if (m.remindedFor === m.startAt) continue;
      const notices = seatNotices(
        `${m._id}-reminder-${m.startAt}`,
        'meeting_reminder',
        m,
        m.confirmed,
        whenAndWhere(m),
        iso,
      );
      const done = await db
        .collection(COLLECTIONS.meetings)
        .where({
          _id: m._id,
          status: 'scheduled',
          version: m.version,
          startAt: m.startAt,
          remindedFor: _.neq(m.startAt),
        })
        .update({ remindedFor: m.startAt, ...pushOutbox(db, notices) });
      if (done.updated !== 1) continue;
      meetings += 1;
      people += m.confirmed.length;
    }
    if (res.data.length < REMIND_PAGE) break;
  }
  return { reminded: meetings, people };
}

export const councilTimers: Record<string, TimerSpec> = {
  deliver: deliveryTimer(COLLECTIONS.meetings, COLLECTIONS.topics),
  sweep: {
    summary: '会议开始后标记为已召开；议程变更后核对议题已跟上',
    everyMinutes: 5,
    async run({ db, now }) {
      const _ = db.command;
      const at = now();
      const due = await db
        .collection(COLLECTIONS.meetings)
        .where({ status: 'scheduled', startAt: _.lte(at.toISOString()) })
        .limit(100)
        .get();
      const counts = await takeDueSteps(
        due.data as MeetingDoc[],
        (m) => meetingTimerAction({ state: m.status, startAt: m.startAt }, at),
        async (m, action) => {
          const step = meetingTransition({ state: m.status, startAt: m.startAt }, action, 'system', { at });
          if (!step.ok) throw refusalOf(step);
          const e = event(m, action, m.status, step.to, 'system', null, at.toISOString());
          await commitStep(db, COLLECTIONS.meetings, m, { status: step.to }, e, null);
        },
      );
      // agendas changed a while ago: their topics must agree by now (agenda.ts)
      const changed = await db
        .collection(COLLECTIONS.meetings)
        .where({ agendaCheckAt: _.lte(at.toISOString()) })
        .limit(100)
        .get();
      let agendas = 0;
      for (const m of changed.data as MeetingDoc[]) if (await reconcileAgenda(db, m, at)) agendas += 1;
      return { held: counts.hold ?? 0, agendas };
    },
  },
  remind: {
    summary: '会议前一天提醒已确认座位的参会人',
    everyMinutes: 60,
    run: ({ db, now }) => remindAttendees(db, now()),
  },
};
