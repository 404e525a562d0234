import type { LedgerLine } from '../../../shared/api/orders';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { shortTime } from '../../../shared/time';

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

export interface PointsViewModel extends PagedList<PointsLine> {
  balance: number;
}

export const loadingPoints = (): PointsViewModel => ({ ...loadingList<PointsLine>(), balance: 0 });

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
  return { ...withRows(vm, mergeRows(vm.items, lines, replace), page.nextCursor), balance: page.balance };
}
