import type { LedgerLine } from '../../../shared/api/orders';
import { shortTime } from '../hall/view-model';

/** 我的积分: the balance and the append-only ledger, newest first, a page at a time. */

export interface PointsLine {
  id: string;
  kindLabel: string;
  /** +15 / -20 */
  deltaText: string;
  positive: boolean;
  note: string;
  at: string;
  orderId: string;
}

export interface PointsViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  balance: number;
  items: PointsLine[];
  nextCursor: number | null;
  loadingMore: boolean;
}

export const loadingPoints = (): PointsViewModel => ({
  state: 'loading',
  message: '',
  balance: 0,
  items: [],
  nextCursor: null,
  loadingMore: false,
});

export const toPointsLine = (line: LedgerLine): PointsLine => ({
  id: line.id,
  kindLabel: line.kindLabel,
  deltaText: line.delta > 0 ? `+${line.delta}` : String(line.delta),
  positive: line.delta > 0,
  note: line.note,
  at: shortTime(line.at),
  orderId: line.orderId ?? '',
});

export function appendPointsPage(
  vm: PointsViewModel,
  page: { balance: number; items: LedgerLine[]; nextCursor: number | null },
  replace: boolean,
): PointsViewModel {
  const lines = page.items.map(toPointsLine);
  const known = new Set(replace ? [] : vm.items.map((l) => l.id));
  return {
    ...vm,
    state: 'ready',
    message: '',
    loadingMore: false,
    balance: page.balance,
    items: replace ? lines : [...vm.items, ...lines.filter((l) => !known.has(l.id))],
    nextCursor: page.nextCursor,
  };
}

export const pointsError = (vm: PointsViewModel, message: string): PointsViewModel =>
  vm.items.length > 0 && vm.state === 'ready'
    ? { ...vm, loadingMore: false, message }
    : { ...vm, state: 'error', message, loadingMore: false, items: [] };
