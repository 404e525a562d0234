/**
 * Who the caller is to a topic or a meeting (议事会 organiser, someone who may join, signed up), as the router's
 * access rules: the document comes with the caller in one read, then these judge the relation.
 */
import type { councilsActions } from '../../miniprogram/shared/api/councils';
import { joinBasis, organiserRole, type CouncilScope } from '../../miniprogram/shared/councils/scope';
import { AppError } from '../../miniprogram/shared/errors';
import { relatedTo } from '../lib/access';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type CollectionName, type Database } from '../lib/db';
import type { ActionImpl } from '../lib/router';
import { councilCaller, scopeOf, type MeetingDoc, type TopicDoc } from './model';

/** The organiser's role for a scope, or FORBIDDEN. */
export function organiser(caller: Caller, scope: CouncilScope): 'community_staff' | 'grid_worker' {
  const role = organiserRole(scope, councilCaller(caller));
  if (!role) throw new AppError('FORBIDDEN', '您不是该范围议事会的组织者');
  return role;
}

export interface Organising<D> {
  doc: D;
  role: 'community_staff' | 'grid_worker';
}

/** A document by the input's id, fetched with the caller in one round trip, then judged by `decide`. */
const about =
  <D, I>(collection: CollectionName, idOf: (input: I) => string, missing: string) =>
  <S>(decide: (doc: D, caller: Caller) => S) =>
    relatedTo<D, I>(collection, idOf, (doc, _input, { caller }) => {
      if (!doc) throw new AppError('NOT_FOUND', missing);
      return decide(doc, caller);
    });
export const aboutTopic = about<TopicDoc, { topicId: string }>(COLLECTIONS.topics, (i) => i.topicId, '找不到这个议题');
export const aboutMeeting = about<MeetingDoc, { meetingId: string }>(
  COLLECTIONS.meetings,
  (i) => i.meetingId,
  '找不到这个会议',
);

export const organisesTopic = aboutTopic((doc, caller): Organising<TopicDoc> => ({
  doc,
  role: organiser(caller, scopeOf(doc)),
}));

export const organisesMeeting = aboutMeeting((doc, caller): Organising<MeetingDoc> => ({
  doc,
  role: organiser(caller, scopeOf(doc)),
}));

/** A meeting the caller may see: he may join it, is signed up, or organises it. */
export const seesMeeting = aboutMeeting((doc, caller): MeetingDoc => {
  const c = councilCaller(caller);
  const allowed =
    doc.members.includes(caller.openid) ||
    organiserRole(scopeOf(doc), c) !== null ||
    joinBasis(audienceOf(doc), c) !== null;
  if (!allowed) throw new AppError('FORBIDDEN', '您不在该议事会的参会范围内');
  return doc;
});

export const audienceOf = (m: MeetingDoc) => ({ scope: scopeOf(m), audience: m.audience });

/** An action's implementation, typed by its contract. */
export type CouncilAction<A extends keyof typeof councilsActions> = ActionImpl<(typeof councilsActions)[A]>;

/**
 * What an organiser's list of a community covers (its staff: all of it; a grid worker: his grids), as a condition
 * on the documents' scope fields; FORBIDDEN for anyone else.
 */
export function organisedWhere(db: Database, caller: Caller, communityId: string): Record<string, unknown> {
  const c = councilCaller(caller);
  if (organiserRole({ level: 'community', communityId, gridId: null, buildingId: null }, c)) return { communityId };
  const gridIds = c.grants.filter((g) => g.role === 'grid_worker').map((g) => g.scopeId);
  if (gridIds.length) return { gridId: db.command.in(gridIds) };
  throw new AppError('FORBIDDEN', '您不是该社区议事会的组织者');
}
