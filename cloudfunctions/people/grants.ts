/** The writes that change a person's roles: a grant and its record land together, in one conditional update. */
import type { RoleGrant } from '../../miniprogram/shared/roles';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { grantEventId, roleEvent, type ApplicationDoc, type RoleEventDoc } from './model';

/** Matches a user's grants array that holds `role` for `scopeId` (with any title or work phone). */
export const holding = (db: Database, grant: Pick<RoleGrant, 'role' | 'scopeId'>) => ({
  roles: db.command.elemMatch({ role: grant.role, scopeId: grant.scopeId }),
});

/**
 * Grants a role and records it in ONE conditional update of the person's document: it matches only while he does
 * not hold that role for that scope (nor, with `unlessEvent`, already has that event), and pushes the grant and its
 * event together. So the role and its record land together or not at all, and of two racing grants exactly one
 * lands. False when nothing matched (he holds it already, has that event, or there is no such person).
 */
export async function pushGrant(
  db: Database,
  userId: string,
  grant: RoleGrant,
  event: RoleEventDoc,
  unlessEvent?: string,
): Promise<boolean> {
  const _ = db.command;
  const excluded = [holding(db, grant), ...(unlessEvent ? [{ 'roleEvents.id': unlessEvent }] : [])];
  const res = await db
    .collection(COLLECTIONS.users)
    .where(_.and([{ _id: userId }, _.nor(excluded)]))
    .update({ roles: _.push([grant]), roleEvents: _.push([event]), updatedAt: event.at });
  return res.updated === 1;
}

/**
 * The grant a review's approval makes, and its event, under an id fixed by the application and its round (how
 * many earlier outcomes it has): re-sending the approval finds it, so the grant is made at most once per round —
 * also when it was revoked since.
 */
export async function grantPartyMember(db: Database, application: ApplicationDoc, caller: Caller, at: Date) {
  const grant: RoleGrant = {
    role: 'party_member',
    scopeType: 'community',
    scopeId: application.communityId,
    scopeName: application.communityName,
  };
  const id = grantEventId(application);
  const event = roleEvent(
    id,
    'grant',
    { name: application.applicantName },
    grant,
    { communityId: application.communityId },
    caller,
    '双报到审核通过',
    at,
  );
  // Nothing matched: he holds the role already (this round's grant, or one given by hand) or this round's grant
  // was made and revoked since. Either way there is nothing left to do.
  return pushGrant(db, application.userId, grant, event, id);
}
