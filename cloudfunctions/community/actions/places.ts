/** The places a person picks from (registering, granting a grid): communities, compounds, grids, buildings. */
import type { communityActions } from '../../../miniprogram/shared/api/community';
import type { Building, Compound, Grid, Place } from '../../../miniprogram/shared/schemas/places';
import { anyone } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import type { ActionImpl } from '../../lib/router';
import { childPlaces } from '../places';

type Impl<A extends keyof typeof communityActions> = ActionImpl<(typeof communityActions)[A]>;

export const listCommunities: Impl<'listCommunities'> = {
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
};
export const listCompounds: Impl<'listCompounds'> = {
  access: anyone,
  async handler(input, { db }) {
    const compounds = await childPlaces<Compound>(db, 'compound', { communityId: input.communityId });
    return compounds.map((c) => ({
      id: c._id,
      name: c.name,
      hint: c.propertyCompanyId ? `${c.households} 户` : `${c.households} 户 · 无物业`,
    }));
  },
};
export const listGrids: Impl<'listGrids'> = {
  access: anyone,
  async handler(input, { db }) {
    const grids = await childPlaces<Grid>(db, 'grid', { communityId: input.communityId });
    return grids.map((g) => ({ id: g._id, name: g.name, hint: '' }));
  },
};
export const listBuildings: Impl<'listBuildings'> = {
  access: anyone,
  async handler(input, { db }) {
    const buildings = await childPlaces<Building>(db, 'building', { compoundId: input.compoundId });
    // 1号楼, 2号楼, …, 10号楼: numeric order, not string order.
    return buildings
      .map((b) => ({ id: b._id, name: b.name, hint: '' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh', { numeric: true }));
  },
};
