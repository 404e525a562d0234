/** Who may act on what in the people function: the community an action is for, the scope a role is granted for. */
import { AppError } from '../../miniprogram/shared/errors';
import { ROLES, type Role } from '../../miniprogram/shared/roles';
import type { Place, Unit } from '../../miniprogram/shared/schemas/places';
import { roles, type Scoped, type ScopeTarget } from '../lib/access';
import type { Lookups } from '../lib/caller';
import { COLLECTIONS } from '../lib/db';
import { PLACE_LABELS } from '../lib/records';
import { NO_APPLICATION, type ApplicationDoc } from './model';

export const communityTarget = async (input: { communityId: string }): Promise<Scoped> => ({
  target: { communityId: input.communityId },
  subject: null,
});

/** The one document a lookup by id found, or NOT_FOUND. */
export function placeOf<K extends Place['kind']>(found: unknown[] | undefined, kind: K): Extract<Place, { kind: K }> {
  const place = found?.[0] as Place | undefined;
  if (place?.kind !== kind) throw new AppError('NOT_FOUND', `找不到这个${PLACE_LABELS[kind]}`);
  return place as Extract<Place, { kind: K }>;
}

/** What a role grant reaches, found from the scope it is granted for. */
export interface GrantScope {
  target: ScopeTarget;
  scopeName: string;
  communityId: string | null;
}

/**
 * What grantRole and revokeRole read besides the caller, in the same round trip: the scope the role is granted
 * for (a place or a unit; nothing for the city) and the person whose roles change.
 */
export const grantReads = (input: { role: Role; scopeId: string; userId: string }): Lookups => {
  const scopeType = ROLES[input.role].scope;
  return {
    scope: {
      collection: scopeType === 'unit' ? COLLECTIONS.units : COLLECTIONS.places,
      ids: scopeType === 'city' ? [] : [input.scopeId],
    },
    person: { collection: COLLECTIONS.users, ids: [input.userId] },
  };
};

function resolveGrantScope(role: Role, found: unknown[] | undefined): GrantScope {
  const scopeType = ROLES[role].scope;
  if (scopeType === 'community') {
    const community = placeOf(found, 'community');
    return {
      target: { communityId: community._id, streetIds: [community.streetId] },
      scopeName: community.name,
      communityId: community._id,
    };
  }
  if (scopeType === 'grid') {
    const grid = placeOf(found, 'grid');
    return {
      target: { gridId: grid._id, communityId: grid.communityId, streetIds: [grid.streetId] },
      scopeName: grid.name,
      communityId: grid.communityId,
    };
  }
  if (scopeType === 'unit') {
    const unit = found?.[0] as Unit | undefined;
    if (!unit) throw new AppError('NOT_FOUND', '找不到这个单位');
    // A unit lies in no community: its roles are granted by street staff of a street it serves, or an admin.
    return { target: { unitId: unit._id, streetIds: unit.streetIds }, scopeName: unit.name, communityId: null };
  }
  if (scopeType === 'street') {
    const street = placeOf(found, 'street');
    // Street-wide roles reach beyond one street's staff: only an admin grants them.
    return { target: {}, scopeName: street.name, communityId: null };
  }
  return { target: {}, scopeName: '全市', communityId: null };
}

/**
 * Who may grant or revoke: an admin anywhere; street staff in their street; community staff in their community.
 * The scope the role is granted for (read with the caller) is the subject.
 */
export const grantAccess = roles(
  ['admin', 'street_staff', 'community_staff'],
  async (input: { role: Role }, { loaded }) => {
    const scope = resolveGrantScope(input.role, loaded.scope);
    return { target: scope.target, subject: scope };
  },
);

/**
 * Who may review an application: staff of its community, or an admin. The action reads it with the caller as
 * `application`.
 */
export const reviewAccess = roles(
  ['community_staff', 'admin'],
  async (_input: { applicationId: string }, { loaded }) => {
    const application = loaded.application?.[0] as ApplicationDoc | undefined;
    if (!application) throw new AppError('NOT_FOUND', NO_APPLICATION);
    return {
      target: { communityId: application.communityId, streetIds: [application.streetId] },
      subject: application,
      // Its id is made from the applicant and the community: staff elsewhere must not learn who applied.
      hiddenAs: NO_APPLICATION,
    };
  },
);
