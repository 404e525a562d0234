/** 首页: the caller's community, grid, compound and whom to call. */
import type { communityActions, HomeView } from '../../../miniprogram/shared/api/community';
import { anyone } from '../../lib/access';
import type { UserDoc } from '../../lib/caller';
import type { ActionImpl } from '../../lib/router';
import { loadBoundPlaces, loadContacts } from '../places';

type Impl<A extends keyof typeof communityActions> = ActionImpl<(typeof communityActions)[A]>;

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

export const getHome: Impl<'getHome'> = {
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
};
