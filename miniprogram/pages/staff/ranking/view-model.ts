import type { CompanyScore } from '../../../shared/api/complaints';
import { displayScore } from '../../../shared/complaints/credit';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { formatTime } from '../../../shared/time';

/** 物业企业信用排名 (staff): the city's companies, best first, a page at a time. */
export interface RankingRow {
  id: string;
  rank: number;
  company: string;
  score: string;
  /** 12件投诉 · 服务3200户 */
  basis: string;
  /** The bottom third is marked for attention (not a company tied in score with one above it). */
  low: boolean;
}

export interface RankingViewModel extends PagedList<RankingRow> {
  /** 近90天 · 更新于 2026-11-02 10:00 */
  caption: string;
}

export const loadingRanking = (): RankingViewModel => ({ ...loadingList<RankingRow>(), caption: '' });

export const toRankingRow = (s: CompanyScore): RankingRow => ({
  id: s.company.id,
  rank: s.rank,
  company: s.company.name,
  score: String(displayScore(s.score)),
  basis: `${s.complaints}件投诉 · 服务${s.households}户`,
  low: s.of >= 3 && s.rank > Math.ceil((s.of * 2) / 3),
});

export function appendRanking(
  vm: RankingViewModel,
  page: { items: CompanyScore[]; nextCursor: number | null; asOf: string; windowDays: number },
  replace: boolean,
): RankingViewModel {
  const rows = mergeRows(vm.items, page.items.map(toRankingRow), replace);
  // A company tied with one above the bottom third is not below it (ties are ordered by evidence, then id). The
  // pages come best first, so every row above a bottom-third row is already here.
  const fine = new Set(rows.filter((r) => !r.low).map((r) => r.score));
  return {
    ...withRows(
      vm,
      rows.map((r) => (r.low && fine.has(r.score) ? { ...r, low: false } : r)),
      page.nextCursor,
    ),
    caption: `近${page.windowDays}天 · 更新于 ${formatTime(page.asOf)}`,
  };
}
