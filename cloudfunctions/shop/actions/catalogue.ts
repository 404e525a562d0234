/** The catalogue: staff of a community add, edit, restock and take items off sale; volunteers browse. */
import { AppError } from '../../../miniprogram/shared/errors';
import { MAX_SERIAL } from '../../../miniprogram/shared/shop/pickup';
import { holdsGrant } from '../../lib/access';
import { COLLECTIONS, type Database } from '../../lib/db';
import { pagerOf } from '../../lib/paging';
import { insertOnce } from '../../lib/records';
import { itemReads, shopperOrStaff, staffOfCommunity, staffOfItem } from '../access';
import { balanceOf } from '../ledger';
import { itemId, type ItemDoc, type ShopAction } from '../model';
import { itemView } from '../views';

const itemsPage = pagerOf<ItemDoc>(COLLECTIONS.shopItems, [
  '_id',
  'name',
  'description',
  'price',
  'stock',
  'onSale',
  'serial',
]);

export const listItems: ShopAction<'listItems'> = {
  access: shopperOrStaff,
  async handler(input, { caller, db, subject }) {
    const communityId = subject as string;
    const manages = holdsGrant(caller, 'community_staff', communityId);
    const volunteer = holdsGrant(caller, 'party_member', communityId);
    // staff see what is off sale too (to put it back); volunteers what they can redeem
    const where = manages ? { communityId } : { communityId, onSale: true };
    const [page, spendable] = await Promise.all([
      itemsPage(db, where, ['serial', 'asc'], input.cursor),
      volunteer ? balanceOf(db, caller.openid) : null,
    ]);
    return { items: page.docs.map(itemView), nextCursor: page.nextCursor, communityId, spendable, manages };
  },
};

/**
 * 上架: the item gets the next serial of its community, and the id made from it, so two staff adding at once get
 * two serials (the insert of the loser fails on the id and takes the next), and a retried request finds its item.
 */
export const addItem: ShopAction<'addItem'> = {
  access: staffOfCommunity,
  reads: (input) => ({
    earlier: {
      collection: COLLECTIONS.shopItems,
      where: { communityId: input.communityId, requestId: input.requestId },
      limit: 1,
    },
  }),
  async handler(input, { db, now, loaded }) {
    const earlier = loaded.earlier?.[0] as ItemDoc | undefined;
    if (earlier) return itemView(earlier);
    const at = now().toISOString();
    const counted = await db.collection(COLLECTIONS.shopItems).where({ communityId: input.communityId }).count();
    for (let serial = counted.total + 1; serial <= MAX_SERIAL; serial += 1) {
      const doc: ItemDoc = {
        _id: itemId(input.communityId, serial),
        communityId: input.communityId,
        serial,
        requestId: input.requestId,
        name: input.name,
        description: input.description ?? '',
        price: input.price,
        stock: input.stock,
        onSale: true,
        sold: 0,
        holds: [],
        createdAt: at,
        updatedAt: at,
      };
      if (await insertOnce(db, COLLECTIONS.shopItems, doc)) return itemView(doc);
    }
    throw new AppError('FULL', '本社区的物品数已达上限');
  },
};

/** One write to an item the caller's scope covers, answered with the item as it left it. */
async function changeItem(db: Database, item: ItemDoc, change: Record<string, unknown>, at: Date) {
  const after = (await db
    .collection(COLLECTIONS.shopItems)
    .where({ _id: item._id })
    .updateAndReturn({ ...change, updatedAt: at.toISOString() })) as { doc?: ItemDoc };
  return itemView(after.doc ?? item);
}

/** A new price holds for redemptions from now on; reserved ones keep the price they were paid at. */
export const editItem: ShopAction<'editItem'> = {
  access: staffOfItem,
  reads: itemReads,
  handler: (input, { db, now, subject }) =>
    changeItem(
      db,
      subject as ItemDoc,
      {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.price !== undefined && { price: input.price }),
      },
      now(),
    ),
};

/** 补货: an increment, so a redeem at the same moment is neither lost nor counted twice. */
export const restock: ShopAction<'restock'> = {
  access: staffOfItem,
  reads: itemReads,
  async handler(input, { db, now, subject }) {
    const item = subject as ItemDoc;
    if (item.stock + input.add > 9_999) throw new AppError('VALIDATION_FAILED', '库存最多9999');
    return changeItem(db, item, { stock: db.command.inc(input.add) }, now());
  },
};

/** 下架 stops new redemptions; what is reserved can still be handed over or cancelled. */
export const setOnSale: ShopAction<'setOnSale'> = {
  access: staffOfItem,
  reads: itemReads,
  handler: (input, { db, now, subject }) => changeItem(db, subject as ItemDoc, { onSale: input.onSale }, now()),
};
