/** The community function's reads: the caller's places with his compound's company, whom to call, child places. */
import type { StaffContact } from '../../miniprogram/shared/api/community';
import type { Place, Unit } from '../../miniprogram/shared/schemas/places';
import type { UserDoc } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import type { ActionContext } from '../lib/router';

export type PlaceWithCompany = Place & { company?: Unit[] };

/** The caller's places in one query; the compound's property company comes along by lookup. */
export async function loadBoundPlaces({ db }: ActionContext, user: UserDoc) {
  const ids = [user.streetId, user.communityId, user.gridId, user.compoundId, user.buildingId].filter(
    (id): id is string => Boolean(id),
  );
  const res = await db
    .collection(COLLECTIONS.places)
    .aggregate()
    .match({ _id: db.command.in(ids) })
    .lookup({ from: COLLECTIONS.units, localField: 'propertyCompanyId', foreignField: '_id', as: 'company' })
    .end();
  const byKind = new Map<string, PlaceWithCompany>();
  for (const place of (res.data ?? []) as PlaceWithCompany[]) byKind.set(place.kind, place);
  return byKind;
}

/** Community staff and the grid's worker, with their published work numbers (never personal phones). */
export async function loadContacts({ db }: ActionContext, communityId: string, gridId: string | undefined) {
  const scopes = [{ role: 'community_staff', scopeId: communityId }];
  if (gridId) scopes.push({ role: 'grid_worker', scopeId: gridId });
  // Match on the grants' scope ids (an indexed array path), then keep only the roles that matter here.
  const res = await db
    .collection(COLLECTIONS.users)
    .where({ 'roles.scopeId': db.command.in(scopes.map((scope) => scope.scopeId)) })
    .field({ name: true, roles: true })
    .limit(50)
    .get();
  const contacts: StaffContact[] = [];
  for (const staff of res.data as Pick<UserDoc, 'name' | 'roles'>[]) {
    for (const grant of staff.roles) {
      const inScope = scopes.some((scope) => scope.role === grant.role && scope.scopeId === grant.scopeId);
      if (!inScope || (grant.role !== 'community_staff' && grant.role !== 'grid_worker')) continue;
      contacts.push({ name: staff.name, role: grant.role, title: grant.title ?? '', workPhone: grant.workPhone ?? '' });
    }
  }
  // Community staff first, then the grid worker.
  return contacts.sort((a, b) => Number(a.role === 'grid_worker') - Number(b.role === 'grid_worker'));
}

/** The places of one kind under a parent (the compounds of a community…), by name: one indexed query. */
export async function childPlaces<P extends Place>(
  db: Database,
  kind: P['kind'],
  parent: { communityId: string } | { compoundId: string },
): Promise<P[]> {
  const res = await db
    .collection(COLLECTIONS.places)
    .where({ kind, ...parent })
    .orderBy('name', 'asc')
    .limit(1000)
    .get();
  return res.data as P[];
}
