/**
 * 积分超市: a community's staff keep a catalogue of items (a points price, a stock, on or off sale); a volunteer
 * (在职党员) of that community redeems one with his points and gets a pickup code; staff hand the item over against
 * the code. A redemption is a small machine:
 *
 *   reserved ─hand_over (staff)→ handed_over
 *      └─cancel (the volunteer, or staff; only before hand-over)→ cancelled   — his points come back, once
 *
 * Closed states never change again. Points are the ledger's (orders/points.ts): a redemption writes one `redeem`
 * line (−price), a cancellation one `refund` line (+price), so the ledger still sums to the balance.
 */
import type { ErrorCode } from '../errors';
import type { Refusal, Tone } from '../orders/machine';

export const REDEMPTION_STATES = {
  reserved: { label: '待领取', hint: '凭领取码到社区领取', category: 'open', tone: 'warning' },
  handed_over: { label: '已领取', hint: '物品已交到您手中', category: 'closed', tone: 'success' },
  cancelled: { label: '已取消', hint: '积分已退回', category: 'closed', tone: 'default' },
} as const satisfies Record<string, { label: string; hint: string; category: 'open' | 'closed'; tone: Tone }>;

export type RedemptionState = keyof typeof REDEMPTION_STATES;

/** Who acts on a redemption: the volunteer who redeemed it, or the staff of its community. */
export type ShopActor = 'volunteer' | 'staff';

export const REDEMPTION_ACTIONS = {
  hand_over: { label: '确认交付', roles: ['staff'], moves: { reserved: 'handed_over' } },
  cancel: { label: '取消兑换', roles: ['volunteer', 'staff'], moves: { reserved: 'cancelled' } },
} as const satisfies Record<
  string,
  { label: string; roles: readonly ShopActor[]; moves: Partial<Record<RedemptionState, RedemptionState>> }
>;

export type RedemptionAction = keyof typeof REDEMPTION_ACTIONS;

export const isClosed = (state: RedemptionState): boolean => REDEMPTION_STATES[state].category === 'closed';

const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** Why `actor` may not take `action` on a redemption in `state`, or null when he may. */
export function refusalOf(action: RedemptionAction, state: RedemptionState, actor: ShopActor): Refusal | null {
  const spec = REDEMPTION_ACTIONS[action];
  if (!(spec.roles as readonly ShopActor[]).includes(actor)) return refuse('FORBIDDEN', '只有社区工作人员可以交付');
  if (!(state in spec.moves)) {
    return refuse('INVALID_STATE', state === 'handed_over' ? '物品已领取，不能再取消或交付' : '这笔兑换已取消');
  }
  return null;
}

export const nextState = (action: RedemptionAction, state: RedemptionState): RedemptionState | undefined =>
  (REDEMPTION_ACTIONS[action].moves as Partial<Record<RedemptionState, RedemptionState>>)[state];

/** What the actor may do now, for the page's buttons. */
export const actionsFor = (state: RedemptionState, actor: ShopActor): RedemptionAction[] =>
  (Object.keys(REDEMPTION_ACTIONS) as RedemptionAction[]).filter((a) => refusalOf(a, state, actor) === null);

// ── items and points ─────────────────────────────────────────────────────────────────────────────────────────

/** Limits of a catalogue entry (the pickup code's widths bound the last two: see pickup.ts). */
export const ITEM_LIMITS = { maxPrice: 100_000, maxStock: 9_999 } as const;

/** A price is a whole number of points above zero; a stock a whole number, zero included (sold out). */
export const validPrice = (price: number): boolean =>
  Number.isInteger(price) && price > 0 && price <= ITEM_LIMITS.maxPrice;
export const validStock = (stock: number): boolean =>
  Number.isInteger(stock) && stock >= 0 && stock <= ITEM_LIMITS.maxStock;

export interface ItemState {
  price: number;
  stock: number;
  onSale: boolean;
}

/**
 * Why a volunteer with `spendable` points may not redeem this item now, or null when he may. His spendable points
 * are his balance: what he earned and was refunded, less what he has redeemed; he may never go below zero.
 */
export function redeemRefusal(item: ItemState, spendable: number): Refusal | null {
  if (!item.onSale) return refuse('INVALID_STATE', '该物品已下架');
  if (item.stock < 1) return refuse('FULL', '该物品已兑完');
  if (spendable < item.price) return refuse('INVALID_STATE', `积分不足：需要 ${item.price} 分，您有 ${spendable} 分`);
  return null;
}

/**
 * What a volunteer has to spend, from his ledger's sums by kind and what the shop has debited him so far
 * (`debited`, kept on his account document and raised before the ledger line is written, so it is never behind):
 * credits (volunteer work, adjustments, refunds) less debits. Never below zero for the rule above.
 */
export function spendable(creditsByKind: Readonly<Record<string, number>>, debited: number): number {
  const credits = Object.entries(creditsByKind)
    .filter(([kind]) => kind !== 'redeem')
    .reduce((sum, [, n]) => sum + n, 0);
  return Math.max(0, credits - debited);
}
