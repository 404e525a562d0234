/** 召集议事会: a meeting at a building, grid or community, with residents' topics on its agenda. */
import type { MeetingDetail } from '../../../miniprogram/shared/api/councils';
import { checkSchedule, topicTransition } from '../../../miniprogram/shared/councils/machine';
import { scopeAt, topicFitsMeeting, type CouncilLevel } from '../../../miniprogram/shared/councils/scope';
import { AppError } from '../../../miniprogram/shared/errors';
import type { Actor } from '../../../miniprogram/shared/orders/machine';
import type { Place } from '../../../miniprogram/shared/schemas/places';
import { registered } from '../../lib/access';
import type { Caller } from '../../lib/caller';
import { COLLECTIONS, type Database } from '../../lib/db';
import { insertOnce } from '../../lib/records';
import { organiser, type CouncilAction } from '../access';
import { agendaCheckAt, claimTopics, claimedBy, listedIds, topicMap, viewAgenda } from '../agenda';
import { finishClaims, notAcceptable } from '../agenda-step';
import {
  event,
  loadMeeting,
  meetingIdOf,
  refusalOf,
  scopeFields,
  scopeOf,
  unitNamesOf,
  type MeetingDoc,
  type TopicDoc,
} from '../model';
import { moved, toDetail } from '../views';

/** The kind of place a meeting at this level is for. */
const levelKind = (level: CouncilLevel): Place['kind'] => (level === 'community' ? 'community' : level);

/**
 * createMeeting again, for a meeting that exists: the first attempt may have died before its topics followed —
 * claim those still 征集中 (they are this request's), then answer with the meeting as it stands.
 */
async function answerRetry(
  db: Database,
  m: MeetingDoc,
  found: ReadonlyMap<string, TopicDoc>,
  topicIds: readonly string[],
  by: { role: Actor; caller: Caller },
  at: Date,
): Promise<MeetingDetail> {
  const iso = at.toISOString();
  const pending = viewAgenda(m, found, new Set(topicIds)).pending.map((t) => t._id);
  let topics: ReadonlyMap<string, TopicDoc> = found;
  if (pending.length) {
    const claimed = await claimTopics(db, m, pending, by, iso);
    if (claimed < pending.length) {
      await finishClaims(db, m._id, pending, by, iso);
      const fresh = await loadMeeting(db, m._id);
      return toDetail(fresh, by.caller, at, moved(found, listedIds(fresh), { status: 'accepted', meetingId: m._id }));
    }
    topics = moved(found, pending, { status: 'accepted', meetingId: m._id });
  }
  return toDetail(m, by.caller, at, topics);
}

/**
 * The meeting is inserted with its agenda (under an id the request decides, so a retry finds it), then its
 * topics are claimed in one conditional update. A topic another organiser took in the same instant is dropped
 * from the agenda again and named in the refusal; the meeting stands with the rest, and a retry of the same
 * request answers with it.
 */
export const createMeeting: CouncilAction<'createMeeting'> = {
  access: registered,
  reads: (input, { openid }) => ({
    place: { collection: COLLECTIONS.places, ids: [input.placeId] },
    topics: { collection: COLLECTIONS.topics, ids: input.topicIds ?? [] },
    units: { collection: COLLECTIONS.units, ids: input.audience?.unitIds ?? [] },
    // a retry of this request finds the meeting it created
    existing: { collection: COLLECTIONS.meetings, ids: [meetingIdOf(openid, input.requestId)] },
  }),
  async handler(input, { caller, db, now, loaded }) {
    const at = now();
    const place = loaded.place[0] as Place | undefined;
    if (!place || place.kind !== levelKind(input.level)) throw new AppError('NOT_FOUND', '找不到该楼栋、网格或社区');
    const scope = scopeAt(input.level, {
      communityId:
        place.kind === 'community'
          ? place._id
          : (place as Exclude<Place, { kind: 'street' | 'community' }>).communityId,
      gridId: place.kind === 'grid' ? place._id : place.kind === 'building' ? place.gridId : null,
      buildingId: place.kind === 'building' ? place._id : null,
    });
    const role = organiser(caller, scope);
    const id = meetingIdOf(caller.openid, input.requestId);
    const iso = at.toISOString();
    const topicIds = [...new Set(input.topicIds ?? [])];
    const found = topicMap(loaded.topics);
    const by = { role, caller };
    const existing = loaded.existing[0] as MeetingDoc | undefined;
    if (existing) return answerRetry(db, existing, found, topicIds, by, at);
    const schedule = checkSchedule(input, at);
    if (!schedule.ok) throw refusalOf(schedule);
    const unitIds = input.audience?.unitIds ?? [];
    const unitNames = unitNamesOf(loaded.units, unitIds);
    const topics = topicIds.map((topicId) => {
      const topic = found.get(topicId);
      if (!topic || !topicFitsMeeting(scopeOf(topic), scope)) {
        throw new AppError('VALIDATION_FAILED', '议程中有不属于该范围的议题');
      }
      // already this meeting's: an earlier attempt of this very request
      if (claimedBy(topic, id)) return topic;
      const step = topicTransition(topic.status, 'accept', role, { at });
      if (!step.ok) throw new AppError(step.code, `「${topic.title}」：${step.message}`);
      return topic;
    });
    const meeting: MeetingDoc = {
      _id: id,
      ...scopeFields(scope, place.name),
      title: input.title,
      description: input.description ?? '',
      organizerId: caller.openid,
      organizerName: caller.user!.name,
      audience: { partyMembers: input.audience?.partyMembers ?? false, unitIds, unitNames },
      agenda: [
        ...topics.map((t) => ({ title: t.title, topicId: t._id })),
        ...(input.otherItems ?? []).map((title) => ({ title, topicId: null })),
      ],
      startAt: new Date(input.startAt).toISOString(),
      endAt: new Date(input.endAt).toISOString(),
      place: input.place,
      capacity: input.capacity,
      signUpDeadline: new Date(input.signUpDeadline).toISOString(),
      status: 'scheduled',
      confirmed: [],
      waitlist: [],
      members: [],
      confirmedCount: 0,
      waitlistCount: 0,
      freeSeats: input.capacity,
      codes: {},
      codeList: [],
      people: {},
      attended: [],
      checkedInAt: {},
      cancelReason: null,
      minutes: null,
      resolutions: [],
      agendaCheckAt: topics.length ? agendaCheckAt(at) : null,
      createdAt: iso,
      timeline: [event({ _id: id, timeline: [] }, 'create', 'scheduled', 'scheduled', role, caller, iso)],
      version: 1,
    };
    if (!(await insertOnce(db, COLLECTIONS.meetings, meeting))) {
      // its twin got there first (the same request, sent twice at once)
      return answerRetry(db, await loadMeeting(db, id), found, topicIds, by, at);
    }
    const toClaim = topics.filter((t) => !claimedBy(t, id)).map((t) => t._id);
    const claimed = await claimTopics(db, meeting, toClaim, by, iso);
    if (claimed < toClaim.length) {
      const [dropped] = await finishClaims(db, id, toClaim, by, iso);
      if (dropped) throw notAcceptable(dropped, role, iso);
    }
    const accepted = moved(found, topicIds, { status: 'accepted', meetingId: id, agendaOf: [id] });
    return toDetail(meeting, caller, at, accepted);
  },
};
