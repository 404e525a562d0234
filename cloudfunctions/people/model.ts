/** The people function's documents: 双报到 applications, the role record kept in each user, and their builders. */
import { randomBytes } from 'node:crypto';
import type { ApplicationState } from '../../miniprogram/shared/applications';
import type { peopleActions } from '../../miniprogram/shared/api/people';
import type { Role, RoleGrant } from '../../miniprogram/shared/roles';
import type { Caller, UserDoc } from '../lib/caller';
import { stableId } from '../lib/records';
import type { ActionImpl } from '../lib/router';

/** An action's implementation, typed by its contract. */
export type Impl<A extends keyof typeof peopleActions> = ActionImpl<(typeof peopleActions)[A]>;

/** What a missing application, and one the caller may not know of, both answer. */
export const NO_APPLICATION = '找不到这份申请';

/** A 双报到 application as stored. One document per person and community; a re-application reuses it. */
export interface ApplicationDoc {
  _id: string;
  userId: string;
  communityId: string;
  communityName: string;
  streetId: string;
  workUnit: string;
  partyOrganization: string;
  status: ApplicationState;
  reason: string;
  applicantName: string;
  applicantPhone: string;
  createdAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  /** The reviewer's name, for the grant's record when the timer finishes an interrupted approval. */
  reviewerName?: string;
  /** Earlier outcomes of the same person's applications to this community. */
  history: Array<{ status: ApplicationState; reason: string; createdAt: Date; reviewedAt: Date | null }>;
}

/**
 * Every grant and revoke, append-only: who, when, why. Kept INSIDE the user document the role belongs to (its
 * `roleEvents` array) and written by the same single-document update that changes `roles`: CloudBase has no
 * atomicity across documents without a transaction (start + each operation + commit round trips), so a role
 * and its record living in one document is what makes "no role without its record, no record without its role"
 * hold with one write. A person's role changes are few, so the array stays small. The community's record
 * (`listRoleEvents`) is one aggregate over the users holding events of that community (indexed on
 * `roleEvents.communityId`). Nothing ever rewrites or removes an element: every write is a `_.push`.
 */
export interface RoleEventDoc {
  /** Unique among all events (the list's key); deterministic for a review's grant, so a retry finds its own. */
  id: string;
  kind: 'grant' | 'revoke';
  /** The person's name when it happened (he may change it later). */
  userName: string;
  role: Role;
  scopeType: RoleGrant['scopeType'];
  scopeId: string;
  scopeName: string;
  /** The community the event belongs to (for the community's record), when the scope lies in one. */
  communityId: string | null;
  by: string;
  byName: string;
  reason: string;
  at: Date;
}

/** A user as the people function sees it: with his role record. */
export type PersonDoc = UserDoc & { roleEvents?: RoleEventDoc[] };

export const randomEventId = () => `re_${randomBytes(12).toString('hex')}`;

export function roleEvent(
  id: string,
  kind: RoleEventDoc['kind'],
  user: Pick<UserDoc, 'name'>,
  grant: RoleGrant,
  scope: { communityId: string | null },
  caller: Caller,
  reason: string,
  at: Date,
): RoleEventDoc {
  return {
    id,
    kind,
    userName: user.name,
    role: grant.role,
    scopeType: grant.scopeType,
    scopeId: grant.scopeId,
    scopeName: grant.scopeName,
    communityId: scope.communityId,
    by: caller.openid,
    byName: caller.user?.name ?? '',
    reason,
    at,
  };
}

export const sameGrant = (a: Pick<RoleGrant, 'role' | 'scopeId'>, b: Pick<RoleGrant, 'role' | 'scopeId'>) =>
  a.role === b.role && a.scopeId === b.scopeId;

/** The id of the grant event an application's current round makes. */
export const grantEventId = (application: ApplicationDoc) =>
  stableId('re', application._id, String(application.history?.length ?? 0));
