/**
 * Who may export what: staff for their own scope, decided from the caller's grants on the server. A community's
 * staff export their community, a street's staff their street (or one community in it), admins the city.
 */
import type { ExportScope } from '../../miniprogram/shared/exports/kinds';
import { AppError } from '../../miniprogram/shared/errors';
import { widestViewer, type Viewer } from '../../miniprogram/shared/privacy';
import type { Role } from '../../miniprogram/shared/roles';
import type { Place } from '../../miniprogram/shared/schemas/places';
import { grantCovers, roles, type AccessContext, type ScopeTarget } from '../lib/access';
import type { Caller, Lookups } from '../lib/caller';
import { COLLECTIONS } from '../lib/db';

export const EXPORT_ROLES: Role[] = ['community_staff', 'street_staff', 'admin'];

/** The place a scope names, read with the caller (one round trip). */
export const scopeReads = (input: { scope: ExportScope }): Lookups =>
  input.scope.kind === 'city' ? {} : { place: { collection: COLLECTIONS.places, ids: [input.scope.id] } };

const PLACE_WORD = { community: '社区', street: '街道' } as const;

/** The scope's target for the grant check: a community lies in its street, so its street's staff reach it too. */
async function scopeTarget(input: { scope: ExportScope }, { loaded }: AccessContext) {
  const scope = input.scope;
  if (scope.kind === 'city') return { target: {}, subject: {} as ScopeTarget };
  const place = loaded.place?.[0] as Place | undefined;
  if (!place || place.kind !== scope.kind) throw new AppError('NOT_FOUND', `找不到这个${PLACE_WORD[scope.kind]}`);
  const target: ScopeTarget =
    place.kind === 'community' ? { communityId: place._id, streetIds: [place.streetId] } : { streetIds: [place._id] };
  return { target, subject: target };
}

export const exportAccess = roles(EXPORT_ROLES, scopeTarget);

/**
 * How the caller sees the people in the rows: as his widest role whose grant covers the scope sees them in the
 * app (`viewers` is the kind's own table: the same one its lists and details use).
 */
export function exportViewer(caller: Caller, target: ScopeTarget, viewers: Partial<Record<Role, Viewer>>): Viewer {
  const covering = (caller.user?.roles ?? []).filter(
    (grant) => EXPORT_ROLES.includes(grant.role) && grantCovers(grant, target),
  );
  return widestViewer(covering.flatMap((grant) => viewers[grant.role] ?? []));
}
