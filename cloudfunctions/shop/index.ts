/**
 * 积分超市: a community's catalogue kept by its staff, redeemed by its volunteers with their points, handed over
 * against a pickup code. This file is the action table; each action lives in actions/, next to its access rule.
 *
 * Where things are: shared/shop/machine.ts (a redemption's states, who may act, the points rule), pickup.ts (the
 * code), access.ts (who the caller is to an item or a redemption), model.ts (the documents), views.ts,
 * actions/redemptions.ts (redeem, hand over and cancel without a transaction: how none oversells or overdraws).
 */
import { shopActions } from '../../miniprogram/shared/api/shop';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { addItem, editItem, listItems, restock, setOnSale } from './actions/catalogue';
import { cancel, findByCode, handOver, myRedemptions, redeem } from './actions/redemptions';
import { shopTimers } from './timers';

export const shop = defineFunction(
  'shop',
  shopActions,
  { listItems, addItem, editItem, restock, setOnSale, redeem, myRedemptions, findByCode, handOver, cancel },
  shopTimers,
);

export const main = cloudMain(shop);
