/**
 * A meeting's agenda and its residents' topics (群众说事) are different documents, and CloudBase writes one document
 * atomically, or many through a multi-round-trip transaction. Agenda changes (accept a topic, create or edit a
 * meeting with topics, cancel it, publish its minutes) go without a transaction instead:
 *
 * 1. COMMIT POINT: the meeting is written first, in ONE conditional update on what the request read (its version,
 *    or for acceptTopic its state and the topic not yet listed). Its agenda is the intent; `agendaCheckAt` in the
 *    same write tells the sweep to check, a minute later, that the topics followed.
 * 2. FOLLOW-UP: the topics follow in ONE multi-document conditional update per kind of move, conditioned on the
 *    state each must leave (征集中 to be accepted, accepted onto THIS meeting to be taken off or discussed), with one
 *    timeline event whose id derives from the meeting's version — so repeating a follow-up changes nothing, and a
 *    topic can be accepted onto one meeting only: the claim condition (status 征集中) lets exactly one meeting win.
 *
 * Between the two writes (a crash, or a request still running) the pair disagrees in one of two ways, both readable
 * from the documents: a PENDING entry (listed, but its topic is still 征集中) or an ORPHAN (the topic says it is
 * accepted onto the meeting, which no longer lists it). Whoever meets the meeting in that state — the next request
 * that changes its agenda, a retry of the same request, or the sweep once `agendaCheckAt` is due — finishes it
 * first ("settles": claims pending topics, releases orphans) and then decides on a settled agenda. A LOST entry
 * (listed, but its topic went to another meeting, was declined or withdrawn before the follow-up) is dropped from
 * the agenda by the request that finds it, or by the sweep. The sweep clears `agendaCheckAt` with a compare-and-set
 * on the version it checked, so an agenda change made meanwhile is checked again.
 *
 * The topic machine says who moves topics; these follow-ups are the organiser's own step (his request), or the
 * system's when it finishes a step a request left half done.
 */
import type { Lookup } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { noticesOf, type Notice } from '../lib/notify';
import { pushOutbox } from '../lib/outbox';
import { eventWithId, users, type By, type MeetingDoc, type TopicDoc } from './model';

const _topics = COLLECTIONS.topics;
const SYSTEM: By = { role: 'system', caller: null };

/** A minute after an agenda change, the sweep checks its topics followed (a request lasts seconds at most). */
const AGENDA_CHECK_DELAY_MS = 60_000;
export const agendaCheckAt = (at: Date | string) =>
  new Date(new Date(at).getTime() + AGENDA_CHECK_DELAY_MS).toISOString();

/** The topic ids on a meeting's agenda, in order. */
export const listedIds = (m: Pick<MeetingDoc, 'agenda'>): string[] =>
  m.agenda.flatMap((a) => (a.topicId ? [a.topicId] : []));

/** On the meeting's agenda for good: accepted onto it, or discussed there. */
export const claimedBy = (t: TopicDoc, meetingId: string): boolean =>
  t.meetingId === meetingId && (t.status === 'accepted' || t.status === 'discussed');

/** Every topic ever taken onto the meeting's agenda (indexed on `agendaOf`), to read with the caller. */
export const agendaTopicsLookup = (meetingId: string): Lookup => ({
  collection: _topics,
  where: { agendaOf: meetingId },
  // far more than a meeting discusses: the bound keeps the joined document small
  limit: 200,
});

/** The reads of an action about one meeting's page: its agenda's topics, with the caller. */
export const agendaReads = (input: { meetingId: string }) => ({ agendaTopics: agendaTopicsLookup(input.meetingId) });

/** Topics by id, from any number of read lists (later lists win: they are fresher). */
export const topicMap = (...lists: ReadonlyArray<readonly unknown[] | undefined>): Map<string, TopicDoc> =>
  new Map(lists.flatMap((list) => (list ?? []) as TopicDoc[]).map((t) => [t._id, t]));

export interface AgendaView {
  /** Listed, and the topic is accepted onto (or discussed at) this meeting. */
  settled: TopicDoc[];
  /** Listed, but the topic is still 征集中: the claim has not happened (yet). */
  pending: TopicDoc[];
  /** Listed, but the topic is another meeting's, closed, or gone: a stale entry. */
  lost: string[];
  /** Listed, but not read: nothing can be said before reading it. */
  unknown: string[];
  /** Not listed, but the topic says it is accepted onto this meeting: a removal that has not reached it (yet). */
  orphans: TopicDoc[];
}

/**
 * The agenda against its topics. `checked`: ids that were read by id, so one not found is gone (lost), not unknown.
 */
export function viewAgenda(
  m: Pick<MeetingDoc, '_id' | 'agenda'>,
  topics: ReadonlyMap<string, TopicDoc>,
  checked: ReadonlySet<string> = new Set(),
): AgendaView {
  const listed = listedIds(m);
  const view: AgendaView = { settled: [], pending: [], lost: [], unknown: [], orphans: [] };
  for (const id of listed) {
    const t = topics.get(id);
    if (!t) (checked.has(id) ? view.lost : view.unknown).push(id);
    else if (claimedBy(t, m._id)) view.settled.push(t);
    else if (t.status === 'proposed') view.pending.push(t);
    else view.lost.push(id);
  }
  view.orphans = [...topics.values()].filter(
    (t) => t.meetingId === m._id && t.status === 'accepted' && !listed.includes(t._id),
  );
  return view;
}

/** Something was left half done: finish it (settle) before deciding anything on this agenda. */
export const unsettled = (v: AgendaView): boolean => v.pending.length + v.orphans.length + v.unknown.length > 0;

/** What acceptTopic tells a topic's proposer and backers. */
export const acceptNotice = (t: TopicDoc, m: Pick<MeetingDoc, '_id' | 'title' | 'place'>): Notice => ({
  audiences: users([t.proposerId, ...t.backers]),
  subject: { type: 'meeting', id: m._id },
  title: `议题已列入议程：${t.title}`,
  body: `${m.title}，${m.place}`,
});

/** The id of a topic event that the meeting's agenda at `version` causes: one per topic, version and move. */
const causedId = (meetingId: string, version: number, move: string) => `${meetingId}-v${version}-${move}`;

type Agreed = Pick<MeetingDoc, '_id' | 'version'>;

/**
 * The three ways an agenda moves its topics, as data: the state a topic must be in (for this meeting) to move, and
 * what the move sets. 征集中 → 已列入议程 (accept), back to 征集中 (unschedule: taken off, or the meeting cancelled),
 * 已列入议程 → 已议定 (discuss: the minutes are out).
 */
const TOPIC_MOVES = {
  accept: { from: 'proposed', to: 'accepted', onThisMeeting: false },
  unschedule: { from: 'accepted', to: 'proposed', onThisMeeting: true },
  discuss: { from: 'accepted', to: 'discussed', onThisMeeting: true },
} as const;

/** Moves those of `ids` still where the move starts, in ONE multi-document conditional update. How many moved. */
async function moveTopics(
  db: Database,
  move: keyof typeof TOPIC_MOVES,
  m: Agreed,
  ids: readonly string[],
  by: By,
  at: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const _ = db.command;
  const { from, to, onThisMeeting } = TOPIC_MOVES[move];
  const e = eventWithId(causedId(m._id, m.version, move), move, from, to, by, at);
  const res = await db
    .collection(_topics)
    .where({ _id: _.in([...ids]), status: from, ...(onThisMeeting && { meetingId: m._id }) })
    .update({
      status: to,
      ...(move === 'accept' && { meetingId: m._id, agendaOf: _.addToSet(m._id) }),
      ...(move === 'unschedule' && { meetingId: null }),
      timeline: _.push([e]),
      version: _.inc(1),
    });
  return res.updated ?? 0;
}

/** 征集中 → 已列入议程 onto the meeting, for those of `ids` still 征集中. */
export const claimTopics = (db: Database, m: Agreed, ids: readonly string[], by: By, at: string) =>
  moveTopics(db, 'accept', m, ids, by, at);

/** 已列入议程 → 征集中, for those of `ids` still accepted onto the meeting (taken off it, or it was cancelled). */
export const releaseTopics = (db: Database, m: Agreed, ids: readonly string[], by: By, at: string) =>
  moveTopics(db, 'unschedule', m, ids, by, at);

/** 已列入议程 → 已议定, for those of `ids` accepted onto the meeting (its minutes are out). */
export const discussTopics = (db: Database, m: Agreed, ids: readonly string[], by: By, at: string) =>
  moveTopics(db, 'discuss', m, ids, by, at);

/**
 * Finishes what a request left half done on this agenda, as the system: pending topics are claimed (an accepted
 * topic's people told, as acceptTopic would have), orphans released. A cancelled meeting claims nothing. True when
 * every move landed, so the agenda now stands as `settled()` says; false when a topic changed meanwhile (read again).
 */
export async function settle(db: Database, m: MeetingDoc, view: AgendaView, at: string): Promise<boolean> {
  let landed = 0;
  const claiming = m.status !== 'cancelled' ? view.pending : [];
  if (claiming.length) {
    const announced = new Set(m.agenda.filter((a) => a.announce).map((a) => a.topicId));
    landed += await claimTopics(
      db,
      m,
      claiming.filter((t) => !announced.has(t._id)).map((t) => t._id),
      SYSTEM,
      at,
    );
    for (const t of claiming.filter((p) => announced.has(p._id))) {
      // one by one: each tells its own people, in the same write as the claim
      const _ = db.command;
      // The topic in the event's id: its notices' ids derive from it, and two topics' notices to one person differ.
      const e = eventWithId(
        causedId(m._id, m.version, `accept-${t._id}`),
        'accept',
        'proposed',
        'accepted',
        SYSTEM,
        at,
      );
      const res = await db
        .collection(_topics)
        .where({ _id: t._id, status: 'proposed' })
        .update({
          status: 'accepted',
          meetingId: m._id,
          agendaOf: _.addToSet(m._id),
          timeline: _.push([e]),
          version: _.inc(1),
          ...pushOutbox(db, noticesOf(e.id, acceptNotice(t, m), at)),
        });
      landed += res.updated ?? 0;
    }
  }
  landed += await releaseTopics(
    db,
    m,
    view.orphans.map((t) => t._id),
    SYSTEM,
    at,
  );
  return landed === claiming.length + view.orphans.length;
}

/** The topics as a `settle` that landed whole left them. */
export function settled(m: MeetingDoc, topics: ReadonlyMap<string, TopicDoc>, view: AgendaView) {
  const next = new Map(topics);
  if (m.status !== 'cancelled') {
    for (const t of view.pending)
      next.set(t._id, { ...t, status: 'accepted', meetingId: m._id, agendaOf: [...t.agendaOf, m._id] });
  }
  for (const t of view.orphans) next.set(t._id, { ...t, status: 'proposed', meetingId: null });
  return next;
}

/** The agenda without its lost entries. */
export const withoutLost = (m: Pick<MeetingDoc, 'agenda'>, lost: readonly string[]) =>
  m.agenda.filter((a) => a.topicId === null || !lost.includes(a.topicId));

const RECONCILE_ROUNDS = 5;

/**
 * The sweep's check of one meeting whose agenda changed a while ago: settle it, finish what its state owes its
 * topics (a cancelled meeting's go back to 征集中, published minutes' are 已议定), drop lost entries, and clear the
 * check — on the version it looked at; if the meeting changed meanwhile, look again. True when cleared.
 */
export async function reconcileAgenda(db: Database, meeting: MeetingDoc, now: Date): Promise<boolean> {
  const _ = db.command;
  const at = now.toISOString();
  let m = meeting;
  for (let round = 0; round < RECONCILE_ROUNDS; round += 1) {
    const listed = listedIds(m);
    const [byAgenda, byId] = await Promise.all([
      db.collection(_topics).where({ agendaOf: m._id }).limit(1000).get(),
      listed.length
        ? db
            .collection(_topics)
            .where({ _id: _.in(listed) })
            .limit(listed.length)
            .get()
        : { data: [] },
    ]);
    const view = viewAgenda(m, topicMap(byAgenda.data, byId.data), new Set(listed));
    await settle(db, m, view, at);
    const accepted = view.settled.filter((t) => t.status === 'accepted').map((t) => t._id);
    if (m.status === 'cancelled') await releaseTopics(db, m, accepted, SYSTEM, at);
    if (m.status === 'minutes_published') {
      await discussTopics(db, m, [...accepted, ...view.pending.map((t) => t._id)], SYSTEM, at);
    }
    const cleared = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: m._id, version: m.version })
      .update({
        agendaCheckAt: null,
        version: _.inc(1),
        ...(view.lost.length ? { agenda: withoutLost(m, view.lost) } : {}),
      });
    if (cleared.updated === 1) return true;
    const fresh = await db.collection(COLLECTIONS.meetings).where({ _id: m._id }).limit(1).get();
    if (!fresh.data[0]) return false;
    m = fresh.data[0] as MeetingDoc;
  }
  return false;
}
