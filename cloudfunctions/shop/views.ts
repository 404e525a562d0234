/** What a caller reads of an item or a redemption. */
import type { Redemption, ShopItem } from '../../miniprogram/shared/api/shop';
import { actionsFor, REDEMPTION_STATES, type RedemptionAction } from '../../miniprogram/shared/shop/machine';
import type { Caller } from '../lib/caller';
import { actorsOf } from './access';
import type { ItemDoc, RedemptionDoc } from './model';

export const itemView = (doc: ItemDoc): ShopItem => ({
  id: doc._id,
  name: doc.name,
  description: doc.description,
  price: doc.price,
  stock: doc.stock,
  onSale: doc.onSale,
});

export function redemptionView(doc: RedemptionDoc, caller: Caller): Redemption {
  const actors = actorsOf(caller, doc);
  const state = REDEMPTION_STATES[doc.state];
  const actions = [...new Set(actors.flatMap((actor) => actionsFor(doc.state, actor)))] as RedemptionAction[];
  return {
    id: doc._id,
    itemId: doc.itemId,
    itemName: doc.itemName,
    price: doc.price,
    code: doc.code,
    state: doc.state,
    stateLabel: state.label,
    stateHint: state.hint,
    tone: state.tone,
    ...(actors.includes('staff') && { volunteerName: doc.userName }),
    createdAt: doc.createdAt,
    closedAt: doc.closedAt,
    actions,
  };
}
