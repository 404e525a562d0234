/** 列入议程: an organiser takes a resident's topic onto a scheduled meeting's agenda (agenda.ts: meeting first). */
import { meetingTransition, topicTransition } from '../../../miniprogram/shared/councils/machine';
import { organiserRole, topicFitsMeeting } from '../../../miniprogram/shared/councils/scope';
import { AppError } from '../../../miniprogram/shared/errors';
import type { Lookups } from '../../lib/caller';
import { LOST, untilLanded } from '../../lib/cas';
import { COLLECTIONS } from '../../lib/db';
import { noticesOf } from '../../lib/notify';
import { pushOutbox } from '../../lib/outbox';
import { organisesTopic, type CouncilAction, type Organising } from '../access';
import { acceptNotice, agendaCheckAt, claimedBy, listedIds, withoutLost } from '../agenda';
import { AGENDA_ATTEMPTS, reread } from '../agenda-step';
import {
  STALE,
  councilCaller,
  event,
  refusalOf,
  scopeOf,
  type AgendaEntry,
  type MeetingDoc,
  type TopicDoc,
} from '../model';
import { toTopic } from '../views';

/**
 * Meeting first: the agenda entry is pushed (the meeting still open for edits, the topic not listed yet), then
 * the topic is claimed with a compare-and-set on the version read, its people told in the same write. A lost
 * claim reads again: accepted onto this meeting by someone else finishing it is success; gone elsewhere drops
 * the entry again and refuses as the topic's state says. A retry of a request cut short between the writes
 * finds its entry listed and goes on to the claim.
 */
export const acceptTopic: CouncilAction<'acceptTopic'> = {
  access: organisesTopic,
  reads: (input) => ({ meeting: { collection: COLLECTIONS.meetings, ids: [input.meetingId] } }),
  async handler(input, { caller, db, now, subject, loaded }) {
    const { role } = subject as Organising<TopicDoc>;
    const at = now();
    const iso = at.toISOString();
    const _ = db.command;
    const lookups: Lookups = {
      meeting: { collection: COLLECTIONS.meetings, ids: [input.meetingId] },
      subject: { collection: COLLECTIONS.topics, ids: [input.topicId] },
    };
    return untilLanded(AGENDA_ATTEMPTS, STALE, async (attempt) => {
      const view = attempt === 0 ? loaded : await reread(db, caller, lookups);
      const topic = view.subject[0] as TopicDoc | undefined;
      if (!topic) throw new AppError('NOT_FOUND', '找不到这个议题');
      let m = view.meeting[0] as MeetingDoc | undefined;
      if (!m) throw new AppError('NOT_FOUND', '找不到这个会议');
      if (organiserRole(scopeOf(m), councilCaller(caller)) === null)
        throw new AppError('FORBIDDEN', '您不是该会议的组织者');
      const listed = listedIds(m).includes(topic._id);
      // Already on this agenda: a resend after a lost answer, a twin tap, or a step that finished ours. The
      // organiser asked for what is the case: answered as done, nothing written.
      if (listed && claimedBy(topic, m._id)) return toTopic(topic, caller, m);
      const edit = meetingTransition({ state: m.status, startAt: m.startAt }, 'edit', role, { at });
      if (!edit.ok) throw refusalOf(edit);
      if (!topicFitsMeeting(scopeOf(topic), scopeOf(m)))
        throw new AppError('VALIDATION_FAILED', '议题不在该会议的范围内');
      const step = topicTransition(topic.status, 'accept', role, { at });
      if (!step.ok) {
        // listed, but the topic went elsewhere before it followed: take the stale entry off again
        if (listed && !claimedBy(topic, m._id)) {
          const res = await db
            .collection(COLLECTIONS.meetings)
            .where({ _id: m._id, version: m.version })
            .update({ agenda: withoutLost(m, [topic._id]), version: _.inc(1) });
          if (res.updated !== 1) return LOST;
        }
        throw new AppError(step.code, `「${topic.title}」：${step.message}`);
      }
      if (!listed) {
        const entry: AgendaEntry = { title: topic.title, topicId: topic._id, announce: true };
        const pushed = await db
          .collection(COLLECTIONS.meetings)
          .where({ _id: m._id, status: 'scheduled', startAt: _.gt(iso), 'agenda.topicId': _.neq(topic._id) })
          .update({ agenda: _.push([entry]), version: _.inc(1), agendaCheckAt: agendaCheckAt(at) });
        if (pushed.updated !== 1) return LOST;
        m = { ...m, agenda: [...m.agenda, entry], version: m.version + 1 };
      }
      const e = event(topic, 'accept', topic.status, step.to, role, caller, iso);
      const claimed = await db
        .collection(COLLECTIONS.topics)
        .where({ _id: topic._id, version: topic.version })
        .update({
          status: step.to,
          meetingId: m._id,
          agendaOf: _.addToSet(m._id),
          version: _.inc(1),
          timeline: _.push([e]),
          ...pushOutbox(db, noticesOf(e.id, acceptNotice(topic, m), iso)),
        });
      return claimed.updated === 1 ? toTopic({ ...topic, status: step.to, meetingId: m._id }, caller, m) : LOST;
    });
  },
};
