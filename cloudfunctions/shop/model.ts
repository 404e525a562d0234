/** 积分超市's stored documents: catalogue items, redemptions, and each volunteer's account of what he spent. */
import type { shopActions } from '../../miniprogram/shared/api/shop';
import type { RedemptionState } from '../../miniprogram/shared/shop/machine';
import type { Outbox } from '../lib/outbox';
import { stableId } from '../lib/records';
import type { Implementations } from '../lib/router';

export type ShopImpl = Partial<Implementations<typeof shopActions>>;
export type ShopAction<A extends keyof typeof shopActions> = Implementations<typeof shopActions>[A];

export interface ItemDoc {
  /** From the community and its serial: the nth item of a community has one id, however many race to add it. */
  _id: string;
  communityId: string;
  /** The item's number in its community (1, 2…), the first part of its pickup codes; never reused. */
  serial: number;
  /** The 上架 request that created it, so its retry finds it. */
  requestId: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  onSale: boolean;
  /** Tickets handed out so far (the second part of the pickup code); only counts up. */
  sold: number;
  /**
   * Its open reservations (redemption ids): the take that decrements the stock adds one, the hand-over or
   * cancellation that ends it removes it — a cancellation gives the stock back in that same conditional write, so
   * the stock comes back once, and a retried redeem that finds its id here takes no second unit.
   */
  holds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface RedemptionDoc extends Outbox {
  /** From the volunteer and his request id (`redemptionId`): a retried redeem finds what the first one made. */
  _id: string;
  userId: string;
  userName: string;
  communityId: string;
  itemId: string;
  itemName: string;
  /** The price when redeemed: what he paid and what a cancellation gives back. */
  price: number;
  code: string;
  state: RedemptionState;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

/**
 * What the shop has debited a volunteer (`debited`, the sum of his redemptions' prices): raised by one conditional
 * update only while it stays within what his ledger credits him, so concurrent redeems never overdraw. A
 * cancellation does not lower it: the refund is a ledger credit, which raises what he may spend instead.
 */
export interface AccountDoc {
  _id: string;
  debited: number;
  /** The latest redemptions it was debited for, at their price (a retry of one of them is not debited again). */
  recent: { id: string; price: number }[];
  updatedAt: string;
}

export const itemId = (communityId: string, serial: number) => stableId('si', communityId, String(serial));
export const redemptionId = (userId: string, requestId: string) => stableId('rd', userId, requestId);
export const redeemLineId = (redemption: string) => stableId('pl', 'redeem', redemption);
export const refundLineId = (redemption: string) => stableId('pl', 'refund', redemption);
