/** Who the caller is to the shop of a community, an item, a redemption. */
import { AppError } from '../../miniprogram/shared/errors';
import type { ShopActor } from '../../miniprogram/shared/shop/machine';
import { holdsGrant, present, relatedTo, roles, type AccessContext, type Scoped } from '../lib/access';
import type { Caller } from '../lib/caller';
import { COLLECTIONS } from '../lib/db';
import type { ItemDoc, RedemptionDoc } from './model';

const NO_ITEM = '找不到这个物品';
const NO_REDEMPTION = '找不到这笔兑换';

/** The item an action names, read with the caller (`reads`). */
export const itemReads = (input: { itemId: string }) => ({
  item: { collection: COLLECTIONS.shopItems, ids: [input.itemId] },
});

const loadedItem = (ctx: AccessContext): ItemDoc => present(ctx.loaded.item?.[0] as ItemDoc | undefined, NO_ITEM);

/** Staff of the community the input names keep its catalogue and hand its items over. */
export const staffOfCommunity = roles<{ communityId: string }>(['community_staff'], async (input) => ({
  target: { communityId: input.communityId },
  subject: null,
}));

/** Staff of the item's community. */
export const staffOfItem = roles<{ itemId: string }>(['community_staff'], async (_input, ctx): Promise<Scoped> => {
  const item = loadedItem(ctx);
  return { target: { communityId: item.communityId }, subject: item };
});

/** A volunteer (在职党员) of the item's community: only he redeems there. */
export const volunteerOfItem = roles<{ itemId: string }>(['party_member'], async (_input, ctx): Promise<Scoped> => {
  const item = loadedItem(ctx);
  return { target: { communityId: item.communityId }, subject: item };
});

/**
 * A volunteer or the staff of the community browse its catalogue: the one the input names, else his own (where
 * he is a volunteer, else where he is staff) — the subject handed to the handler is that community's id.
 */
export const shopperOrStaff = roles<{ communityId?: string }>(
  ['party_member', 'community_staff'],
  async (input, { caller }) => {
    const grants = caller.user?.roles ?? [];
    const own = ['party_member', 'community_staff']
      .map((role) => grants.find((g) => g.role === role)?.scopeId)
      .find((id) => id !== undefined);
    const communityId = input.communityId ?? own ?? '';
    return { target: { communityId }, subject: communityId };
  },
);

/** The caller's parts in a redemption: the volunteer who made it, staff of its community (or both). */
export function actorsOf(caller: Caller, doc: RedemptionDoc): ShopActor[] {
  const actors: ShopActor[] = [];
  if (doc.userId === caller.openid) actors.push('volunteer');
  if (holdsGrant(caller, 'community_staff', doc.communityId)) actors.push('staff');
  return actors;
}

/**
 * The volunteer who made a redemption, or staff of its community; anyone else is told it does not exist (its id
 * says nothing, but nobody else needs to learn that it is there).
 */
export const partyToRedemption = relatedTo<RedemptionDoc, { redemptionId: string }>(
  COLLECTIONS.redemptions,
  (input) => input.redemptionId,
  (doc, _input, { caller }) => {
    if (!doc || actorsOf(caller, doc).length === 0) throw new AppError('NOT_FOUND', NO_REDEMPTION);
    return doc;
  },
);

/** Staff of the redemption's community (hand-over): a volunteer, even its own, is refused. */
export const staffOfRedemption = roles<{ redemptionId: string }>(
  ['community_staff'],
  async (_input, ctx): Promise<Scoped> => {
    const doc = present(ctx.loaded.redemption?.[0] as RedemptionDoc | undefined, NO_REDEMPTION);
    return { target: { communityId: doc.communityId }, subject: doc, hiddenAs: NO_REDEMPTION };
  },
);

export const redemptionReads = (input: { redemptionId: string }) => ({
  redemption: { collection: COLLECTIONS.redemptions, ids: [input.redemptionId] },
});
