/**
 * Who the caller is to a complaint, and the access rules of the actions that name one (or a community's).
 */
import type { Acting } from '../lib/workflow';
import { AppError } from '../../miniprogram/shared/errors';
import { COMPLAINT_ACTIONS, levelRole, type ComplaintAction } from '../../miniprogram/shared/complaints/machine';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import type { Role } from '../../miniprogram/shared/roles';
import type { Place } from '../../miniprogram/shared/schemas/places';
import { holdsGrant, isAdmin, knownTo, relatedTo, type AccessContext } from '../lib/access';
import type { Caller } from '../lib/caller';
import { COLLECTIONS } from '../lib/db';
import type { ComplaintDoc } from './model';

export type Relation = Role | 'supporter';

/** The caller's roles towards a complaint; `unit_member` and staff only where they handle it or oversee it. */
export function relations(caller: Caller, c: ComplaintDoc): Relation[] {
  const holds = (role: Role, scopeId: string | null) => holdsGrant(caller, role, scopeId);
  const found: Relation[] = [];
  if (c.filerId === caller.openid) found.push('resident');
  if (c.supporters.includes(caller.openid)) found.push('supporter');
  // The unit at its level: the company while it is there, the department once it reported (and after).
  if (holds('unit_member', c.level === 'department' ? c.departmentId : c.companyId)) found.push('unit_member');
  if (holds('community_staff', c.communityId)) found.push('community_staff');
  if (holds('street_staff', c.streetId)) found.push('street_staff');
  if (isAdmin(caller)) found.push('admin');
  return found;
}

/** The complaint an action is about and the side the caller takes it as (lib/workflow's `Acting`). */
export type OnComplaint = Acting<ComplaintDoc, Actor>;

/**
 * The complaint an action names, fetched with the caller. Its id comes from compound, category and number, so it
 * can be guessed: to whoever may not know of it — neither related to it, nor living in its compound (where
 * 同类投诉 lists it), nor its compound's company (which had it first) — it answers exactly as a missing one.
 */
const found = (complaint: ComplaintDoc | undefined, caller: Caller): ComplaintDoc =>
  knownTo(
    complaint,
    (c) =>
      relations(caller, c).length > 0 ||
      (caller.user?.compoundId ?? null) === c.compoundId ||
      holdsGrant(caller, 'unit_member', c.companyId),
    '找不到这条投诉',
  );

/** A complaint by the input's id, fetched with the caller in one round trip, then judged by `decide`. */
export const aboutComplaint = <S>(decide: (complaint: ComplaintDoc, caller: Caller) => S) =>
  relatedTo<ComplaintDoc, { complaintId: string }>(
    COLLECTIONS.complaints,
    (input) => input.complaintId,
    (doc, _input, { caller }) => decide(found(doc, caller), caller),
  );

/** Access for a step: the caller's relation must be one the step is open to, preferring the level's handler. */
export const onComplaint = (action: ComplaintAction) =>
  aboutComplaint((complaint, caller): OnComplaint => {
    const mine = relations(caller, complaint);
    const allowed = COMPLAINT_ACTIONS[action].roles as readonly Actor[];
    const handler = levelRole(complaint.level);
    const actor =
      (mine.includes(handler) && allowed.includes(handler) ? handler : undefined) ??
      (mine.find((r) => r !== 'supporter' && allowed.includes(r as Actor)) as Actor | undefined);
    if (!actor) throw new AppError('FORBIDDEN', '这条投诉不在您负责的范围内');
    return { doc: complaint, actor };
  });

/** Whoever is related to the complaint may read it. */
export const viewer = aboutComplaint((complaint, caller): ComplaintDoc => {
  if (relations(caller, complaint).length === 0) throw new AppError('FORBIDDEN', '您无权查看这条投诉');
  return complaint;
});

/** Staff of the community named, or of its street; the community comes with the caller (lookup `community`). */
export const staffOfCommunity = async (input: { communityId: string }, { loaded }: AccessContext) => {
  const community = loaded.community?.[0] as Place | undefined;
  if (!community || community.kind !== 'community') throw new AppError('NOT_FOUND', '找不到这个社区');
  return { target: { communityId: community._id, streetIds: [community.streetId] }, subject: community };
};
