/**
 * The 议事会 documents as stored (topics, meetings) and the small pieces every action and the agenda protocol
 * (agenda.ts) share: timeline events, the seat view of a meeting, the caller as the shared rules see him.
 */
import type { MeetingState, TopicState } from '../../miniprogram/shared/councils/machine';
import {
  bindingOf,
  scopeKey,
  type Caller as CouncilCaller,
  type CouncilLevel,
  type CouncilScope,
  type JoinBasis,
} from '../../miniprogram/shared/councils/scope';
import type { Seats } from '../../miniprogram/shared/councils/seats';
import { AppError, type ErrorCode } from '../../miniprogram/shared/errors';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import type { PhotoReviews, PhotoTarget } from '../lib/media';
import type { Audience } from '../lib/notify';
import { stableId } from '../lib/records';
import { nextEventId } from '../lib/workflow';

export interface EventDoc {
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

export interface ScopeFields {
  level: CouncilLevel;
  communityId: string;
  gridId: string | null;
  buildingId: string | null;
  scopeKey: string;
  placeName: string;
}

export interface TopicDoc extends ScopeFields {
  _id: string;
  title: string;
  description: string;
  photos: string[];
  /** Its photos' reviews by WeChat (lib/media.ts); absent on topics from before reviews. */
  photoReviews?: PhotoReviews;
  proposerId: string;
  proposerName: string;
  publicName: boolean;
  status: TopicState;
  backers: string[];
  backerCount: number;
  /** The meeting it is accepted onto (or was discussed at); null while 征集中 or closed otherwise. */
  meetingId: string | null;
  /**
   * Every meeting whose agenda it has been taken onto (indexed): a meeting page reads its agenda's topics by this
   * one field, together with the caller, cancelled meetings' included.
   */
  agendaOf: string[];
  declineReason: string | null;
  createdAt: string;
  timeline: EventDoc[];
  version: number;
}

export interface PersonDoc {
  name: string;
  /** His building (its name is looked up when staff see attendance, not on every sign-up). */
  buildingId: string | null;
  basis: JoinBasis;
}

export interface ResolutionDoc {
  id: string;
  text: string;
  topicId: string | null;
  orderId: string | null;
}

export interface AgendaEntry {
  title: string;
  topicId: string | null;
  /**
   * Set by acceptTopic: the topic's proposer and backers are told when it follows the meeting onto the agenda —
   * by that request, or by whoever finishes the step if the request was cut short (agenda.ts).
   */
  announce?: boolean;
}

export interface MeetingDoc extends ScopeFields {
  _id: string;
  title: string;
  description: string;
  organizerId: string;
  organizerName: string;
  audience: { partyMembers: boolean; unitIds: string[]; unitNames: string[] };
  agenda: AgendaEntry[];
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
  /** The minutes' photos' reviews by WeChat (lib/media.ts). */
  photoReviews?: PhotoReviews;
  resolutions: ResolutionDoc[];
  /**
   * When the sweep should make sure the agenda's topics followed this meeting's last agenda change (indexed); set
   * by every write that leaves topics to follow, cleared by the sweep once they agree (agenda.ts). Absent or null:
   * nothing to check.
   */
  agendaCheckAt?: string | null;
  /** The start time its seated attendees were reminded of the day before (会议提醒); absent: not yet. */
  remindedFor?: string;
  createdAt: string;
  timeline: EventDoc[];
  /** The compare-and-set counter of every seat write and step (the seats' `rev`). */
  version: number;
}

export const seatsOf = (m: MeetingDoc): Seats => ({
  rev: m.version,
  capacity: m.capacity,
  confirmed: m.confirmed,
  waitlist: m.waitlist,
});
export const seatMeeting = (m: MeetingDoc) => ({ ...seatsOf(m), state: m.status, signUpDeadline: m.signUpDeadline });
export const scopeOf = (d: ScopeFields): CouncilScope => ({
  level: d.level,
  communityId: d.communityId,
  gridId: d.gridId,
  buildingId: d.buildingId,
});
export const councilCaller = (caller: Caller): CouncilCaller => ({
  binding: caller.user ? bindingOf(caller.user) : null,
  grants: caller.user?.roles ?? [],
});

/** Who did it: the caller, or the system (a timer, or finishing a step someone's request left half done). */
export type By = { role: Actor; caller: Caller | null };

/** A timeline event with its id given (events a meeting's change causes in its topics: agenda.ts). */
export const eventWithId = (
  id: string,
  action: string,
  from: string,
  to: string,
  by: By,
  at: string,
  reason = '',
): EventDoc => ({
  id,
  action,
  from,
  to,
  role: by.role,
  actorId: by.caller?.openid ?? 'system',
  actorName: by.caller?.user?.name ?? '系统',
  at,
  reason,
});

/** The document's next timeline event (its id numbers it within the document). */
export const event = (
  doc: { _id: string; timeline: unknown[] },
  action: string,
  from: string,
  to: string,
  role: Actor,
  caller: Caller | null,
  at: string,
  reason = '',
): EventDoc =>
  eventWithId(
    nextEventId(doc as { _id: string; timeline: unknown[]; version: number }),
    action,
    from,
    to,
    { role, caller },
    at,
    reason,
  );

export const users = (ids: readonly string[]): Audience[] => ids.map((id) => ({ kind: 'user', id }));

export const refusalOf = (r: { code: ErrorCode; message: string }) => new AppError(r.code, r.message);

/** A topic or meeting by id, read again after a lost race or a twin's insert; NOT_FOUND when it is gone. */
async function loadDoc<T>(db: Database, collection: 'topics' | 'meetings', id: string, what: string): Promise<T> {
  const res = await db.collection(COLLECTIONS[collection]).where({ _id: id }).limit(1).get();
  const doc = res.data[0] as T | undefined;
  if (!doc) throw new AppError('NOT_FOUND', `找不到这个${what}`);
  return doc;
}
export const loadMeeting = (db: Database, id: string) => loadDoc<MeetingDoc>(db, 'meetings', id, '会议');
export const loadTopic = (db: Database, id: string) => loadDoc<TopicDoc>(db, 'topics', id, '议题');

/** The refusal of a step that lost its race more often than a meeting's traffic explains. */
export const STALE = '刚刚被他人处理，请刷新后重试';

/** A resolution's service order: one per resolution, under an id that is the resolution's. */
export const resolutionOrderId = (meetingId: string, resolutionId: string) => stableId('ord', meetingId, resolutionId);

/** Where a resolution's order is, if it has one (an order id written on it is the earlier way of claiming it). */
export const orderIdOf = (m: MeetingDoc, r: ResolutionDoc) => r.orderId ?? resolutionOrderId(m._id, r.id);

/** The ids a request's topic and meeting get: a retry of the request finds what it created. */
export const topicIdOf = (openid: string, requestId: string) => stableId('tpc', openid, requestId);
export const meetingIdOf = (openid: string, requestId: string) => stableId('mtg', openid, requestId);

/** A topic's or meeting's scope as stored: with its key (indexed, for lists) and the place's name. */
export function scopeFields(scope: CouncilScope, placeName: string): ScopeFields {
  return { ...scope, scopeKey: scopeKey(scope), placeName };
}

/** The invited units' names, as read with the caller; one that does not exist refuses the request. */
export function unitNamesOf(loaded: readonly unknown[] | undefined, unitIds: string[]): string[] {
  const names = new Map(((loaded ?? []) as Array<{ _id: string; name: string }>).map((u) => [u._id, u.name]));
  if (unitIds.some((id) => !names.has(id))) throw new AppError('NOT_FOUND', '邀请的单位不存在');
  return unitIds.map((id) => names.get(id)!);
}

/** Where a topic's or a meeting's photos are reviewed and what the review's notice opens. */
export const councilPhotos = (type: 'topic' | 'meeting', id: string): PhotoTarget => ({
  collection: type === 'topic' ? COLLECTIONS.topics : COLLECTIONS.meetings,
  id,
  notice: { type, id },
});
