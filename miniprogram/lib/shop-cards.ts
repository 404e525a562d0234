import type { Redemption, ShopItem } from '../shared/api/shop';
import { displayCode } from '../shared/shop/pickup';
import { shortTime } from '../shared/time';

/** What a catalogue item's card shows on either side (the volunteer's shop, the staff's catalogue). */
export interface ItemBasics {
  id: string;
  name: string;
  description: string;
  price: number;
  priceText: string;
}

export const itemBasics = (item: ShopItem): ItemBasics => ({
  id: item.id,
  name: item.name,
  description: item.description,
  price: item.price,
  priceText: `${item.price} 积分`,
});

/** A redemption (积分兑换) as the volunteer's list and the staff's hand-over screen show it. */
export interface RedemptionCard {
  id: string;
  itemName: string;
  priceText: string;
  /** `K7M 3XD`: large on his card while it waits to be picked up. */
  code: string;
  waiting: boolean;
  stateLabel: string;
  stateHint: string;
  tone: string;
  /** Staff see whom they hand it to. */
  volunteerName: string;
  time: string;
  canCancel: boolean;
  canHandOver: boolean;
}

export const toRedemptionCard = (r: Redemption): RedemptionCard => ({
  id: r.id,
  itemName: r.itemName,
  priceText: `${r.price} 积分`,
  code: displayCode(r.code),
  waiting: r.state === 'reserved',
  stateLabel: r.stateLabel,
  stateHint: r.stateHint,
  tone: r.tone,
  volunteerName: r.volunteerName ?? '',
  time: `兑换于 ${shortTime(r.createdAt)}`,
  canCancel: r.actions.includes('cancel'),
  canHandOver: r.actions.includes('hand_over'),
});

export const cancelPrompt = (card: Pick<RedemptionCard, 'itemName' | 'priceText'>) =>
  `取消兑换「${card.itemName}」？${card.priceText}将退回。`;
