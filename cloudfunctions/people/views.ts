/** Read models of the people function: the profile, an application, a member, as the contract shows them. */
import { APPLICATION_STATES, reviewActions } from '../../miniprogram/shared/applications';
import type { Application, Member, Profile, RoleView } from '../../miniprogram/shared/api/people';
import { photoFolder } from '../../miniprogram/shared/photos';
import { roleLabel, type RoleGrant } from '../../miniprogram/shared/roles';
import type { Place } from '../../miniprogram/shared/schemas/places';
import type { UserDoc } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { iso, loadPlaces } from '../lib/records';
import type { ApplicationDoc } from './model';

const toRoleView = (grant: RoleGrant): RoleView => ({
  role: grant.role,
  roleLabel: roleLabel(grant.role),
  scopeType: grant.scopeType,
  scopeId: grant.scopeId,
  scopeName: grant.scopeName,
  title: grant.title ?? '',
});

/** The profile, its binding named from `places` (which must hold the user's street, community… building). */
export function profileOf(openid: string, user: UserDoc | null, places: Map<string, Place>): Profile {
  const photos = photoFolder(openid);
  if (!user) return { registered: false, name: '', phone: '', binding: null, roles: [], photoFolder: photos };
  let binding: Profile['binding'] = null;
  if (user.buildingId) {
    const named = (id: string | undefined) => {
      const place = id ? places.get(id) : undefined;
      return { id: place?._id ?? id ?? '', name: place?.name ?? '' };
    };
    binding = {
      street: named(user.streetId),
      community: named(user.communityId),
      grid: named(user.gridId),
      compound: named(user.compoundId),
      building: named(user.buildingId),
    };
  }
  const roles = user.roles.map(toRoleView);
  return { registered: true, name: user.name, phone: user.phone ?? '', binding, roles, photoFolder: photos };
}

export async function toProfile(db: Database, openid: string, user: UserDoc | null): Promise<Profile> {
  const ids = user?.buildingId
    ? ([user.streetId, user.communityId, user.gridId, user.compoundId, user.buildingId].filter(Boolean) as string[])
    : [];
  return profileOf(openid, user, await loadPlaces(db, ids));
}

type PlaceWithParents = Place & { streetOf?: Place[]; gridOf?: Place[] };

/**
 * The places a registration names (community, compound, building), each with its street and grid joined: ONE
 * aggregate instead of one query for them and another for the street and grid the profile shows. Keyed by id.
 */
export async function loadAddress(db: Database, ids: string[]): Promise<Map<string, Place>> {
  const res = (await db
    .collection(COLLECTIONS.places)
    .aggregate()
    .match({ _id: db.command.in([...new Set(ids)]) })
    .lookup({ from: COLLECTIONS.places, localField: 'streetId', foreignField: '_id', as: 'streetOf' })
    .lookup({ from: COLLECTIONS.places, localField: 'gridId', foreignField: '_id', as: 'gridOf' })
    .end()) as { data?: PlaceWithParents[] };
  const places = new Map<string, Place>();
  for (const { streetOf = [], gridOf = [], ...place } of res.data ?? []) {
    for (const parent of [...streetOf, ...gridOf]) places.set(parent._id, parent);
    places.set(place._id, place as Place);
  }
  return places;
}

export function toApplication(doc: ApplicationDoc, withApplicant: boolean): Application {
  return {
    id: doc._id,
    community: { id: doc.communityId, name: doc.communityName },
    workUnit: doc.workUnit,
    partyOrganization: doc.partyOrganization,
    status: doc.status,
    statusLabel: APPLICATION_STATES[doc.status].label,
    reason: doc.reason,
    createdAt: iso(doc.createdAt)!,
    reviewedAt: iso(doc.reviewedAt),
    ...(withApplicant && { applicant: { name: doc.applicantName, phone: doc.applicantPhone } }),
    // The reviewer may decide while it waits; the applicant decides nothing on it.
    actions: withApplicant ? reviewActions(doc.status) : [],
  };
}

export function toMember(user: UserDoc, buildingName = ''): Member {
  return {
    id: user._id,
    name: user.name,
    phone: user.phone ?? '',
    building: buildingName,
    roles: user.roles.map(toRoleView),
  };
}
