import type { Redemption, ShopItem } from '../../../shared/api/shop';
import { itemBasics, toRedemptionCard, type ItemBasics, type RedemptionCard } from '../../../lib/shop-cards';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';

/** 积分超市 (volunteers): the community's items with price and stock, and his redemptions with their pickup codes. */

export type ShopTab = 'items' | 'mine';
export const SHOP_TABS: { value: ShopTab; label: string }[] = [
  { value: 'items', label: '兑换物品' },
  { value: 'mine', label: '我的兑换' },
];
export const isShopTab = (value: unknown): value is ShopTab => value === 'items' || value === 'mine';

export interface ItemCard extends ItemBasics {
  stockText: string;
  canRedeem: boolean;
  /** Why not: 已兑完, 积分不足 (empty when he may). */
  buttonText: string;
}

export type ShopRow = ItemCard | RedemptionCard;

export interface ShopViewModel extends PagedList<ShopRow> {
  tab: ShopTab;
  /** His points to spend (shown above the items). */
  spendable: number;
  busyId: string;
}

export const loadingShop = (tab: ShopTab = 'items', spendable = 0): ShopViewModel => ({
  ...loadingList<ShopRow>(),
  tab,
  spendable,
  busyId: '',
});

export function toItemCard(item: ShopItem, spendable: number): ItemCard {
  const soldOut = item.stock < 1;
  const short = item.price > spendable;
  return {
    ...itemBasics(item),
    stockText: soldOut ? '已兑完' : `剩 ${item.stock} 件`,
    canRedeem: !soldOut && !short,
    buttonText: soldOut ? '已兑完' : short ? '积分不足' : '兑换',
  };
}

type Page =
  | { items: ShopItem[]; nextCursor: number | null; spendable: number | null }
  | { items: Redemption[]; nextCursor: number | null };

export function appendShopPage(vm: ShopViewModel, page: Page, replace: boolean): ShopViewModel {
  if (vm.tab === 'items' && 'spendable' in page) {
    const spendable = page.spendable ?? 0;
    const rows = (page.items as ShopItem[]).map((item) => toItemCard(item, spendable));
    return { ...withRows(vm, mergeRows(vm.items, rows, replace), page.nextCursor), spendable };
  }
  const rows = (page.items as Redemption[]).map(toRedemptionCard);
  return withRows(vm, mergeRows(vm.items, rows, replace), page.nextCursor);
}

/** His redemption as the server answered a cancel: its card changes in place. */
export const withRedemption = (vm: ShopViewModel, r: Redemption): ShopViewModel => ({
  ...vm,
  busyId: '',
  items: vm.items.map((row) => (row.id === r.id ? toRedemptionCard(r) : row)),
});

export const redeemPrompt = (card: Pick<ItemCard, 'name' | 'price'>, spendable: number) =>
  `用 ${card.price} 积分兑换「${card.name}」？兑换后剩 ${spendable - card.price} 积分，凭领取码到社区领取。`;
