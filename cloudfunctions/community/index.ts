import { communityActions, type HomeView, type StaffContact } from '../../miniprogram/shared/api/community';
import type { Building, Compound, Grid, Place, Unit } from '../../miniprogram/shared/schemas/places';
import { anyone } from '../lib/access';
import type { UserDoc } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { defineFunction, type ActionContext } from '../lib/router';

type PlaceWithCompany = Place & { company?: Unit[] };

/** The caller's places in one query; the compound's property company comes along by lookup. */
async function loadBoundPlaces({ db }: ActionContext, user: UserDoc) {
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
async function loadContacts({ db }: ActionContext, communityId: string, gridId: string | undefined) {
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
async function childPlaces<P extends Place>(
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

const unregisteredHome = (user: UserDoc | null): HomeView => ({
  registered: Boolean(user),
  displayName: user?.name ?? null,
  street: null,
  community: null,
  grid: null,
  compound: null,
  building: null,
  contacts: [],
});

export const community = defineFunction('community', communityActions, {
  getHome: {
    access: anyone,
    async handler(_input, ctx) {
      const user = ctx.caller.user;
      if (!user?.communityId) return unregisteredHome(user);
      const [places, contacts] = await Promise.all([
        loadBoundPlaces(ctx, user),
        loadContacts(ctx, user.communityId, user.gridId),
      ]);
      const named = (kind: string) => {
        const place = places.get(kind);
        return place ? { id: place._id, name: place.name } : null;
      };
      const communityPlace = places.get('community');
      const compoundPlace = places.get('compound');
      const company = compoundPlace?.company?.[0];
      return {
        registered: true,
        displayName: user.name,
        street: named('street'),
        community:
          communityPlace?.kind === 'community'
            ? {
                id: communityPlace._id,
                name: communityPlace.name,
                address: communityPlace.address,
                servicePhone: communityPlace.servicePhone,
              }
            : null,
        grid: named('grid'),
        compound: compoundPlace
          ? {
              id: compoundPlace._id,
              name: compoundPlace.name,
              propertyCompany: company ? { name: company.name, phone: company.phone } : null,
            }
          : null,
        building: named('building'),
        contacts,
      };
    },
  },
  listCommunities: {
    access: anyone,
    async handler(_input, { db }) {
      const res = await db
        .collection(COLLECTIONS.places)
        .where({ kind: db.command.in(['street', 'community']) })
        .limit(1000)
        .get();
      const places = res.data as Place[];
      const streetNames = new Map(places.filter((p) => p.kind === 'street').map((p) => [p._id, p.name]));
      return places
        .flatMap((p) =>
          p.kind === 'community'
            ? [{ id: p._id, name: p.name, streetName: streetNames.get(p.streetId) ?? '', settlement: p.settlement }]
            : [],
        )
        .sort((a, b) => a.streetName.localeCompare(b.streetName, 'zh') || a.name.localeCompare(b.name, 'zh'));
    },
  },
  listCompounds: {
    access: anyone,
    async handler(input, { db }) {
      const compounds = await childPlaces<Compound>(db, 'compound', { communityId: input.communityId });
      return compounds.map((c) => ({
        id: c._id,
        name: c.name,
        hint: c.propertyCompanyId ? `${c.households} 户` : `${c.households} 户 · 无物业`,
      }));
    },
  },
  listGrids: {
    access: anyone,
    async handler(input, { db }) {
      const grids = await childPlaces<Grid>(db, 'grid', { communityId: input.communityId });
      return grids.map((g) => ({ id: g._id, name: g.name, hint: '' }));
    },
  },
  listBuildings: {
    access: anyone,
    async handler(input, { db }) {
      const buildings = await childPlaces<Building>(db, 'building', { compoundId: input.compoundId });
      // 1号楼, 2号楼, …, 10号楼: numeric order, not string order.
      return buildings
        .map((b) => ({ id: b._id, name: b.name, hint: '' }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh', { numeric: true }));
    },
  },
});

export const main = cloudMain(community);
