/** 注册或换绑 and 我的: who the caller is, where he lives, the roles he holds. */
import { AppError } from '../../../miniprogram/shared/errors';
import { anyone } from '../../lib/access';
import type { UserDoc } from '../../lib/caller';
import { COLLECTIONS } from '../../lib/db';
import type { Impl } from '../model';
import { loadAddress, profileOf, toProfile } from '../views';

export const register: Impl<'register'> = {
  access: anyone,
  async handler(input, { caller, db, now }) {
    // caller (1) → the three places with the street and grid the profile names (2) → the write (3)
    const places = await loadAddress(db, [input.buildingId, input.compoundId, input.communityId]);
    const building = places.get(input.buildingId);
    const compound = places.get(input.compoundId);
    const community = places.get(input.communityId);
    if (community?.kind !== 'community') throw new AppError('NOT_FOUND', '找不到所选的社区');
    if (compound?.kind !== 'compound') throw new AppError('NOT_FOUND', '找不到所选的小区');
    if (building?.kind !== 'building') throw new AppError('NOT_FOUND', '找不到所选的楼栋');
    if (compound.communityId !== community._id) {
      throw new AppError('VALIDATION_FAILED', '所选小区不属于该社区', {
        issues: [{ path: 'compoundId', message: '所选小区不属于该社区' }],
      });
    }
    if (building.compoundId !== compound._id) {
      throw new AppError('VALIDATION_FAILED', '所选楼栋不在该小区内', {
        issues: [{ path: 'buildingId', message: '所选楼栋不在该小区内' }],
      });
    }
    const at = now();
    const binding = {
      streetId: building.streetId,
      communityId: building.communityId,
      compoundId: building.compoundId,
      buildingId: building._id,
      gridId: building.gridId,
    };
    const users = db.collection(COLLECTIONS.users);
    let user: UserDoc;
    if (caller.user) {
      // Re-binding keeps the earlier address in the user's binding history.
      const moved = caller.user.buildingId !== building._id;
      const previous = caller.user as UserDoc & { bindingHistory?: unknown[] };
      // Someone whose history was never started (e.g. created before it existed) keeps his old address too.
      const earlier =
        !previous.bindingHistory?.length && previous.buildingId
          ? [
              {
                streetId: previous.streetId,
                communityId: previous.communityId,
                compoundId: previous.compoundId,
                buildingId: previous.buildingId,
                gridId: previous.gridId,
                at: previous.createdAt,
              },
            ]
          : [];
      const update = {
        ...binding,
        name: input.name,
        phone: input.phone ?? '',
        privacyConsentVersion: input.privacyConsentVersion,
        updatedAt: at,
        ...(moved && { bindingHistory: db.command.push([...earlier, { ...binding, at }]) }),
      };
      await users.doc(caller.openid).update(update);
      user = { ...caller.user, ...binding, name: input.name, phone: input.phone ?? '' };
    } else {
      const { _id, ...fields } = (user = {
        _id: caller.openid,
        name: input.name,
        phone: input.phone ?? '',
        ...binding,
        roles: [],
        createdAt: at,
        updatedAt: at,
      });
      await users.doc(_id).set({
        ...fields,
        privacyConsentVersion: input.privacyConsentVersion,
        bindingHistory: [{ ...binding, at }],
      });
    }
    return profileOf(caller.openid, user, places);
  },
};

export const getProfile: Impl<'getProfile'> = {
  access: anyone,
  handler: async (_input, { caller, db }) => toProfile(db, caller.openid, caller.user),
};
