/**
 * The loops of the steps that change a meeting's agenda (agenda.ts says the protocol): decide on a settled agenda,
 * write the meeting with compare-and-set, read again after a lost race or a topic that moved meanwhile.
 */
import { topicTransition } from '../../miniprogram/shared/councils/machine';
import { AppError } from '../../miniprogram/shared/errors';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import { loadCaller, type Caller, type Loaded, type Lookups } from '../lib/caller';
import { LOST, untilLanded } from '../lib/cas';
import { COLLECTIONS, type Database } from '../lib/db';
import type { Notice } from '../lib/notify';
import type { OutboxEntry } from '../lib/outbox';
import type { ActionContext } from '../lib/router';
import { commitStep } from '../lib/workflow';
import type { Organising } from './access';
import { claimTopics, settle, settled, topicMap, unsettled, viewAgenda, withoutLost, type AgendaView } from './agenda';
import { STALE, type EventDoc, type MeetingDoc, type TopicDoc } from './model';

/**
 * Reads again, after a lost compare-and-set or after finishing a half-done agenda step: the same lookups (the
 * caller comes along, as in the router's first read: one round trip).
 */
export const reread = async (db: Database, caller: Caller, lookups: Lookups): Promise<Loaded> =>
  (await loadCaller(db, caller.openid, lookups)).loaded;

/**
 * How often an agenda step reads again and decides again: after a lost compare-and-set (a sign-up bumped the
 * version), or after finishing what another request left half done. Far more than a meeting's traffic needs.
 */
export const AGENDA_ATTEMPTS = 8;

/** The lookups of an action about one meeting, the meeting itself included (as the router fetched it: `subject`). */
export const aboutThisMeeting = (meetingId: string, reads: Lookups): Lookups => ({
  ...reads,
  subject: { collection: COLLECTIONS.meetings, ids: [meetingId] },
});

/**
 * After a claim came up short (a topic changed between the read and the claim): looks at the meeting and those
 * topics again, claims the ones still listed and 征集中, and drops from the agenda (compare-and-set) the ones that
 * went elsewhere meanwhile. Returns the dropped topics, for the refusal that names them.
 */
export async function finishClaims(
  db: Database,
  meetingId: string,
  ids: readonly string[],
  by: { role: Actor; caller: Caller | null },
  at: string,
): Promise<TopicDoc[]> {
  const _ = db.command;
  return untilLanded(AGENDA_ATTEMPTS, STALE, async () => {
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
      return LOST; // look again: claimed, or gone elsewhere meanwhile
    }
    if (view.lost.length === 0) return [];
    const dropped = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: m._id, version: m.version })
      .update({ agenda: withoutLost(m, view.lost), version: _.inc(1) });
    if (dropped.updated !== 1) return LOST;
    return view.lost.map((id) => found.get(id)).filter((t): t is TopicDoc => !!t);
  });
}

/** The refusal for a topic that could not go onto the agenda (it went elsewhere, or is gone). */
export function notAcceptable(t: TopicDoc | undefined, role: Actor, at: string): AppError {
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
): Promise<ReadyAgenda | null> {
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

/** The agenda a step decides on, settled, with its topics as they now stand. */
type ReadyAgenda = { topics: ReadonlyMap<string, TopicDoc>; agenda: AgendaView };

/** What a step decides with: the organiser's role, the request's time, and what was read (with the caller). */
interface AgendaStepContext {
  role: Organising<MeetingDoc>['role'];
  at: Date;
  iso: string;
  view: Loaded;
}

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
export async function agendaStep<T>(
  ctx: ActionContext,
  reads: Lookups,
  wanted: readonly string[],
  decide: (m: MeetingDoc, ready: ReadyAgenda, step: AgendaStepContext) => AgendaStepPlan<T>,
): Promise<T> {
  const { db, caller } = ctx;
  // the meeting as the router fetched it with the caller, for an organiser (access.ts organisesMeeting)
  const { doc: first, role } = ctx.subject as Organising<MeetingDoc>;
  const at = ctx.now();
  const iso = at.toISOString();
  const extra = new Set<string>();
  const { plan, after } = await untilLanded(AGENDA_ATTEMPTS, STALE, async (attempt) => {
    const view =
      attempt === 0
        ? ctx.loaded
        : await reread(db, caller, aboutThisMeeting(first._id, { ...reads, ...extraLookup(extra) }));
    const m = (attempt > 0 ? view.subject[0] : first) as MeetingDoc | undefined;
    if (!m) throw new AppError('NOT_FOUND', '找不到这个会议');
    const read = topicMap(view.agendaTopics, view.wanted, view.extra);
    const ready = await settledAgenda(db, m, read, new Set([...wanted, ...extra]), extra, iso);
    if (!ready) return LOST;
    const plan = decide(m, ready, { role, at, iso, view });
    try {
      return {
        plan,
        after: await commitStep(
          db,
          COLLECTIONS.meetings,
          m,
          plan.fields,
          plan.event,
          plan.notice ?? null,
          STALE,
          plan.records,
        ),
      };
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') return LOST;
      throw error;
    }
  });
  return plan.then(after);
}
