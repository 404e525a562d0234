/**
 * 议事会: 群众说事 topics, meetings at three levels with sign-up, waitlist and check-in, minutes and resolutions
 * that become service orders.
 *
 * A meeting is one document holding its seats (confirmed, waitlist), codes and attendance. Every seat change is a
 * compare-and-set on the meeting's `version` (shared/councils/seats.ts decides, this function writes), so capacity
 * is never exceeded whatever the concurrency; a lost race re-reads and decides again. Steps that touch a meeting
 * and its agenda topics together (accept onto the agenda, create, edit, cancel, minutes) write the meeting first
 * and let the topics follow, without a transaction: agenda.ts says how a half-done step is finished.
 *
 * Round trips: an action reads what it needs with the caller (`reads`), writes once per document it changes, and
 * answers from the state it wrote instead of reading it back — one to three requests when nobody races it.
 */
import { randomInt } from 'node:crypto';
import {
  councilsActions,
  type Attendee,
  type MeetingDetail,
  type MeetingSummary,
  type Topic,
} from '../../miniprogram/shared/api/councils';
import { AppError } from '../../miniprogram/shared/errors';
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
  type TopicAction,
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
import { seenBy } from '../../miniprogram/shared/privacy';
import type { Building, Community, Compound, Place } from '../../miniprogram/shared/schemas/places';
import { ownPhotos, registered, relatedTo } from '../lib/access';
import { loadCaller, type Caller, type Loaded, type Lookups, type UserDoc } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { noticesOf, type Notice } from '../lib/notify';
import { deliveryTimer, outboxOf, pushOutbox, type OutboxEntry } from '../lib/outbox';
import { insertOnce, loadPlaces, stableId } from '../lib/records';
import { pageOf } from '../lib/paging';
import { defineFunction } from '../lib/router';
import { commitStep, takeDueSteps } from '../lib/workflow';
import { openOrder, type OrderDoc } from '../lib/orders';
import {
  acceptNotice,
  agendaCheckAt,
  agendaTopicsLookup,
  claimTopics,
  claimedBy,
  discussTopics,
  listedIds,
  reconcileAgenda,
  releaseTopics,
  settle,
  settled,
  topicMap,
  unsettled,
  viewAgenda,
  withoutLost,
  type AgendaView,
} from './agenda';
import {
  councilCaller,
  event,
  refusalOf,
  scopeOf,
  seatMeeting,
  seatsOf,
  users,
  type AgendaEntry,
  type EventDoc,
  type MeetingDoc,
  type PersonDoc,
  type ResolutionDoc,
  type ScopeFields,
  type TopicDoc,
} from './model';

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

/**
 * Reads again, after a lost compare-and-set or after finishing a half-done agenda step: the same lookups (the
 * caller comes along, as in the router's first read: one round trip).
 */
const reread = async (db: Database, caller: Caller, lookups: Lookups): Promise<Loaded> =>
  (await loadCaller(db, caller.openid, lookups)).loaded;

const STALE = '刚刚被他人处理，请刷新后重试';

/**
 * How often an agenda step reads again and decides again: after a lost compare-and-set (a sign-up bumped the
 * version), or after finishing what another request left half done. Far more than a meeting's traffic needs.
 */
const AGENDA_ATTEMPTS = 8;

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

/** The lookups of an action about one meeting, the meeting itself included (as the router fetched it: `subject`). */
const aboutThisMeeting = (meetingId: string, reads: Lookups): Lookups => ({
  ...reads,
  subject: { collection: COLLECTIONS.meetings, ids: [meetingId] },
});

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

/**
 * The meeting page, from the meeting and its agenda's topics as the caller already has them (read with him, or
 * as his own write left them) and the resolutions' orders.
 */
function toDetail(
  m: MeetingDoc,
  caller: Caller,
  now: Date,
  topics: ReadonlyMap<string, TopicDoc>,
  orders: ReadonlyMap<string, OrderDoc> = new Map(),
): MeetingDetail {
  const role = organiserRole(scopeOf(m), councilCaller(caller));
  const seat = seatOf(m, caller.openid);
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
    minutes: m.minutes,
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

/** A resolution's service order: one per resolution, under an id that is the resolution's. */
const resolutionOrderId = (meetingId: string, resolutionId: string) => stableId('ord', meetingId, resolutionId);

/** Where a resolution's order is, if it has one (an order id written on it is the earlier way of claiming it). */
const orderIdOf = (m: MeetingDoc, r: ResolutionDoc) => r.orderId ?? resolutionOrderId(m._id, r.id);

/** The orders the meeting's resolutions became (none before its minutes: no request then). */
async function resolutionOrders(db: Database, m: MeetingDoc): Promise<Map<string, OrderDoc>> {
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
const moved = (topics: ReadonlyMap<string, TopicDoc>, ids: readonly string[], change: Partial<TopicDoc>) =>
  new Map([...topics].map(([id, t]) => [id, ids.includes(id) ? { ...t, ...change } : t]));

// ── writes ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Writes a seat decision with compare-and-set on the meeting's version; on a lost race re-reads and decides again
 * (a few times, then CONFLICT). `decide` returns the new seats, any extra fields and the records the change owes
 * (into the meeting's outbox, in the same write), or throws the refusal.
 */
async function seatChange(
  db: Database,
  meetingId: string,
  decide: (m: MeetingDoc) => { seats: Seats; extra?: Record<string, unknown>; records?: OutboxEntry[] },
  initial?: MeetingDoc,
): Promise<{ before: MeetingDoc; after: MeetingDoc }> {
  for (let attempt = 0; attempt < SEAT_CAS_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await backoff(attempt);
    const before = attempt === 0 && initial ? initial : await loadMeeting(db, meetingId);
    const { seats, extra = {}, records = [] } = decide(before);
    const write = seatWrite(seatsOf(before), seats);
    const { rev, ...set } = write.set;
    const members = [...new Set([...before.members, ...seats.confirmed, ...seats.waitlist])];
    const res = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: meetingId, version: write.where.rev, status: write.where.state })
      .update({
        ...set,
        freeSeats: set.capacity - set.confirmed.length,
        version: rev,
        members,
        ...extra,
        ...pushOutbox(db, records),
      });
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

/**
 * After a claim came up short (a topic changed between the read and the claim): looks at the meeting and those
 * topics again, claims the ones still listed and 征集中, and drops from the agenda (compare-and-set) the ones that
 * went elsewhere meanwhile. Returns the dropped topics, for the refusal that names them.
 */
async function finishClaims(
  db: Database,
  meetingId: string,
  ids: readonly string[],
  by: { role: Actor; caller: Caller | null },
  at: string,
): Promise<TopicDoc[]> {
  const _ = db.command;
  for (let attempt = 0; attempt < AGENDA_ATTEMPTS; attempt += 1) {
    const [meetings, topics] = await Promise.all([
      db.collection(COLLECTIONS.meetings).where({ _id: meetingId }).limit(1).get(),
      db
        .collection(COLLECTIONS.topics)
        .where({ _id: _.in([...ids]) })
        .limit(ids.length)
        .get(),
    ]);
    const m = meetings.data[0] as MeetingDoc | undefined;
    if (!m) return [];
    const found = topicMap(topics.data);
    // only these topics: the rest of the agenda is not this request's business
    const view = viewAgenda(
      { ...m, agenda: m.agenda.filter((a) => a.topicId && ids.includes(a.topicId)) },
      found,
      new Set(ids),
    );
    if (view.pending.length) {
      await claimTopics(
        db,
        m,
        view.pending.map((t) => t._id),
        by,
        at,
      );
      continue;
    }
    if (view.lost.length === 0) return [];
    const dropped = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: m._id, version: m.version })
      .update({ agenda: withoutLost(m, view.lost), version: _.inc(1) });
    if (dropped.updated === 1) return view.lost.map((id) => found.get(id)).filter((t): t is TopicDoc => !!t);
    await backoff(attempt + 1);
  }
  throw new AppError('CONFLICT', STALE);
}

/** The refusal for a topic that could not go onto the agenda (it went elsewhere, or is gone). */
function notAcceptable(t: TopicDoc | undefined, role: Actor, at: string): AppError {
  if (!t) return new AppError('NOT_FOUND', '找不到这个议题');
  const r = topicTransition(t.status, 'accept', role, { at });
  return r.ok ? new AppError('CONFLICT', STALE) : new AppError(r.code, `「${t.title}」：${r.message}`);
}

/**
 * The first look at an agenda in a step that decides on it: if a request left it half done, finish that first.
 * The agenda to decide on, or null when it must be read again (topics not read yet, or one moved meanwhile).
 */
async function settledAgenda(
  db: Database,
  m: MeetingDoc,
  read: ReadonlyMap<string, TopicDoc>,
  checked: ReadonlySet<string>,
  extra: Set<string>,
  at: string,
): Promise<{ topics: ReadonlyMap<string, TopicDoc>; agenda: AgendaView } | null> {
  const agenda = viewAgenda(m, read, checked);
  if (!unsettled(agenda)) return { topics: read, agenda };
  if (agenda.unknown.length) {
    for (const id of agenda.unknown) extra.add(id);
    return null;
  }
  if (!(await settle(db, m, agenda, at))) return null;
  const topics = settled(m, read, agenda);
  return { topics, agenda: viewAgenda(m, topics, checked) };
}

/** The lookup of topics an agenda step could not explain by the others, read by id. */
const extraLookup = (extra: ReadonlySet<string>): Lookups =>
  extra.size ? { extra: { collection: COLLECTIONS.topics, ids: [...extra] } } : {};

/** What an agenda step decided: the meeting's write, and what follows once it has landed. */
interface AgendaStepPlan<T> {
  fields: Record<string, unknown>;
  event: EventDoc;
  notice?: Notice | null;
  records?: OutboxEntry[];
  /** After the meeting's write: the topics follow, and the answer. */
  then: (after: MeetingDoc) => Promise<T>;
}

/**
 * The loop every agenda step runs (edit, cancel, minutes): take the meeting as read with the caller, finish what a
 * request left half done on its agenda, decide, and write the meeting with compare-and-set on its version. A lost
 * race, or a topic that moved meanwhile, reads again (with the topics it could not explain, and `wanted`) and
 * decides again.
 */
async function agendaStep<T>(
  ctx: { db: Database; caller: Caller; first: MeetingDoc | undefined; loaded: Loaded },
  meetingId: string,
  reads: Lookups,
  wanted: readonly string[],
  iso: string,
  decide: (
    m: MeetingDoc,
    ready: { topics: ReadonlyMap<string, TopicDoc>; agenda: AgendaView },
    view: Loaded,
  ) => AgendaStepPlan<T>,
): Promise<T> {
  const { db, caller } = ctx;
  const extra = new Set<string>();
  let view = ctx.loaded;
  for (let attempt = 0; attempt < AGENDA_ATTEMPTS; attempt += 1) {
    if (attempt > 0) {
      await backoff(attempt);
      view = await reread(db, caller, aboutThisMeeting(meetingId, { ...reads, ...extraLookup(extra) }));
    }
    const m = (attempt > 0 ? view.subject[0] : ctx.first) as MeetingDoc | undefined;
    if (!m) throw new AppError('NOT_FOUND', '找不到这个会议');
    const read = topicMap(view.agendaTopics, view.wanted, view.extra);
    const ready = await settledAgenda(db, m, read, new Set([...wanted, ...extra]), extra, iso);
    if (!ready) continue;
    const plan = decide(m, ready, view);
    let after: MeetingDoc;
    try {
      after = await commitStep(
        db,
        COLLECTIONS.meetings,
        m,
        plan.fields,
        plan.event,
        plan.notice ?? null,
        STALE,
        plan.records,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') continue;
      throw error;
    }
    return plan.then(after);
  }
  throw new AppError('CONFLICT', STALE);
}

const PLACE_OF_LEVEL = { building: 'buildingId', grid: 'gridId', community: 'communityId' } as const satisfies Record<
  CouncilLevel,
  keyof UserDoc
>;

/** The ids a request's topic and meeting get: a retry of the request finds what it created. */
const topicIdOf = (openid: string, requestId: string) => stableId('tpc', openid, requestId);
const meetingIdOf = (openid: string, requestId: string) => stableId('mtg', openid, requestId);

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

// ── the function ─────────────────────────────────────────────────────────────────────────────────────────────

const updateReads = (input: { meetingId: string; topicIds?: string[]; audience?: { unitIds?: string[] } }) => ({
  agendaTopics: agendaTopicsLookup(input.meetingId),
  wanted: { collection: COLLECTIONS.topics, ids: input.topicIds ?? [] },
  units: { collection: COLLECTIONS.units, ids: input.audience?.unitIds ?? [] },
});
const agendaReads = (input: { meetingId: string }) => ({ agendaTopics: agendaTopicsLookup(input.meetingId) });

export const councils = defineFunction(
  'councils',
  councilsActions,
  {
    proposeTopic: {
      access: registered,
      // his building, grid or community (by level) joined on his own record
      reads: (input, { openid }) => ({
        place: { collection: COLLECTIONS.places, callerField: PLACE_OF_LEVEL[input.level], field: '_id' },
        // a retry of this request finds the topic it created
        existing: { collection: COLLECTIONS.topics, ids: [topicIdOf(openid, input.requestId)] },
      }),
      async handler(input, { caller, db, now, loaded }) {
        const binding = caller.user ? bindingOf(caller.user) : null;
        if (!binding) throw new AppError('UNAUTHENTICATED', '请先绑定所在社区和楼栋');
        const scope = scopeAt(input.level, binding);
        const id = topicIdOf(caller.openid, input.requestId);
        const existing = loaded.existing[0] as TopicDoc | undefined;
        if (existing) return toTopic(existing, caller, null);
        const place = loaded.place[0] as Place | undefined;
        const at = now().toISOString();
        const first = event({ _id: id, timeline: [] }, 'propose', 'proposed', 'proposed', 'resident', caller, at);
        const topic: TopicDoc = {
          _id: id,
          ...scopeFields(scope, place?.name ?? ''),
          title: input.title,
          description: input.description,
          photos: ownPhotos(caller, input.photos),
          proposerId: caller.openid,
          proposerName: caller.user!.name,
          publicName: input.publicName ?? false,
          status: 'proposed',
          backers: [],
          backerCount: 0,
          meetingId: null,
          agendaOf: [],
          declineReason: null,
          createdAt: at,
          timeline: [first],
          version: 1,
        };
        // the community's staff hear of it through the topic's outbox, written with it
        const notice: Notice = {
          audiences: [{ kind: 'community_staff', id: scope.communityId }],
          subject: { type: 'meeting', id },
          title: `群众说事：${input.title}`,
          body: `${place?.name ?? ''}的居民提出了新议题`,
        };
        const inserted = await insertOnce(db, COLLECTIONS.topics, {
          ...topic,
          ...outboxOf(noticesOf(first.id, notice, at)),
        });
        if (!inserted) return toTopic(await loadTopic(db, id), caller, null);
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

    /**
     * Meeting first: the agenda entry is pushed (the meeting still open for edits, the topic not listed yet), then
     * the topic is claimed with a compare-and-set on the version read, its people told in the same write. A lost
     * claim reads again: accepted onto this meeting by someone else finishing it is success; gone elsewhere drops
     * the entry again and refuses as the topic's state says. A retry of a request cut short between the writes
     * finds its entry listed and goes on to the claim.
     */
    acceptTopic: {
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
        let view = loaded;
        for (let attempt = 0; attempt < AGENDA_ATTEMPTS; attempt += 1) {
          if (attempt > 0) {
            await backoff(attempt);
            view = await reread(db, caller, lookups);
          }
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
              if (res.updated !== 1) continue;
            }
            throw new AppError(step.code, `「${topic.title}」：${step.message}`);
          }
          if (!listed) {
            const entry: AgendaEntry = { title: topic.title, topicId: topic._id, announce: true };
            const pushed = await db
              .collection(COLLECTIONS.meetings)
              .where({ _id: m._id, status: 'scheduled', startAt: _.gt(iso), 'agenda.topicId': _.neq(topic._id) })
              .update({ agenda: _.push([entry]), version: _.inc(1), agendaCheckAt: agendaCheckAt(at) });
            if (pushed.updated !== 1) continue;
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
          if (claimed.updated === 1) return toTopic({ ...topic, status: step.to, meetingId: m._id }, caller, m);
        }
        throw new AppError('CONFLICT', STALE);
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

    /**
     * The meeting is inserted with its agenda (under an id the request decides, so a retry finds it), then its
     * topics are claimed in one conditional update. A topic another organiser took in the same instant is dropped
     * from the agenda again and named in the refusal; the meeting stands with the rest, and a retry of the same
     * request answers with it.
     */
    createMeeting: {
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
    },

    /**
     * One compare-and-set on the meeting (its fields, seats, agenda, the edit's notices in its outbox), then the
     * topics it takes onto the agenda are claimed and the ones it takes off released. A sign-up meanwhile makes the
     * write lose: read again and decide again.
     */
    updateMeeting: {
      access: organisesMeeting,
      reads: updateReads,
      async handler(input, { caller, db, now, subject, loaded }) {
        const { role, doc: first } = subject as Organising<MeetingDoc>;
        const at = now();
        const iso = at.toISOString();
        const context = { db, caller, first, loaded };
        return agendaStep(context, input.meetingId, updateReads(input), input.topicIds ?? [], iso, (m, ready, view) => {
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
            const { rev: _rev, ...seats } = seatWrite(seatsOf(m), decision.seats).set;
            Object.assign(fields, seats, { freeSeats: seats.capacity - seats.confirmed.length });
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
            ...(promoted.length
              ? noticesOf(
                  `${e.id}-promoted`,
                  {
                    audiences: users(promoted),
                    subject: subjectOf,
                    title: `候补成功：${title}`,
                    kind: 'meeting_promoted',
                    body: '名额增加，您已获得座位',
                  },
                  iso,
                )
              : []),
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
    },

    /** The meeting is cancelled (everyone signed up told, in its outbox), then its topics go back to 征集中. */
    cancelMeeting: {
      access: organisesMeeting,
      reads: agendaReads,
      async handler(input, { caller, db, now, subject, loaded }) {
        const { role, doc: first } = subject as Organising<MeetingDoc>;
        const at = now();
        const iso = at.toISOString();
        return agendaStep({ db, caller, first, loaded }, input.meetingId, agendaReads(input), [], iso, (m, ready) => {
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
      reads: agendaReads,
      async handler(_input, { caller, db, now, subject, loaded }) {
        const m = subject as MeetingDoc;
        return toDetail(m, caller, now(), topicMap(loaded.agendaTopics), await resolutionOrders(db, m));
      },
    },

    signUp: {
      access: seesMeeting,
      reads: agendaReads,
      async handler(_input, { caller, db, now, subject, loaded }) {
        const at = now();
        const m = subject as MeetingDoc;
        const may = checkMayJoin(audienceOf(m), councilCaller(caller));
        if (!may.ok) throw refusalOf(may);
        const person = { name: caller.user?.name ?? '', buildingId: caller.user?.buildingId ?? null, basis: may.as };
        const after = await takeSeat(db, m._id, caller.openid, at, person, m);
        return toDetail(after, caller, at, topicMap(loaded.agendaTopics));
      },
    },

    cancelSignUp: {
      access: seesMeeting,
      reads: agendaReads,
      async handler(input, { caller, db, now, subject, loaded }) {
        const at = now();
        const { after } = await seatChange(
          db,
          input.meetingId,
          (current) => {
            const decision = decideCancel(seatMeeting(current), caller.openid, at);
            if (!decision.ok) throw refusalOf(decision);
            // the first on the waitlist moves up and is told, in the same write
            const records = decision.promoted
              ? noticesOf(
                  `${current._id}-v${current.version + 1}-promoted`,
                  {
                    audiences: users([decision.promoted]),
                    subject: { type: 'meeting', id: current._id },
                    title: `候补成功：${current.title}`,
                    kind: 'meeting_promoted',
                    body: `有人取消报名，您已获得座位。${current.place}`,
                  },
                  at.toISOString(),
                )
              : [];
            return { seats: decision.seats, records };
          },
          subject as MeetingDoc,
        );
        return toDetail(after, caller, at, topicMap(loaded.agendaTopics));
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

    /**
     * The minutes and resolutions in one compare-and-set on the meeting, with every notice they owe in its outbox
     * (the attendees and the topics' people; each settled topic's own 已议定 notice); then the agenda's topics are
     * settled (已议定) in one update.
     */
    publishMinutes: {
      access: organisesMeeting,
      reads: agendaReads,
      async handler(input, { caller, db, now, subject, loaded }) {
        const { role, doc: first } = subject as Organising<MeetingDoc>;
        const photos = ownPhotos(caller, input.photos);
        const at = now();
        const iso = at.toISOString();
        return agendaStep({ db, caller, first, loaded }, input.meetingId, agendaReads(input), [], iso, (m, ready) => {
          const { topics, agenda } = ready;
          const step = meetingTransition({ state: m.status, startAt: m.startAt }, 'publish_minutes', role, { at });
          if (!step.ok) throw refusalOf(step);
          const resolutions: ResolutionDoc[] = input.resolutions.map((r, i) => ({
            id: `${m._id}-r${i + 1}`,
            text: r.text,
            topicId: r.topicId ?? null,
            orderId: null,
          }));
          // The agenda's topics are settled (已议定); their proposers and backers hear of it with the attendees.
          const settled = agenda.settled.filter((t) => t.status === 'accepted');
          const e = event(m, 'publish_minutes', m.status, step.to, role, caller, iso);
          const records = [
            ...noticesOf(
              e.id,
              {
                audiences: users(minutesRecipients(m.attended, agenda.settled)),
                subject: { type: 'meeting', id: m._id },
                title: `议事会纪要已公开：${m.title}`,
                body: `${resolutions.length}项决议`,
              },
              iso,
            ),
            ...settled.flatMap((t) =>
              noticesOf(
                `${e.id}-${t._id}`,
                {
                  audiences: users([t.proposerId, ...t.backers]),
                  subject: { type: 'meeting', id: t._id },
                  title: `议题${TOPIC_STATES.discussed.label}：${t.title}`,
                  body: '',
                },
                iso,
              ),
            ),
          ];
          return {
            fields: {
              status: step.to,
              minutes: { text: input.minutes, photos, publishedAt: iso },
              resolutions,
              ...(settled.length || agenda.lost.length ? { agendaCheckAt: agendaCheckAt(at) } : {}),
              ...(agenda.lost.length ? { agenda: withoutLost(m, agenda.lost) } : {}),
            },
            event: e,
            records,
            then: async (after) => {
              const ids = settled.map((t) => t._id);
              await discussTopics(db, after, ids, { role: 'system', caller: null }, iso);
              return toDetail(after, caller, at, moved(topics, ids, { status: 'discussed' }));
            },
          };
        });
      },
    },

    /**
     * ONE write: the order goes in under an id that is its resolution's, so the insert itself lets one order per
     * resolution through — no claim on the meeting first, nothing half written. `requestKey` tells a retry of the
     * same request (answered with its order) from another request for the same resolution (refused).
     */
    resolutionToOrder: {
      access: organisesMeeting,
      // the resolution's order, if it has one already
      reads: (input) => ({
        order: { collection: COLLECTIONS.orders, ids: [resolutionOrderId(input.meetingId, input.resolutionId)] },
      }),
      async handler(input, { caller, db, now, subject, loaded }) {
        const { doc: m, role } = subject as Organising<MeetingDoc>;
        const at = now();
        const index = m.resolutions.findIndex((r) => r.id === input.resolutionId);
        if (index < 0) throw new AppError('NOT_FOUND', '找不到这项决议');
        const resolution = m.resolutions[index];
        // A resolution claimed the earlier way (its order's id written on the meeting first, then the order): only
        // the request that claimed it may go on to write that order.
        const claimedBefore = stableId('ord', caller.openid, input.requestId);
        const retry = resolution.orderId !== null && resolution.orderId === claimedBefore;
        const check = retry ? ({ ok: true } as const) : checkResolutionToOrder(m.status, resolution);
        if (!check.ok) throw refusalOf(check);
        const id = retry ? claimedBefore : resolutionOrderId(m._id, resolution.id);
        const requestKey = stableId('rtq', caller.openid, input.requestId);
        const made = loaded.order[0] as { requestKey?: string } | undefined;
        if (made && !retry) {
          if (made.requestKey === requestKey) return { orderId: id };
          throw new AppError('CONFLICT', '该决议已转为工单');
        }
        const { building, community, compound } = await orderPlaceOf(db, m);
        const { created } = await openOrder(
          db,
          {
            id,
            resident: { id: caller.openid, name: caller.user!.name, phone: '', role },
            building,
            community,
            propertyCompanyId: compound?.propertyCompanyId ?? null,
            address: `议事会决议：${m.title}`,
            category: findCategory(input.categoryId)!,
            description: input.description ?? resolution.text,
            photos: [],
            preferredTime: 'anytime',
            contact: 'message',
            privateContact: true,
            origin: { kind: 'resolution', meetingId: m._id, resolutionId: input.resolutionId },
            at,
          },
          { stored: { requestKey } },
        );
        if (created || retry) return { orderId: id };
        const existing = await db.collection(COLLECTIONS.orders).where({ _id: id }).limit(1).get();
        if ((existing.data[0] as { requestKey?: string } | undefined)?.requestKey === requestKey)
          return { orderId: id };
        throw new AppError('CONFLICT', '该决议已转为工单');
      },
    },
  },
  {
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

/** The invited units' names, as read with the caller; one that does not exist refuses the request. */
function unitNamesOf(loaded: readonly unknown[] | undefined, unitIds: string[]): string[] {
  const names = new Map(((loaded ?? []) as Array<{ _id: string; name: string }>).map((u) => [u._id, u.name]));
  if (unitIds.some((id) => !names.has(id))) throw new AppError('NOT_FOUND', '邀请的单位不存在');
  return unitIds.map((id) => names.get(id)!);
}

/**
 * Where a resolution's order is: the meeting's own building, or the first of its grid or community — with its
 * compound (the property company) and community, in ONE aggregate. (They hang off the meeting document, not the
 * input, so they cannot come with the caller's read.)
 */
async function orderPlaceOf(
  db: Database,
  m: MeetingDoc,
): Promise<{ building: Building; community: Community; compound: Compound | undefined }> {
  const where: Record<string, unknown> = m.buildingId
    ? { _id: m.buildingId }
    : { kind: 'building', communityId: m.communityId, ...(m.gridId ? { gridId: m.gridId } : {}) };
  const res = (await db
    .collection(COLLECTIONS.places)
    .aggregate()
    .match(where)
    .sort({ name: 1 })
    .limit(1)
    .lookup({ from: COLLECTIONS.places, localField: 'compoundId', foreignField: '_id', as: 'compound' })
    .lookup({ from: COLLECTIONS.places, localField: 'communityId', foreignField: '_id', as: 'community' })
    .end()) as { data?: Array<Building & { compound: Place[]; community: Place[] }> };
  const row = res.data?.[0];
  if (!row) throw new AppError('NOT_FOUND', '该范围内没有楼栋');
  const { compound, community, ...building } = row;
  return {
    building: building as Building,
    community: community[0] as Community,
    compound: compound[0]?.kind === 'compound' ? (compound[0] as Compound) : undefined,
  };
}

/**
 * Signing up in ONE conditional update, no read-modify-write: a seat while `freeSeats` > 0, else the end of the
 * waitlist — so N concurrent sign-ups each land exactly once, in arrival order, and never past capacity. The
 * shared decision (decideSignUp) gives the refusals; the conditions below make the write agree with it. The write
 * returns the meeting as it left it (`updateAndReturn`): the answer needs no read after it.
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
    const seated = (await db
      .collection(COLLECTIONS.meetings)
      .where({ ...open, freeSeats: _.gt(0) })
      .updateAndReturn({ ...mine, freeSeats: _.inc(-1), confirmed: _.push([uid]), confirmedCount: _.inc(1) })) as {
      updated?: number;
      doc?: MeetingDoc | null;
    };
    if (seated.updated === 1 && seated.doc) return seated.doc;
    const queued = (await db
      .collection(COLLECTIONS.meetings)
      .where({ ...open, freeSeats: 0, waitlistCount: _.lt(MAX_WAITLIST) })
      .updateAndReturn({ ...mine, waitlist: _.push([uid]), waitlistCount: _.inc(1) })) as {
      updated?: number;
      doc?: MeetingDoc | null;
    };
    if (queued.updated === 1 && queued.doc) return queued.doc;
    await backoff(attempt + 1); // a seat freed or the code was taken meanwhile: decide again
  }
  throw new AppError('CONFLICT', '报名人数较多，请稍后重试');
}

/** A topic step on its own (withdraw, decline): the versioned commit, and the proposer and backers told. */
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
