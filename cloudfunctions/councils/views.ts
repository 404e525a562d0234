/**
 * The read models: a topic, a meeting's summary and detail as the caller sees them (his seat, his code, the
 * organiser's buttons and attendance), from the documents as read or as the caller's own write left them.
 */
import type { Attendee, MeetingDetail, MeetingSummary, Topic } from '../../miniprogram/shared/api/councils';
import { attendanceOf, qrPayload } from '../../miniprogram/shared/councils/checkin';
import {
  MEETING_STATES,
  TOPIC_STATES,
  checkBack,
  organiserActions,
  resolutionProgress,
  topicActions,
  type TopicAction,
} from '../../miniprogram/shared/councils/machine';
import { JOIN_BASES, councilLevelLabel, organiserRole, type JoinBasis } from '../../miniprogram/shared/councils/scope';
import { seatOf, signUpOption } from '../../miniprogram/shared/councils/seats';
import { ORDER_STATES, isOverdue, type Tone } from '../../miniprogram/shared/orders/machine';
import { lookerOf, photoNote, visiblePhotos } from '../../miniprogram/shared/photo-review';
import { seenBy } from '../../miniprogram/shared/privacy';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import type { OrderDoc } from '../lib/orders';
import { loadPlaces } from '../lib/records';
import {
  councilCaller,
  orderIdOf,
  scopeOf,
  seatMeeting,
  type MeetingDoc,
  type ScopeFields,
  type TopicDoc,
} from './model';

/** How a state shows, alike for topics, meetings and orders: its label, tone, and whether it is still open. */
const shownState = <S extends string>(status: S, spec: { label: string; tone: Tone; category: 'open' | 'closed' }) => ({
  status,
  statusLabel: spec.label,
  statusTone: spec.tone,
  open: spec.category === 'open',
});

/** The building, grid or community a topic or meeting is for. */
const placeOf = (d: ScopeFields) => ({ id: d.buildingId ?? d.gridId ?? d.communityId, name: d.placeName });

export function toTopic(
  t: TopicDoc,
  caller: Caller,
  meeting: Pick<MeetingDoc, '_id' | 'title' | 'startAt'> | null,
): Topic {
  const c = councilCaller(caller);
  const isProposer = t.proposerId === caller.openid;
  const role = organiserRole(scopeOf(t), c);
  const looker = lookerOf(caller.openid, role ? 'handler' : 'neighbour');
  const actions: TopicAction[] = [
    ...(role ? topicActions(t.status, role) : []),
    ...(isProposer ? topicActions(t.status, 'resident') : []),
  ];
  return {
    id: t._id,
    title: t.title,
    description: t.description,
    photos: visiblePhotos(t.photos, t.photoReviews, looker),
    photoNote: photoNote(t.photoReviews, looker),
    level: t.level,
    levelLabel: councilLevelLabel(t.level),
    place: placeOf(t),
    ...shownState(t.status, TOPIC_STATES[t.status]),
    backers: t.backerCount,
    proposerName: seenBy(isProposer ? 'self' : role ? 'handler' : 'neighbour', {
      name: t.proposerName,
      phone: '',
      private: !t.publicName,
    }).name,
    relation: isProposer ? 'proposer' : t.backers.includes(caller.openid) ? 'backer' : null,
    meeting: meeting ? { id: meeting._id, title: meeting.title, startAt: meeting.startAt } : null,
    declineReason: t.declineReason,
    actions: [...new Set(actions)],
    canBack: checkBack({
      state: t.status,
      scope: scopeOf(t),
      caller: c,
      isProposer,
      alreadyBacker: t.backers.includes(caller.openid),
    }).ok,
    createdAt: t.createdAt,
  };
}

export function toSummary(m: MeetingDoc, caller: Caller, now: Date): MeetingSummary {
  const seat = seatOf(m, caller.openid);
  return {
    id: m._id,
    title: m.title,
    level: m.level,
    levelLabel: councilLevelLabel(m.level),
    scope: placeOf(m),
    ...shownState(m.status, MEETING_STATES[m.status]),
    startAt: m.startAt,
    endAt: m.endAt,
    place: m.place,
    capacity: m.capacity,
    confirmed: m.confirmed.length,
    waitlisted: m.waitlist.length,
    signUpDeadline: m.signUpDeadline,
    signUp: signUpOption(seatMeeting(m), caller.openid, now),
    mine: seat ? { ...seat, checkedInAt: m.checkedInAt[caller.openid] ?? null } : null,
  };
}

/**
 * The meeting page, from the meeting and its agenda's topics as the caller already has them (read with him, or
 * as his own write left them) and the resolutions' orders.
 */
export function toDetail(
  m: MeetingDoc,
  caller: Caller,
  now: Date,
  topics: ReadonlyMap<string, TopicDoc>,
  orders: ReadonlyMap<string, OrderDoc> = new Map(),
): MeetingDetail {
  const role = organiserRole(scopeOf(m), councilCaller(caller));
  const seat = seatOf(m, caller.openid);
  const looker = lookerOf(caller.openid, role ? 'handler' : 'neighbour');
  return {
    ...toSummary(m, caller, now),
    description: m.description,
    // Staff act by name; his OPENID stays on the server.
    organizer: { name: m.organizerName },
    audience: {
      partyMembers: m.audience.partyMembers,
      units: m.audience.unitIds.map((id, i) => ({ id, name: m.audience.unitNames[i] ?? '' })),
    },
    agenda: m.agenda.map((a) => {
      const t = a.topicId ? topics.get(a.topicId) : undefined;
      return { title: a.title, topic: t ? { id: t._id, backers: t.backerCount, status: t.status } : null };
    }),
    myCode:
      seat && m.codes[caller.openid]
        ? { code: m.codes[caller.openid], qr: qrPayload(m._id, m.codes[caller.openid]) }
        : null,
    cancelReason: m.cancelReason,
    minutes: m.minutes && { ...m.minutes, photos: visiblePhotos(m.minutes.photos, m.photoReviews, looker) },
    photoNote: photoNote(m.photoReviews, looker),
    resolutions: m.resolutions.map((r) => {
      const order = orders.get(orderIdOf(m, r));
      const progress = resolutionProgress(
        order ? { state: order.status, holder: order.holder, escalatedAt: order.escalatedAt } : null,
      );
      return {
        id: r.id,
        text: r.text,
        topicId: r.topicId,
        order: order
          ? {
              id: order._id,
              ...shownState(order.status, ORDER_STATES[order.status]),
              step: progress.step,
              stepLabel: progress.stepLabel,
              overdue: isOverdue({ state: order.status, deadline: order.deadline }, now),
            }
          : null,
      };
    }),
    attendance: role ? attendanceOf(m) : null,
    actions: role ? organiserActions({ state: m.status, startAt: m.startAt }, role, now) : [],
  };
}

/** The orders the meeting's resolutions became (none before its minutes: no request then). */
export async function resolutionOrders(db: Database, m: MeetingDoc): Promise<Map<string, OrderDoc>> {
  const ids = m.resolutions.map((r) => orderIdOf(m, r));
  if (ids.length === 0) return new Map();
  const res = await db
    .collection(COLLECTIONS.orders)
    .where({ _id: db.command.in(ids) })
    .limit(ids.length)
    .get();
  return new Map((res.data as OrderDoc[]).map((d) => [d._id, d]));
}

/** The topics as a step moved them (the follow-up's conditions held: they were exactly as read). */
export const moved = (topics: ReadonlyMap<string, TopicDoc>, ids: readonly string[], change: Partial<TopicDoc>) =>
  new Map([...topics].map(([id, t]) => [id, ids.includes(id) ? { ...t, ...change } : t]));

/** The names of the attendees' buildings, in one query. */
export async function buildingNames(
  db: Database,
  m: MeetingDoc,
  uids: readonly string[],
): Promise<Map<string, string>> {
  const ids = uids.map((uid) => m.people[uid]?.buildingId).filter((id): id is string => Boolean(id));
  const places = await loadPlaces(db, ids);
  return new Map([...places].map(([id, place]) => [id, place.name]));
}

export function attendeeOf(m: MeetingDoc, uid: string, buildings: ReadonlyMap<string, string>): Attendee {
  const person = m.people[uid] ?? { name: '', buildingId: null, basis: 'resident' as JoinBasis };
  return {
    name: person.name,
    building: person.buildingId ? (buildings.get(person.buildingId) ?? '') : '',
    basis: person.basis,
    basisLabel: JOIN_BASES[person.basis],
    checkedInAt: m.checkedInAt[uid] ?? null,
  };
}
