/**
 * The councils function's timers: its outboxes delivered, started meetings marked held, and agendas whose topics
 * a request left half done finished (agenda.ts).
 */
import { meetingTimerAction, meetingTransition } from '../../miniprogram/shared/councils/machine';
import { COLLECTIONS } from '../lib/db';
import { deliveryTimer } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';
import { commitStep, takeDueSteps } from '../lib/workflow';
import { reconcileAgenda } from './agenda';
import { event, refusalOf, type MeetingDoc } from './model';

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
};
