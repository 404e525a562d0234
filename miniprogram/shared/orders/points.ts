/**
 * 积分: volunteers earn points when an order closes (联合评单), into an append-only ledger whose sum is the balance.
 *
 * Rule: every volunteer who reported his slot done earns BASE_TASK_POINTS, plus a bonus by the resident's stars
 * (no resident rating, no bonus). Withdrawn or unreported claims earn nothing. The community's rating is shown
 * with the order but does not change points: the resident is the one who was helped.
 */

import type { ClaimState } from './tasks';

export const BASE_TASK_POINTS = 10;

/** Bonus by the resident's stars (1–5). */
export const STAR_BONUS: Readonly<Record<1 | 2 | 3 | 4 | 5, number>> = { 1: 0, 2: 0, 3: 2, 4: 5, 5: 10 };

export type LedgerKind = 'task' | 'redeem' | 'refund' | 'adjust';

export const LEDGER_KINDS: Record<LedgerKind, { label: string }> = {
  task: { label: '志愿服务' },
  redeem: { label: '积分兑换' },
  /** A cancelled redemption (积分超市) gives its points back: one line per redemption, never two. */
  refund: { label: '兑换退回' },
  adjust: { label: '人工调整' },
};

/** One ledger line. Never updated or deleted; a correction is another line. */
export interface LedgerEntry {
  /** Unique per cause, so paying out twice for the same order writes nothing the second time. */
  key: string;
  userId: string;
  kind: LedgerKind;
  delta: number;
  orderId: string | null;
  note: string;
}

export const taskEntryKey = (orderId: string, userId: string): string => `task:${orderId}:${userId}`;

export const starBonus = (stars: number | null): number =>
  stars !== null && Number.isInteger(stars) && stars >= 1 && stars <= 5 ? STAR_BONUS[stars as 1 | 2 | 3 | 4 | 5] : 0;

export const pointsForTask = (residentStars: number | null): number => BASE_TASK_POINTS + starBonus(residentStars);

/**
 * Who earns when an order closes: every volunteer with a reported claim in any round of its task (发回重办 has the
 * task published again; the first round's work still counts).
 */
export const reportersOf = (claims: readonly { userId: string; state: ClaimState }[]): string[] =>
  claims.filter((claim) => claim.state === 'reported').map((claim) => claim.userId);

/**
 * The ledger lines an order's closing writes: one per volunteer who reported done (each once, even if he appears
 * twice in the list).
 */
export function pointsOnClose(input: {
  orderId: string;
  residentStars: number | null;
  reporters: readonly string[];
  note?: string;
}): LedgerEntry[] {
  const points = pointsForTask(input.residentStars);
  return [...new Set(input.reporters)].map((userId) => ({
    key: taskEntryKey(input.orderId, userId),
    userId,
    kind: 'task',
    delta: points,
    orderId: input.orderId,
    note: input.note ?? '志愿服务',
  }));
}

export const balance = (entries: readonly Pick<LedgerEntry, 'delta'>[]): number =>
  entries.reduce((sum, entry) => sum + entry.delta, 0);

/** Redeeming (积分超市) may not take the balance below zero. */
export const canRedeem = (currentBalance: number, cost: number): boolean =>
  Number.isInteger(cost) && cost > 0 && cost <= currentBalance;
