/**
 * 议事会: 群众说事 topics, meetings at three levels with sign-up, waitlist and check-in, minutes and resolutions
 * that become service orders.
 *
 * A meeting is one document holding its seats (confirmed, waitlist), codes and attendance. Every seat change is a
 * compare-and-set on the meeting's `version` (shared/councils/seats.ts decides, this function writes), so capacity
 * is never exceeded whatever the concurrency; a lost race re-reads and decides again. Steps that touch a meeting
 * and its agenda topics together (accept onto the agenda, edit, cancel) run in a transaction.
 */
import { randomInt } from 'node:crypto';
import {
  councilsActions,
  type Attendee,
  type MeetingDetail,
  type MeetingSummary,
  type Topic,
} from '../../miniprogram/shared/api/councils';
import { AppError, type ErrorCode } from '../../miniprogram/shared/errors';
import { attendanceOf, issueCode, qrPayload, verifyCheckIn } from '../../miniprogram/shared/councils/checkin';
import {
  MEETING_STATES,
  TOPIC_STATES,
  agendaChanges,
  checkBack,
  checkResolutionToOrder,
  checkSchedule,
  meetingActions,
  meetingTimerAction,
  meetingTransition,
  minutesRecipients,
  mustNotifyOfEdit,
  resolutionProgress,
  topicActions,
  topicTransition,
  type MeetingState,
  type TopicAction,
  type TopicState,
} from '../../miniprogram/shared/councils/machine';
import {
  JOIN_BASES,
  bindingOf,
  checkMayJoin,
  councilLevelLabel,
  joinBasis,
  organiserRole,
  scopeAt,
  scopeKey,
  scopeKeysOf,
  topicFitsMeeting,
  type Caller as CouncilCaller,
  type CouncilLevel,
  type CouncilScope,
  type JoinBasis,
} from '../../miniprogram/shared/councils/scope';
import {
  MAX_WAITLIST,
  decideCancel,
  decideCapacity,
  decideSignUp,
  everyoneSignedUp,
  seatOf,
  seatWrite,
  signUpOption,
  type Seats,
} from '../../miniprogram/shared/councils/seats';
import { findCategory } from '../../miniprogram/shared/orders/catalogue';
import { ORDER_STATES, isOverdue, type Actor } from '../../miniprogram/shared/orders/machine';
import { maskName } from '../../miniprogram/shared/privacy';
import type { Building, Community, Place } from '../../miniprogram/shared/schemas/places';
import { registered, relatedTo } from '../lib/access';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, inTransaction, type Database, type Transaction } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { notify, type Audience } from '../lib/notify';
import { deliveryTimer } from '../lib/outbox';
import { insertOnce, isDuplicateKey, loadPlaces, stableId } from '../lib/records';
import { pageOf } from '../lib/paging';
import { defineFunction } from '../lib/router';
import { commitStep, nextEventId, takeDueSteps } from '../lib/workflow';
import { buildOrder, type OrderDoc } from '../orders/model';

// ── documents ────────────────────────────────────────────────────────────────────────────────────────────────

interface EventDoc {
  id: string;
  action: string;
  from: string;
  to: string;
  role: Actor;
  actorId: string;
  actorName: string;
  at: string;
  reason: string;
}

interface ScopeFields {
  level: CouncilLevel;
  communityId: string;
  gridId: string | null;
  buildingId: string | null;
  scopeKey: string;
  placeName: string;
}

interface TopicDoc extends ScopeFields {
  _id: string;
  title: string;
  description: string;
  photos: string[];
  proposerId: string;
  proposerName: string;
  publicName: boolean;
  status: TopicState;
  backers: string[];
  backerCount: number;
  meetingId: string | null;
  declineReason: string | null;
  createdAt: string;
  timeline: EventDoc[];
  version: number;
}

interface PersonDoc {
  name: string;
  /** His building (its name is looked up when staff see attendance, not on every sign-up). */
  buildingId: string | null;
  basis: JoinBasis;
}

interface ResolutionDoc {
  id: string;
  text: string;
  topicId: string | null;
  orderId: string | null;
}

interface MeetingDoc extends ScopeFields {
  _id: string;
  title: string;
  description: string;
  organizerId: string;
  organizerName: string;
  audience: { partyMembers: boolean; unitIds: string[]; unitNames: string[] };
  agenda: Array<{ title: string; topicId: string | null }>;
  startAt: string;
  endAt: string;
  place: string;
  capacity: number;
  signUpDeadline: string;
  status: MeetingState;
  confirmed: string[];
  waitlist: string[];
  /** Everyone ever signed up (my sign-ups), never shrinking. */
  members: string[];
  confirmedCount: number;
  waitlistCount: number;
  /** capacity − confirmed: the sign-up write's condition. */
  freeSeats: number;
  codes: Record<string, string>;
  /** Every code issued (the codes' values), so a new one is checked unique in the write itself. */
  codeList: string[];
  people: Record<string, PersonDoc>;
  attended: string[];
  checkedInAt: Record<string, string>;
  cancelReason: string | null;
  minutes: { text: string; photos: string[]; publishedAt: string } | null;
  resolutions: ResolutionDoc[];
  createdAt: string;
  timeline: EventDoc[];
  /** The compare-and-set counter of every seat write and step (the seats' `rev`). */
  version: number;
}

const seatsOf = (m: MeetingDoc): Seats => ({
  rev: m.version,
  capacity: m.capacity,
  confirmed: m.confirmed,
  waitlist: m.waitlist,
});
const seatMeeting = (m: MeetingDoc) => ({ ...seatsOf(m), state: m.status, signUpDeadline: m.signUpDeadline });
const scopeOf = (d: ScopeFields): CouncilScope => ({
  level: d.level,
  communityId: d.communityId,
  gridId: d.gridId,
  buildingId: d.buildingId,
});
const councilCaller = (caller: Caller): CouncilCaller => ({
  binding: caller.user ? bindingOf(caller.user) : null,
  grants: caller.user?.roles ?? [],
});

async function loadDoc<T>(db: Database, collection: 'topics' | 'meetings', id: string, what: string): Promise<T> {
  const res = await db.collection(COLLECTIONS[collection]).where({ _id: id }).limit(1).get();
  const doc = res.data[0] as T | undefined;
  if (!doc) throw new AppError('NOT_FOUND', `找不到这个${what}`);
  return doc;
}
const loadMeeting = (db: Database, id: string) => loadDoc<MeetingDoc>(db, 'meetings', id, '会议');
const loadTopic = (db: Database, id: string) => loadDoc<TopicDoc>(db, 'topics', id, '议题');

/** The organiser's role for a scope, or FORBIDDEN. */
function organiser(caller: Caller, scope: CouncilScope): 'community_staff' | 'grid_worker' {
  const role = organiserRole(scope, councilCaller(caller));
  if (!role) throw new AppError('FORBIDDEN', '您不是该范围议事会的组织者');
  return role;
}

// ── access rules ─────────────────────────────────────────────────────────────────────────────────────────────

interface Organising<D> {
  doc: D;
  role: 'community_staff' | 'grid_worker';
}

/** A topic or meeting by the input's id, fetched with the caller in one round trip, then judged by `decide`. */
const aboutTopic = <S>(decide: (topic: TopicDoc, caller: Caller) => S) =>
  relatedTo<TopicDoc, { topicId: string }>(
    COLLECTIONS.topics,
    (input) => input.topicId,
    (doc, _input, { caller }) => {
      if (!doc) throw new AppError('NOT_FOUND', '找不到这个议题');
      return decide(doc, caller);
    },
  );
const aboutMeeting = <S>(decide: (meeting: MeetingDoc, caller: Caller) => S) =>
  relatedTo<MeetingDoc, { meetingId: string }>(
    COLLECTIONS.meetings,
    (input) => input.meetingId,
    (doc, _input, { caller }) => {
      if (!doc) throw new AppError('NOT_FOUND', '找不到这个会议');
      return decide(doc, caller);
    },
  );

const organisesTopic = aboutTopic((doc, caller): Organising<TopicDoc> => ({
  doc,
  role: organiser(caller, scopeOf(doc)),
}));

const organisesMeeting = aboutMeeting((doc, caller): Organising<MeetingDoc> => ({
  doc,
  role: organiser(caller, scopeOf(doc)),
}));

/** A meeting the caller may see: he may join it, is signed up, or organises it. */
const seesMeeting = aboutMeeting((doc, caller): MeetingDoc => {
  const c = councilCaller(caller);
  const allowed =
    doc.members.includes(caller.openid) ||
    organiserRole(scopeOf(doc), c) !== null ||
    joinBasis(audienceOf(doc), c) !== null;
  if (!allowed) throw new AppError('FORBIDDEN', '您不在该议事会的参会范围内');
  return doc;
});

const audienceOf = (m: MeetingDoc) => ({ scope: scopeOf(m), audience: m.audience });

// ── views ────────────────────────────────────────────────────────────────────────────────────────────────────

function toTopic(t: TopicDoc, caller: Caller, meeting: Pick<MeetingDoc, '_id' | 'title' | 'startAt'> | null): Topic {
  const state = TOPIC_STATES[t.status];
  const c = councilCaller(caller);
  const isProposer = t.proposerId === caller.openid;
  const role = organiserRole(scopeOf(t), c);
  const actions: TopicAction[] = [
    ...(role ? topicActions(t.status, role) : []),
    ...(isProposer ? topicActions(t.status, 'resident') : []),
  ];
  return {
    id: t._id,
    title: t.title,
    description: t.description,
    photos: t.photos,
    level: t.level,
    levelLabel: councilLevelLabel(t.level),
    place: { id: t.buildingId ?? t.gridId ?? t.communityId, name: t.placeName },
    status: t.status,
    statusLabel: state.label,
    statusTone: state.tone,
    open: state.category === 'open',
    backers: t.backerCount,
    proposerName: isProposer || role ? t.proposerName : t.publicName ? maskName(t.proposerName) : null,
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

function toSummary(m: MeetingDoc, caller: Caller, now: Date): MeetingSummary {
  const state = MEETING_STATES[m.status];
  const seat = seatOf(m, caller.openid);
  return {
    id: m._id,
    title: m.title,
    level: m.level,
    levelLabel: councilLevelLabel(m.level),
    scope: { id: m.buildingId ?? m.gridId ?? m.communityId, name: m.placeName },
    status: m.status,
    statusLabel: state.label,
    statusTone: state.tone,
    open: state.category === 'open',
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

async function toDetail(db: Database, m: MeetingDoc, caller: Caller, now: Date): Promise<MeetingDetail> {
  const role = organiserRole(scopeOf(m), councilCaller(caller));
  const orderIds = m.resolutions.map((r) => r.orderId).filter((id): id is string => id !== null);
  const topicIds = m.agenda.map((a) => a.topicId).filter((id): id is string => id !== null);
  const [orders, topics] = await Promise.all([
    orderIds.length ? byIds<OrderDoc>(db, 'orders', orderIds) : new Map<string, OrderDoc>(),
    topicIds.length ? byIds<TopicDoc>(db, 'topics', topicIds) : new Map<string, TopicDoc>(),
  ]);
  const seat = seatOf(m, caller.openid);
  return {
    ...toSummary(m, caller, now),
    description: m.description,
    organizer: { id: m.organizerId, name: m.organizerName },
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
    minutes: m.minutes,
    resolutions: m.resolutions.map((r) => {
      const order = r.orderId ? orders.get(r.orderId) : undefined;
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
              status: order.status,
              statusLabel: ORDER_STATES[order.status].label,
              statusTone: ORDER_STATES[order.status].tone,
              open: ORDER_STATES[order.status].category === 'open',
              step: progress.step,
              stepLabel: progress.stepLabel,
              overdue: isOverdue({ state: order.status, deadline: order.deadline }, now),
            }
          : null,
      };
    }),
    attendance: role ? attendanceOf(m) : null,
    actions: role ? meetingActions({ state: m.status, startAt: m.startAt }, role, now) : [],
  };
}

async function byIds<T extends { _id: string }>(db: Database, collection: 'orders' | 'topics', ids: string[]) {
  const res = await db
    .collection(COLLECTIONS[collection])
    .where({ _id: db.command.in(ids) })
    .limit(ids.length)
    .get();
  return new Map((res.data as T[]).map((d) => [d._id, d]));
}

// ── writes ───────────────────────────────────────────────────────────────────────────────────────────────────

const event = (
  doc: { _id: string; timeline: unknown[] },
  action: string,
  from: string,
  to: string,
  role: Actor,
  caller: Caller | null,
  at: string,
  reason = '',
): EventDoc => ({
  id: nextEventId(doc as { _id: string; timeline: unknown[]; version: number }),
  action,
  from,
  to,
  role,
  actorId: caller?.openid ?? 'system',
  actorName: caller?.user?.name ?? '系统',
  at,
  reason,
});

const users = (ids: readonly string[]): Audience[] => ids.map((id) => ({ kind: 'user', id }));

/** A topic step inside a transaction (accept onto an agenda, unschedule), read and written there. */
async function topicStepIn(
  tx: Transaction,
  topicId: string,
  action: TopicAction,
  role: Actor,
  at: string,
  set: Record<string, unknown>,
  caller: Caller | null,
): Promise<TopicDoc> {
  const topic = (await tx.collection(COLLECTIONS.topics).doc(topicId).get()).data as TopicDoc | null;
  if (!topic) throw new AppError('NOT_FOUND', '找不到这个议题');
  const result = topicTransition(topic.status, action, role, { at });
  if (!result.ok) throw new AppError(result.code, `「${topic.title}」：${result.message}`);
  const e = event(topic, action, topic.status, result.to, role, caller, at);
  await tx
    .collection(COLLECTIONS.topics)
    .doc(topicId)
    .update({ status: result.to, ...set, version: topic.version + 1, timeline: [...topic.timeline, e] });
  return { ...topic, status: result.to, ...set };
}

/**
 * Writes a seat decision with compare-and-set on the meeting's version; on a lost race re-reads and decides again
 * (a few times, then CONFLICT). `decide` returns the new seats and any extra fields, or throws the refusal.
 */
async function seatChange(
  db: Database,
  meetingId: string,
  decide: (m: MeetingDoc) => { seats: Seats; extra?: Record<string, unknown> },
  initial?: MeetingDoc,
): Promise<{ before: MeetingDoc; after: MeetingDoc }> {
  for (let attempt = 0; attempt < SEAT_CAS_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await backoff(attempt);
    const before = attempt === 0 && initial ? initial : await loadMeeting(db, meetingId);
    const { seats, extra = {} } = decide(before);
    const write = seatWrite(seatsOf(before), seats);
    const { rev, ...set } = write.set;
    const members = [...new Set([...before.members, ...seats.confirmed, ...seats.waitlist])];
    const res = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: meetingId, version: write.where.rev, status: write.where.state })
      .update({ ...set, freeSeats: set.capacity - set.confirmed.length, version: rev, members, ...extra });
    if (res.updated === 1) {
      const after: MeetingDoc = {
        ...before,
        ...(set as Partial<MeetingDoc>),
        version: rev,
        members,
        codes: { ...before.codes },
        people: { ...before.people },
      };
      for (const [key, value] of Object.entries(extra)) {
        const [field, sub] = key.split('.');
        if (sub) (after as unknown as Record<string, Record<string, unknown>>)[field][sub] = value;
      }
      return { before, after };
    }
  }
  throw new AppError('CONFLICT', '报名人数较多，请稍后重试');
}

/**
 * A lost compare-and-set is retried after a short random pause (contention spreads out, as CloudBase's own
 * transaction retries do); far more tries than a sign-up crowd at one door needs.
 */
const SEAT_CAS_ATTEMPTS = 30;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt, 10)));

const refusalOf = (r: { code: ErrorCode; message: string }) => new AppError(r.code, r.message);

// ── the function ─────────────────────────────────────────────────────────────────────────────────────────────

export const councils = defineFunction(
  'councils',
  councilsActions,
  {
    proposeTopic: {
      access: registered,
      async handler(input, { caller, db, now }) {
        const binding = caller.user ? bindingOf(caller.user) : null;
        if (!binding) throw new AppError('UNAUTHENTICATED', '请先绑定所在社区和楼栋');
        const scope = scopeAt(input.level, binding);
        const id = stableId('tpc', caller.openid, input.requestId);
        const placeId = scope.buildingId ?? scope.gridId ?? scope.communityId;
        const place = (await loadPlaces(db, [placeId])).get(placeId);
        const at = now().toISOString();
        const topic: TopicDoc = {
          _id: id,
          ...scopeFields(scope, place?.name ?? ''),
          title: input.title,
          description: input.description,
          photos: input.photos ?? [],
          proposerId: caller.openid,
          proposerName: caller.user!.name,
          publicName: input.publicName ?? false,
          status: 'proposed',
          backers: [],
          backerCount: 0,
          meetingId: null,
          declineReason: null,
          createdAt: at,
          timeline: [event({ _id: id, timeline: [] }, 'propose', 'proposed', 'proposed', 'resident', caller, at)],
          version: 1,
        };
        if (!(await insertOnce(db, COLLECTIONS.topics, topic))) return toTopic(await loadTopic(db, id), caller, null);
        await notify(
          db,
          `${id}-e1`,
          {
            audiences: [{ kind: 'community_staff', id: scope.communityId }],
            subject: { type: 'meeting', id },
            title: `群众说事：${input.title}`,
            body: `${place?.name ?? ''}的居民提出了新议题`,
          },
          at,
        );
        return toTopic(topic, caller, null);
      },
    },

    listTopics: {
      access: registered,
      async handler(input, { caller, db }) {
        const _ = db.command;
        const where: Record<string, unknown> = {};
        if (input.communityId) {
          // Organisers see their community's topics (a grid worker: his grid's).
          const c = councilCaller(caller);
          const role = organiserRole(
            { level: 'community', communityId: input.communityId, gridId: null, buildingId: null },
            c,
          );
          const gridIds = c.grants.filter((g) => g.role === 'grid_worker').map((g) => g.scopeId);
          if (role) where.communityId = input.communityId;
          else if (gridIds.length) where.gridId = _.in(gridIds);
          else throw new AppError('FORBIDDEN', '您不是该社区议事会的组织者');
        } else {
          const binding = caller.user ? bindingOf(caller.user) : null;
          if (!binding) throw new AppError('UNAUTHENTICATED', '请先绑定所在社区和楼栋');
          where.scopeKey = _.in(scopeKeysOf(binding));
        }
        if (input.level) where.level = input.level;
        if (input.status) where.status = input.status;
        const { docs, nextCursor } = await pageOf<TopicDoc>(
          db,
          COLLECTIONS.topics,
          where,
          [
            ['backerCount', 'desc'],
            ['createdAt', 'asc'],
          ],
          input.cursor,
        );
        const meetingIds = [...new Set(docs.map((t) => t.meetingId).filter((id): id is string => id !== null))];
        const meetings = meetingIds.length
          ? new Map(
              (
                (
                  await db
                    .collection(COLLECTIONS.meetings)
                    .where({ _id: _.in(meetingIds) })
                    .limit(meetingIds.length)
                    .get()
                ).data as MeetingDoc[]
              ).map((m) => [m._id, m]),
            )
          : new Map<string, MeetingDoc>();
        return {
          items: docs.map((t) => toTopic(t, caller, t.meetingId ? (meetings.get(t.meetingId) ?? null) : null)),
          nextCursor,
        };
      },
    },

    backTopic: {
      access: aboutTopic((topic) => topic),
      async handler(_input, { caller, db, subject }) {
        const topic = subject as TopicDoc;
        const check = checkBack({
          state: topic.status,
          scope: scopeOf(topic),
          caller: councilCaller(caller),
          isProposer: topic.proposerId === caller.openid,
          alreadyBacker: topic.backers.includes(caller.openid),
        });
        if (!check.ok) throw refusalOf(check);
        const _ = db.command;
        // One conditional update: two taps back it once.
        const res = await db
          .collection(COLLECTIONS.topics)
          .where({
            _id: topic._id,
            status: _.in(['proposed', 'accepted']),
            proposerId: _.neq(caller.openid),
            backers: _.nin([caller.openid]),
          })
          .update({ backers: _.push([caller.openid]), backerCount: _.inc(1) });
        if (res.updated !== 1) throw new AppError('CONFLICT', '您已附议');
        return toTopic(
          { ...topic, backers: [...topic.backers, caller.openid], backerCount: topic.backerCount + 1 },
          caller,
          null,
        );
      },
    },

    withdrawTopic: {
      access: aboutTopic((topic, caller) => {
        if (topic.proposerId !== caller.openid) throw new AppError('FORBIDDEN', '只能撤回自己提出的议题');
        return topic;
      }),
      async handler(_input, { caller, db, now, subject }) {
        const topic = subject as TopicDoc;
        const updated = await topicStep(db, topic, 'withdraw', 'resident', caller, now());
        return toTopic(updated, caller, null);
      },
    },

    acceptTopic: {
      access: organisesTopic,
      async handler(input, { caller, db, now, subject }) {
        const { doc: topic, role } = subject as Organising<TopicDoc>;
        const at = now().toISOString();
        const meeting = await inTransaction(db, async (tx) => {
          const m = (await tx.collection(COLLECTIONS.meetings).doc(input.meetingId).get()).data as MeetingDoc | null;
          if (!m) throw new AppError('NOT_FOUND', '找不到这个会议');
          if (organiserRole(scopeOf(m), councilCaller(caller)) === null)
            throw new AppError('FORBIDDEN', '您不是该会议的组织者');
          const edit = meetingTransition({ state: m.status, startAt: m.startAt }, 'edit', role, { at });
          if (!edit.ok) throw refusalOf(edit);
          if (!topicFitsMeeting(scopeOf(topic), scopeOf(m)))
            throw new AppError('VALIDATION_FAILED', '议题不在该会议的范围内');
          await topicStepIn(tx, topic._id, 'accept', role, at, { meetingId: m._id }, caller);
          const agenda = [...m.agenda, { title: topic.title, topicId: topic._id }];
          await tx
            .collection(COLLECTIONS.meetings)
            .doc(m._id)
            .update({ agenda, version: m.version + 1 });
          return m;
        });
        await notify(
          db,
          `${topic._id}-accepted`,
          {
            audiences: users([topic.proposerId, ...topic.backers]),
            subject: { type: 'meeting', id: meeting._id },
            title: `议题已列入议程：${topic.title}`,
            body: `${meeting.title}，${meeting.place}`,
          },
          at,
        );
        return toTopic({ ...topic, status: 'accepted', meetingId: meeting._id }, caller, meeting);
      },
    },

    declineTopic: {
      access: organisesTopic,
      async handler(input, { caller, db, now, subject }) {
        const { doc: topic, role } = subject as Organising<TopicDoc>;
        const updated = await topicStep(db, topic, 'decline', role, caller, now(), input.reason, {
          declineReason: input.reason,
        });
        return toTopic(updated, caller, null);
      },
    },

    createMeeting: {
      access: registered,
      async handler(input, { caller, db, now }) {
        const at = now();
        const place = (await loadPlaces(db, [input.placeId])).get(input.placeId);
        if (!place || place.kind !== levelKind(input.level))
          throw new AppError('NOT_FOUND', '找不到该楼栋、网格或社区');
        const scope = scopeAt(input.level, {
          communityId:
            place.kind === 'community'
              ? place._id
              : (place as Exclude<Place, { kind: 'street' | 'community' }>).communityId,
          gridId: place.kind === 'grid' ? place._id : place.kind === 'building' ? place.gridId : null,
          buildingId: place.kind === 'building' ? place._id : null,
        });
        const role = organiser(caller, scope);
        const schedule = checkSchedule(input, at);
        if (!schedule.ok) throw refusalOf(schedule);
        const unitNames = await unitNamesOf(db, input.audience?.unitIds ?? []);
        const id = stableId('mtg', caller.openid, input.requestId);
        const iso = at.toISOString();
        const topicIds = [...new Set(input.topicIds ?? [])];
        const meeting: MeetingDoc = {
          _id: id,
          ...scopeFields(scope, place.name),
          title: input.title,
          description: input.description ?? '',
          organizerId: caller.openid,
          organizerName: caller.user!.name,
          audience: {
            partyMembers: input.audience?.partyMembers ?? false,
            unitIds: input.audience?.unitIds ?? [],
            unitNames,
          },
          agenda: (input.otherItems ?? []).map((title) => ({ title, topicId: null })),
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
          createdAt: iso,
          timeline: [event({ _id: id, timeline: [] }, 'create', 'scheduled', 'scheduled', role, caller, iso)],
          version: 1,
        };
        try {
          await inTransaction(db, async (tx) => {
            const topics: TopicDoc[] = [];
            for (const topicId of topicIds) {
              const topic = (await tx.collection(COLLECTIONS.topics).doc(topicId).get()).data as TopicDoc | null;
              if (!topic || !topicFitsMeeting(scopeOf(topic), scope)) {
                throw new AppError('VALIDATION_FAILED', '议程中有不属于该范围的议题');
              }
              topics.push(await topicStepIn(tx, topicId, 'accept', role, iso, { meetingId: id }, caller));
            }
            meeting.agenda = [...topics.map((t) => ({ title: t.title, topicId: t._id })), ...meeting.agenda];
            await tx.collection(COLLECTIONS.meetings).add(meeting);
          });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          return toDetail(db, await loadMeeting(db, id), caller, at); // a retried create
        }
        return toDetail(db, meeting, caller, at);
      },
    },

    updateMeeting: {
      access: organisesMeeting,
      async handler(input, { caller, db, now, subject }) {
        const { role } = subject as Organising<MeetingDoc>;
        const at = now();
        const iso = at.toISOString();
        let promoted: string[] = [];
        let notifyAll = false;
        const before = await inTransaction(db, async (tx) => {
          const m = (await tx.collection(COLLECTIONS.meetings).doc(input.meetingId).get()).data as MeetingDoc;
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
          notifyAll = mustNotifyOfEdit(m, next);
          const fields: Record<string, unknown> = {
            ...next,
            title: input.title ?? m.title,
            description: input.description ?? m.description,
          };
          if (input.capacity !== undefined && input.capacity !== m.capacity) {
            const decision = decideCapacity(seatMeeting(m), input.capacity);
            if (!decision.ok) throw refusalOf(decision);
            promoted = decision.promoted;
            const { rev: _rev, ...seats } = seatWrite(seatsOf(m), decision.seats).set;
            Object.assign(fields, seats, { freeSeats: seats.capacity - seats.confirmed.length });
          }
          if (input.audience) {
            fields.audience = {
              partyMembers: input.audience.partyMembers ?? m.audience.partyMembers,
              unitIds: input.audience.unitIds ?? m.audience.unitIds,
              unitNames: await unitNamesOf(db, input.audience.unitIds ?? m.audience.unitIds),
            };
          }
          if (input.topicIds || input.otherItems) {
            const current = m.agenda.map((a) => a.topicId).filter((id): id is string => id !== null);
            const wanted = input.topicIds ?? current;
            const { added, removed } = agendaChanges(current, wanted);
            const kept = new Map(m.agenda.filter((a) => a.topicId).map((a) => [a.topicId!, a.title]));
            for (const id of removed) await topicStepIn(tx, id, 'unschedule', role, iso, { meetingId: null }, caller);
            for (const id of added) {
              const t = await topicStepIn(tx, id, 'accept', role, iso, { meetingId: m._id }, caller);
              if (!topicFitsMeeting(scopeOf(t), scopeOf(m)))
                throw new AppError('VALIDATION_FAILED', '议程中有不属于该范围的议题');
              kept.set(id, t.title);
            }
            const others = input.otherItems ?? m.agenda.filter((a) => a.topicId === null).map((a) => a.title);
            fields.agenda = [
              ...wanted.map((id) => ({ title: kept.get(id) ?? '', topicId: id })),
              ...others.map((title) => ({ title, topicId: null })),
            ];
          }
          const e = event(m, 'edit', m.status, m.status, role, caller, iso);
          await tx
            .collection(COLLECTIONS.meetings)
            .doc(m._id)
            .update({ ...fields, version: m.version + 1, timeline: [...m.timeline, e] });
          return m;
        });
        const after = await loadMeeting(db, before._id);
        if (notifyAll) {
          await notify(
            db,
            `${before._id}-e${before.timeline.length + 1}`,
            {
              audiences: users(everyoneSignedUp(before)),
              subject: { type: 'meeting', id: before._id },
              title: `议事会时间地点变更：${after.title}`,
              body: `${after.place}，${after.startAt}`,
            },
            iso,
          );
        }
        if (promoted.length) {
          await notify(
            db,
            `${before._id}-e${before.timeline.length + 1}-promoted`,
            {
              audiences: users(promoted),
              subject: { type: 'meeting', id: before._id },
              title: `候补成功：${after.title}`,
              body: '名额增加，您已获得座位',
            },
            iso,
          );
        }
        return toDetail(db, after, caller, at);
      },
    },

    cancelMeeting: {
      access: organisesMeeting,
      async handler(input, { caller, db, now, subject }) {
        const { role } = subject as Organising<MeetingDoc>;
        const at = now();
        const iso = at.toISOString();
        const m = await inTransaction(db, async (tx) => {
          const meeting = (await tx.collection(COLLECTIONS.meetings).doc(input.meetingId).get()).data as MeetingDoc;
          const step = meetingTransition({ state: meeting.status, startAt: meeting.startAt }, 'cancel', role, {
            at,
            reason: input.reason,
          });
          if (!step.ok) throw refusalOf(step);
          // Its agenda's topics go back to 征集中, for another meeting.
          for (const item of meeting.agenda) {
            if (item.topicId) await topicStepIn(tx, item.topicId, 'unschedule', role, iso, { meetingId: null }, caller);
          }
          const e = event(meeting, 'cancel', meeting.status, step.to, role, caller, iso, input.reason);
          await tx
            .collection(COLLECTIONS.meetings)
            .doc(meeting._id)
            .update({
              status: step.to,
              cancelReason: input.reason,
              version: meeting.version + 1,
              timeline: [...meeting.timeline, e],
            });
          return { ...meeting, status: step.to, cancelReason: input.reason, version: meeting.version + 1 };
        });
        await notify(
          db,
          `${m._id}-cancelled`,
          {
            audiences: users(everyoneSignedUp(m)),
            subject: { type: 'meeting', id: m._id },
            title: `议事会已取消：${m.title}`,
            body: input.reason,
          },
          iso,
        );
        return toDetail(db, m, caller, at);
      },
    },

    listMeetings: {
      access: registered,
      async handler(input, { caller, db, now }) {
        const _ = db.command;
        const at = now();
        const iso = at.toISOString();
        const c = councilCaller(caller);
        let scopeWhere: Record<string, unknown>[];
        if (input.communityId) {
          const role = organiserRole(
            { level: 'community', communityId: input.communityId, gridId: null, buildingId: null },
            c,
          );
          const gridIds = c.grants.filter((g) => g.role === 'grid_worker').map((g) => g.scopeId);
          if (role) scopeWhere = [{ communityId: input.communityId }];
          else if (gridIds.length) scopeWhere = [{ gridId: _.in(gridIds) }];
          else throw new AppError('FORBIDDEN', '您不是该社区议事会的组织者');
        } else {
          const binding = c.binding;
          const partyOf = c.grants.filter((g) => g.role === 'party_member').map((g) => g.scopeId);
          const units = c.grants.filter((g) => g.role === 'unit_member').map((g) => g.scopeId);
          scopeWhere = [
            ...(binding ? [{ scopeKey: _.in(scopeKeysOf(binding)) }] : []),
            ...partyOf.map((communityId) => ({ communityId, 'audience.partyMembers': true })),
            ...(units.length ? [{ 'audience.unitIds': _.in(units) }] : []),
          ];
          if (scopeWhere.length === 0) return { items: [], nextCursor: null };
        }
        const upcoming = (input.filter ?? 'upcoming') === 'upcoming';
        const time = upcoming
          ? { status: _.in(['scheduled', 'held']), endAt: _.gte(iso) }
          : { status: _.in(['held', 'minutes_published', 'cancelled']) };
        const where = _.or(scopeWhere.map((w) => ({ ...w, ...time })));
        const { docs, nextCursor } = await pageOf<MeetingDoc>(
          db,
          COLLECTIONS.meetings,
          where as unknown as Record<string, unknown>,
          ['startAt', upcoming ? 'asc' : 'desc'],
          input.cursor,
        );
        return { items: docs.map((m) => toSummary(m, caller, at)), nextCursor };
      },
    },

    getMeeting: {
      access: seesMeeting,
      async handler(_input, { caller, db, now, subject }) {
        return toDetail(db, subject as MeetingDoc, caller, now());
      },
    },

    signUp: {
      access: seesMeeting,
      async handler(input, { caller, db, now, subject }) {
        const at = now();
        const m = subject as MeetingDoc;
        const may = checkMayJoin(audienceOf(m), councilCaller(caller));
        if (!may.ok) throw refusalOf(may);
        const person = { name: caller.user?.name ?? '', buildingId: caller.user?.buildingId ?? null, basis: may.as };
        const after = await takeSeat(db, m._id, caller.openid, at, person, m);
        return toDetail(db, after, caller, at);
      },
    },

    cancelSignUp: {
      access: seesMeeting,
      async handler(input, { caller, db, now, subject }) {
        const at = now();
        let promoted: string | null = null;
        const { after } = await seatChange(
          db,
          input.meetingId,
          (current) => {
            const decision = decideCancel(seatMeeting(current), caller.openid, at);
            if (!decision.ok) throw refusalOf(decision);
            promoted = decision.promoted;
            return { seats: decision.seats };
          },
          subject as MeetingDoc,
        );
        if (promoted) {
          await notify(
            db,
            `${after._id}-v${after.version}-promoted`,
            {
              audiences: users([promoted]),
              subject: { type: 'meeting', id: after._id },
              title: `候补成功：${after.title}`,
              body: `有人取消报名，您已获得座位。${after.place}`,
            },
            at.toISOString(),
          );
        }
        return toDetail(db, after, caller, at);
      },
    },

    mySignUps: {
      access: registered,
      async handler(input, { caller, db, now }) {
        const _ = db.command;
        const at = now();
        const upcoming = (input.filter ?? 'upcoming') === 'upcoming';
        const page = await pageOf<MeetingDoc>(
          db,
          COLLECTIONS.meetings,
          { members: caller.openid, endAt: upcoming ? _.gte(at.toISOString()) : _.lt(at.toISOString()) },
          ['startAt', upcoming ? 'asc' : 'desc'],
          input.cursor,
        );
        // members are everyone ever signed up: a cancelled sign-up is not his any more
        const docs = page.docs.filter((m) => seatOf(m, caller.openid) !== null);
        return {
          items: docs.map((m) => {
            const seat = seatOf(m, caller.openid)!;
            const code = m.codes[caller.openid];
            return {
              meeting: toSummary(m, caller, at),
              status: seat.status,
              position: seat.position,
              code,
              qr: qrPayload(m._id, code),
              checkedInAt: m.checkedInAt[caller.openid] ?? null,
            };
          }),
          nextCursor: page.nextCursor,
        };
      },
    },

    checkIn: {
      access: organisesMeeting,
      async handler(input, { db, now, subject }) {
        const { doc: m } = subject as Organising<MeetingDoc>;
        const at = now();
        const verdict = verifyCheckIn({ ...m, id: m._id, state: m.status }, input.code, at);
        if (!verdict.ok) throw refusalOf(verdict);
        const uid = verdict.userId;
        const _ = db.command;
        // A code admits once: only a write that still sees him confirmed and not yet in lands.
        const res = await db
          .collection(COLLECTIONS.meetings)
          .where({ _id: m._id, status: _.in(['scheduled', 'held']), confirmed: uid, attended: _.nin([uid]) })
          .update({ attended: _.push([uid]), [`checkedInAt.${uid}`]: at.toISOString() });
        if (res.updated !== 1) throw new AppError('CONFLICT', '该签到码已使用');
        const after = {
          ...m,
          attended: [...m.attended, uid],
          checkedInAt: { ...m.checkedInAt, [uid]: at.toISOString() },
        };
        return {
          attendee: attendeeOf(after, uid, await buildingNames(db, after, [uid])),
          attendance: attendanceOf(after),
        };
      },
    },

    attendance: {
      access: organisesMeeting,
      async handler(_input, { db, subject }) {
        const { doc: m } = subject as Organising<MeetingDoc>;
        const buildings = await buildingNames(db, m, m.confirmed);
        return { attendance: attendanceOf(m), attendees: m.confirmed.map((uid) => attendeeOf(m, uid, buildings)) };
      },
    },

    publishMinutes: {
      access: organisesMeeting,
      async handler(input, { caller, db, now, subject }) {
        const { doc: m, role } = subject as Organising<MeetingDoc>;
        const at = now();
        const iso = at.toISOString();
        const step = meetingTransition({ state: m.status, startAt: m.startAt }, 'publish_minutes', role, { at });
        if (!step.ok) throw refusalOf(step);
        const resolutions: ResolutionDoc[] = input.resolutions.map((r, i) => ({
          id: `${m._id}-r${i + 1}`,
          text: r.text,
          topicId: r.topicId ?? null,
          orderId: null,
        }));
        const updated = await commitStep(
          db,
          COLLECTIONS.meetings,
          m,
          {
            status: step.to,
            minutes: { text: input.minutes, photos: input.photos ?? [], publishedAt: iso },
            resolutions,
          },
          event(m, 'publish_minutes', m.status, step.to, role, caller, iso),
          null,
        );
        // The agenda's topics are settled (已议定); their proposers and backers hear of it with the attendees.
        const topicIds = m.agenda.map((a) => a.topicId).filter((id): id is string => id !== null);
        const topics = topicIds.length ? [...(await byIds<TopicDoc>(db, 'topics', topicIds)).values()] : [];
        for (const t of topics.filter((t) => t.status === 'accepted')) {
          await topicStep(db, t, 'discuss', 'system', null, at);
        }
        await notify(
          db,
          `${m._id}-minutes`,
          {
            audiences: users(minutesRecipients(m.attended, topics)),
            subject: { type: 'meeting', id: m._id },
            title: `议事会纪要已公开：${m.title}`,
            body: `${resolutions.length}项决议`,
          },
          iso,
        );
        return toDetail(db, updated, caller, at);
      },
    },

    resolutionToOrder: {
      access: organisesMeeting,
      async handler(input, { caller, db, now, subject }) {
        const { doc: m, role } = subject as Organising<MeetingDoc>;
        const at = now();
        const index = m.resolutions.findIndex((r) => r.id === input.resolutionId);
        if (index < 0) throw new AppError('NOT_FOUND', '找不到这项决议');
        const id = stableId('ord', caller.openid, input.requestId);
        // A retry of this very request (same id) goes on to write the order if the first one could not.
        const retry = m.resolutions[index].orderId === id;
        const check = retry ? ({ ok: true } as const) : checkResolutionToOrder(m.status, m.resolutions[index]);
        if (!check.ok) throw refusalOf(check);
        const building = await buildingOf(db, m);
        const community = (await loadPlaces(db, [m.communityId])).get(m.communityId) as Community;
        const compound = (await loadPlaces(db, [building.compoundId])).get(building.compoundId);
        const order = buildOrder({
          id,
          resident: { id: caller.openid, name: caller.user!.name, phone: '', role },
          building,
          community,
          propertyCompanyId: compound?.kind === 'compound' ? compound.propertyCompanyId : null,
          address: `议事会决议：${m.title}`,
          category: findCategory(input.categoryId)!,
          description: input.description ?? m.resolutions[index].text,
          photos: [],
          preferredTime: 'anytime',
          contact: 'message',
          privateContact: true,
          origin: { kind: 'resolution', meetingId: m._id, resolutionId: input.resolutionId },
          at,
        });
        // Claim the resolution first (one order per resolution), then write the order.
        if (!retry) {
          const res = await db
            .collection(COLLECTIONS.meetings)
            .where({ _id: m._id, [`resolutions.${index}.orderId`]: null })
            .update({ [`resolutions.${index}.orderId`]: id });
          if (res.updated !== 1) throw new AppError('CONFLICT', '该决议已转为工单');
        }
        await insertOnce(db, COLLECTIONS.orders, order);
        return { orderId: id };
      },
    },
  },
  {
    deliver: deliveryTimer(COLLECTIONS.meetings, COLLECTIONS.topics),
    sweep: {
      summary: '会议开始后标记为已召开',
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
        return { held: counts.hold ?? 0 };
      },
    },
  },
);

/** The names of the attendees' buildings, in one query. */
async function buildingNames(db: Database, m: MeetingDoc, uids: readonly string[]): Promise<Map<string, string>> {
  const ids = uids.map((uid) => m.people[uid]?.buildingId).filter((id): id is string => Boolean(id));
  const places = await loadPlaces(db, ids);
  return new Map([...places].map(([id, place]) => [id, place.name]));
}

function attendeeOf(m: MeetingDoc, uid: string, buildings: ReadonlyMap<string, string>): Attendee {
  const person = m.people[uid] ?? { name: '', buildingId: null, basis: 'resident' as JoinBasis };
  return {
    name: person.name,
    building: person.buildingId ? (buildings.get(person.buildingId) ?? '') : '',
    basis: person.basis,
    basisLabel: JOIN_BASES[person.basis],
    checkedInAt: m.checkedInAt[uid] ?? null,
  };
}

const levelKind = (level: CouncilLevel): Place['kind'] => (level === 'community' ? 'community' : level);

function scopeFields(scope: CouncilScope, placeName: string): ScopeFields {
  return { ...scope, scopeKey: scopeKey(scope), placeName };
}

async function unitNamesOf(db: Database, unitIds: string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const res = await db
    .collection(COLLECTIONS.units)
    .where({ _id: db.command.in(unitIds) })
    .limit(unitIds.length)
    .get();
  const names = new Map((res.data as Array<{ _id: string; name: string }>).map((u) => [u._id, u.name]));
  const missing = unitIds.filter((id) => !names.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', '邀请的单位不存在');
  return unitIds.map((id) => names.get(id)!);
}

/** The building a resolution's order is about: the meeting's own, or the first of its grid or community. */
async function buildingOf(db: Database, m: MeetingDoc): Promise<Building> {
  const where: Record<string, unknown> = m.buildingId
    ? { _id: m.buildingId }
    : { kind: 'building', communityId: m.communityId, ...(m.gridId ? { gridId: m.gridId } : {}) };
  const res = await db.collection(COLLECTIONS.places).where(where).orderBy('name', 'asc').limit(1).get();
  const building = res.data[0] as Building | undefined;
  if (!building) throw new AppError('NOT_FOUND', '该范围内没有楼栋');
  return building;
}

/**
 * Signing up in ONE conditional update, no read-modify-write: a seat while `freeSeats` > 0, else the end of the
 * waitlist — so N concurrent sign-ups each land exactly once, in arrival order, and never past capacity. The
 * shared decision (decideSignUp) gives the refusals; the conditions below make the write agree with it.
 */
async function takeSeat(
  db: Database,
  meetingId: string,
  uid: string,
  at: Date,
  person: PersonDoc,
  initial?: MeetingDoc,
): Promise<MeetingDoc> {
  const _ = db.command;
  for (let attempt = 0; attempt < SEAT_CAS_ATTEMPTS; attempt += 1) {
    // The first decision uses the meeting fetched with the caller; a lost race reads it again.
    const current = attempt === 0 && initial ? initial : await loadMeeting(db, meetingId);
    const decision = decideSignUp(seatMeeting(current), uid, at);
    if (!decision.ok) throw refusalOf(decision);
    const code = issueCode(current.codes, uid, () => randomInt(0, 1_000_000));
    const fresh = current.codes[uid] === undefined;
    const open = {
      _id: meetingId,
      status: 'scheduled',
      signUpDeadline: _.gt(at.toISOString()),
      confirmed: _.neq(uid),
      waitlist: _.neq(uid),
      // a new code must be unlike every code issued for this meeting
      ...(fresh ? { codeList: _.neq(code) } : {}),
    };
    const mine = {
      members: _.addToSet(uid),
      codeList: _.addToSet(code),
      [`codes.${uid}`]: code,
      [`people.${uid}`]: _.set(person),
      version: _.inc(1),
    };
    const seated = await db
      .collection(COLLECTIONS.meetings)
      .where({ ...open, freeSeats: _.gt(0) })
      .update({ ...mine, freeSeats: _.inc(-1), confirmed: _.push([uid]), confirmedCount: _.inc(1) });
    if (seated.updated !== 1) {
      const queued = await db
        .collection(COLLECTIONS.meetings)
        .where({ ...open, freeSeats: 0, waitlistCount: _.lt(MAX_WAITLIST) })
        .update({ ...mine, waitlist: _.push([uid]), waitlistCount: _.inc(1) });
      if (queued.updated !== 1) {
        await backoff(attempt + 1); // a seat freed or the code was taken meanwhile: decide again
        continue;
      }
    }
    return loadMeeting(db, meetingId);
  }
  throw new AppError('CONFLICT', '报名人数较多，请稍后重试');
}

/** A topic step on its own (withdraw, decline, discuss): the versioned commit, and the proposer and backers told. */
async function topicStep(
  db: Database,
  topic: TopicDoc,
  action: TopicAction,
  role: Actor,
  caller: Caller | null,
  at: Date,
  reason = '',
  set: Record<string, unknown> = {},
): Promise<TopicDoc> {
  const result = topicTransition(topic.status, action, role, { at, reason });
  if (!result.ok) throw refusalOf(result);
  return commitStep(
    db,
    COLLECTIONS.topics,
    topic,
    { status: result.to, ...set },
    event(topic, action, topic.status, result.to, role, caller, result.step.at, result.step.reason),
    action === 'withdraw'
      ? null
      : {
          audiences: users([topic.proposerId, ...topic.backers]),
          subject: { type: 'meeting', id: topic._id },
          title: `议题${TOPIC_STATES[result.to].label}：${topic.title}`,
          body: reason,
        },
  );
}

export const main = cloudMain(councils);
