import type { Redemption, ShopItem } from '../../../shared/api/shop';
import { ITEM_LIMITS, validPrice, validStock } from '../../../shared/shop/machine';
import { itemBasics, toRedemptionCard, type ItemBasics, type RedemptionCard } from '../../../lib/shop-cards';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';

/** 积分超市 (community staff): hand over by pickup code, and the community's catalogue. */

export interface CatalogueRow extends ItemBasics {
  stockText: string;
  onSale: boolean;
  saleLabel: string;
  toggleText: string;
}

export interface Lookup {
  code: string;
  searching: boolean;
  message: string;
  card: RedemptionCard | null;
}

export interface ItemForm {
  open: boolean;
  /** The item being edited; empty for a new one. */
  itemId: string;
  name: string;
  description: string;
  price: string;
  stock: string;
  error: string;
  saving: boolean;
}

export interface StaffShopViewModel extends PagedList<CatalogueRow> {
  communityId: string;
  busyId: string;
  lookup: Lookup;
  form: ItemForm;
}

const closedForm = (): ItemForm => ({
  open: false,
  itemId: '',
  name: '',
  description: '',
  price: '',
  stock: '',
  error: '',
  saving: false,
});
const emptyLookup = (): Lookup => ({ code: '', searching: false, message: '', card: null });

export const loadingStaffShop = (communityId = ''): StaffShopViewModel => ({
  ...loadingList<CatalogueRow>(),
  communityId,
  busyId: '',
  lookup: emptyLookup(),
  form: closedForm(),
});

export const toCatalogueRow = (item: ShopItem): CatalogueRow => ({
  ...itemBasics(item),
  stockText: item.stock > 0 ? `库存 ${item.stock}` : '已兑完',
  onSale: item.onSale,
  saleLabel: item.onSale ? '在售' : '已下架',
  toggleText: item.onSale ? '下架' : '上架',
});

export function appendCataloguePage(
  vm: StaffShopViewModel,
  page: { items: ShopItem[]; nextCursor: number | null; communityId: string },
  replace: boolean,
): StaffShopViewModel {
  const rows = page.items.map(toCatalogueRow);
  return { ...withRows(vm, mergeRows(vm.items, rows, replace), page.nextCursor), communityId: page.communityId };
}

/** An item as the server answered a change (or a new one, added at the end): its row in place. */
export function withItem(vm: StaffShopViewModel, item: ShopItem): StaffShopViewModel {
  const row = toCatalogueRow(item);
  const known = vm.items.some((r) => r.id === item.id);
  return {
    ...vm,
    busyId: '',
    items: known ? vm.items.map((r) => (r.id === item.id ? row : r)) : [...vm.items, row],
  };
}

export const foundCard = (lookup: Lookup, r: Redemption): Lookup => ({
  ...lookup,
  searching: false,
  message: '',
  card: toRedemptionCard(r),
});

export const openForm = (row?: CatalogueRow): ItemForm => ({
  ...closedForm(),
  open: true,
  itemId: row?.id ?? '',
  name: row?.name ?? '',
  description: row?.description ?? '',
  price: row ? String(row.price) : '',
});

export const FORM_FIELDS = ['name', 'description', 'price', 'stock'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export const isFormField = (value: unknown): value is FormField => FORM_FIELDS.includes(value as FormField);

/** What the form asks the server for, or the sentence that says what to fix (the server checks the same). */
export function formInput(
  form: ItemForm,
): { ok: true; name: string; description: string; price: number; stock: number } | { ok: false; error: string } {
  const name = form.name.trim();
  const price = Number(form.price);
  const stock = form.itemId ? 0 : Number(form.stock);
  if (name.length < 2) return { ok: false, error: '请填写物品名称（至少2个字）' };
  if (!validPrice(price)) return { ok: false, error: `兑换积分须为 1–${ITEM_LIMITS.maxPrice} 的整数` };
  if (!validStock(stock)) return { ok: false, error: `库存须为 0–${ITEM_LIMITS.maxStock} 的整数` };
  return { ok: true, name, description: form.description.trim(), price, stock };
}

export const offSalePrompt = (row: Pick<CatalogueRow, 'name'>) =>
  `下架「${row.name}」？志愿者将不能再兑换；已兑换待领取的仍可交付。`;
export const handOverPrompt = (card: Pick<RedemptionCard, 'itemName' | 'volunteerName'>) =>
  `将「${card.itemName}」交给 ${card.volunteerName}？`;

/** A restock amount typed into the prompt: a whole number above zero, or null. */
export function restockAmount(typed: string): number | null {
  const n = Number(typed.trim());
  return Number.isInteger(n) && n > 0 && n <= ITEM_LIMITS.maxStock ? n : null;
}
