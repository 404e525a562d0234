/** Editing a meeting before it starts (time, place, seats, audience, agenda) and cancelling it. */
import {
  agendaChanges,
  checkSchedule,
  meetingTransition,
  mustNotifyOfEdit,
  topicTransition,
} from '../../../miniprogram/shared/councils/machine';
import { topicFitsMeeting } from '../../../miniprogram/shared/councils/scope';
import { decideCapacity, everyoneSignedUp, seatWrite } from '../../../miniprogram/shared/councils/seats';
import { AppError } from '../../../miniprogram/shared/errors';
import { COLLECTIONS } from '../../lib/db';
import { noticesOf } from '../../lib/notify';
import { organisesMeeting, type CouncilAction } from '../access';
import { agendaCheckAt, agendaReads, agendaTopicsLookup, claimTopics, releaseTopics, withoutLost } from '../agenda';
import { agendaStep, finishClaims, notAcceptable } from '../agenda-step';
import { event, refusalOf, scopeOf, seatMeeting, seatsOf, unitNamesOf, users } from '../model';
import { seatNotices } from '../notices';
import { moved, toDetail } from '../views';

const updateReads = (input: { meetingId: string; topicIds?: string[]; audience?: { unitIds?: string[] } }) => ({
  agendaTopics: agendaTopicsLookup(input.meetingId),
  wanted: { collection: COLLECTIONS.topics, ids: input.topicIds ?? [] },
  units: { collection: COLLECTIONS.units, ids: input.audience?.unitIds ?? [] },
});

/**
 * One compare-and-set on the meeting (its fields, seats, agenda, the edit's notices in its outbox), then the
 * topics it takes onto the agenda are claimed and the ones it takes off released. A sign-up meanwhile makes the
 * write lose: read again and decide again.
 */
export const updateMeeting: CouncilAction<'updateMeeting'> = {
  access: organisesMeeting,
  reads: updateReads,
  async handler(input, ctx) {
    const { caller, db } = ctx;
    return agendaStep(ctx, updateReads(input), input.topicIds ?? [], (m, ready, { role, at, iso, view }) => {
      const { topics, agenda } = ready;
      const step = meetingTransition({ state: m.status, startAt: m.startAt }, 'edit', role, { at });
      if (!step.ok) throw refusalOf(step);
      const next = {
        startAt: input.startAt ? new Date(input.startAt).toISOString() : m.startAt,
        endAt: input.endAt ? new Date(input.endAt).toISOString() : m.endAt,
        signUpDeadline: input.signUpDeadline ? new Date(input.signUpDeadline).toISOString() : m.signUpDeadline,
        place: input.place ?? m.place,
      };
      const schedule = checkSchedule(next, at, m);
      if (!schedule.ok) throw refusalOf(schedule);
      const title = input.title ?? m.title;
      const fields: Record<string, unknown> = { ...next, title, description: input.description ?? m.description };
      let promoted: string[] = [];
      if (input.capacity !== undefined && input.capacity !== m.capacity) {
        const decision = decideCapacity(seatMeeting(m), input.capacity);
        if (!decision.ok) throw refusalOf(decision);
        promoted = decision.promoted;
        // the version is the step's own (commitStep bumps it, on the one this decision was made from)
        const { rev: _rev, ...seats } = seatWrite(seatsOf(m), decision.seats).set;
        Object.assign(fields, seats);
      }
      if (input.audience) {
        const unitIds = input.audience.unitIds ?? m.audience.unitIds;
        fields.audience = {
          partyMembers: input.audience.partyMembers ?? m.audience.partyMembers,
          unitIds,
          unitNames: input.audience.unitIds ? unitNamesOf(view.units, unitIds) : m.audience.unitNames,
        };
      }
      let added: string[] = [];
      let removed: string[] = [];
      if (input.topicIds || input.otherItems || agenda.lost.length) {
        const current = agenda.settled.map((t) => t._id);
        const wanted = input.topicIds ?? current;
        ({ added, removed } = agendaChanges(current, wanted));
        const kept = new Map(m.agenda.filter((a) => a.topicId).map((a) => [a.topicId!, a.title]));
        for (const id of added) {
          const t = topics.get(id);
          if (!t) throw new AppError('NOT_FOUND', '找不到这个议题');
          const accept = topicTransition(t.status, 'accept', role, { at });
          if (!accept.ok) throw new AppError(accept.code, `「${t.title}」：${accept.message}`);
          if (!topicFitsMeeting(scopeOf(t), scopeOf(m)))
            throw new AppError('VALIDATION_FAILED', '议程中有不属于该范围的议题');
          kept.set(id, t.title);
        }
        const others = input.otherItems ?? m.agenda.filter((a) => a.topicId === null).map((a) => a.title);
        fields.agenda = [
          ...wanted.map((id) => ({ title: kept.get(id) ?? '', topicId: id })),
          ...others.map((title) => ({ title, topicId: null })),
        ];
        if (added.length || removed.length || agenda.lost.length) fields.agendaCheckAt = agendaCheckAt(at);
      }
      const e = event(m, 'edit', m.status, m.status, role, caller, iso);
      const subjectOf = { type: 'meeting' as const, id: m._id };
      const records = [
        // a new time or place: everyone signed up hears of it
        ...(mustNotifyOfEdit(m, next)
          ? noticesOf(
              e.id,
              {
                audiences: users(everyoneSignedUp(m)),
                subject: subjectOf,
                title: `议事会时间地点变更：${title}`,
                body: `${next.place}，${next.startAt}`,
              },
              iso,
            )
          : []),
        ...seatNotices(
          `${e.id}-promoted`,
          'meeting_promoted',
          { ...m, title },
          promoted,
          '名额增加，您已获得座位',
          iso,
        ),
      ];
      return {
        fields,
        event: e,
        records,
        then: async (after) => {
          // the topics follow the agenda
          const by = { role, caller };
          const claimed = await claimTopics(db, after, added, by, iso);
          await releaseTopics(db, after, removed, by, iso);
          if (claimed < added.length) {
            const [dropped] = await finishClaims(db, m._id, added, by, iso);
            if (dropped) throw notAcceptable(dropped, role, iso);
          }
          const followed = moved(moved(topics, added, { status: 'accepted', meetingId: m._id }), removed, {
            status: 'proposed',
            meetingId: null,
          });
          return toDetail(after, caller, at, followed);
        },
      };
    });
  },
};

/** The meeting is cancelled (everyone signed up told, in its outbox), then its topics go back to 征集中. */
export const cancelMeeting: CouncilAction<'cancelMeeting'> = {
  access: organisesMeeting,
  reads: agendaReads,
  async handler(input, ctx) {
    const { caller, db } = ctx;
    return agendaStep(ctx, agendaReads(input), [], (m, ready, { role, at, iso }) => {
      const { topics, agenda } = ready;
      const step = meetingTransition({ state: m.status, startAt: m.startAt }, 'cancel', role, {
        at,
        reason: input.reason,
      });
      if (!step.ok) throw refusalOf(step);
      // Its agenda's topics go back to 征集中, for another meeting.
      const back = agenda.settled.map((t) => t._id);
      const fields: Record<string, unknown> = {
        status: step.to,
        cancelReason: input.reason,
        ...(back.length || agenda.lost.length ? { agendaCheckAt: agendaCheckAt(at) } : {}),
        ...(agenda.lost.length ? { agenda: withoutLost(m, agenda.lost) } : {}),
      };
      return {
        fields,
        event: event(m, 'cancel', m.status, step.to, role, caller, iso, input.reason),
        notice: {
          audiences: users(everyoneSignedUp(m)),
          subject: { type: 'meeting', id: m._id },
          title: `议事会已取消：${m.title}`,
          body: input.reason,
        },
        then: async (after) => {
          await releaseTopics(db, after, back, { role, caller }, iso);
          return toDetail(after, caller, at, moved(topics, back, { status: 'proposed', meetingId: null }));
        },
      };
    });
  },
};
