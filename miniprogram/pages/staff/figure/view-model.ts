/** 指标明细 (staff): the orders and complaints one figure of the 工作台 counts, newest first, each for or against. */
import type { KpiItem } from '../../../shared/api/kpis';
import type * as z from 'zod/mini';
import { MEASURE_SPECS, type Measure } from '../../../shared/kpis/figures';
import { loadingList, mergeRows, withRows, type PagedList } from '../../../lib/paging';
import { formatTime } from '../../../shared/time';

type Item = z.output<typeof KpiItem>;

export interface FigureRow {
  id: string;
  kind: Item['kind'];
  title: string;
  /** 工单 · 已办结 · 2026-11-02 09:00 */
  meta: string;
  /** What the figure counts it as: 按时 / 超时, 已解决 / 未解决… */
  verdict: string;
  tone: Item['tone'];
}

export type FigureViewModel = PagedList<FigureRow> & { title: string; measure: Measure | 'volume' };

const VERDICTS: Record<Measure | 'volume', [good: string, bad: string]> = {
  volume: ['', ''],
  response: ['按时响应', '响应超时'],
  resolve: ['已解决', '未解决'],
  satisfaction: ['满意', '不满意'],
  onTime: ['按时办结', '超时'],
  rework: ['一次办结', '发回重办'],
};

export const isFigure = (m: string | undefined): m is Measure | 'volume' => m !== undefined && m in VERDICTS;

export const figureTitle = (measure: Measure | 'volume'): string =>
  measure === 'volume' ? '受理量' : MEASURE_SPECS[measure].label;

export const loadingFigure = (measure: Measure | 'volume'): FigureViewModel => ({
  ...loadingList<FigureRow>(),
  measure,
  title: `${figureTitle(measure)}：计入的工单与投诉`,
});

export const toFigureRow = (item: Item, measure: Measure | 'volume'): FigureRow => ({
  id: item.id,
  kind: item.kind,
  title: item.title,
  meta: `${item.kind === 'order' ? '工单' : '投诉'} · ${item.statusLabel} · ${formatTime(item.createdAt)}`,
  verdict: VERDICTS[measure][item.good ? 0 : 1],
  tone: measure === 'volume' ? 'default' : item.tone,
});

export const appendFigure = (
  vm: FigureViewModel,
  page: { items: Item[]; nextCursor: number | null },
  replace: boolean,
): FigureViewModel =>
  withRows(
    vm,
    mergeRows(
      vm.items,
      page.items.map((i) => toFigureRow(i, vm.measure)),
      replace,
    ),
    page.nextCursor,
  );
