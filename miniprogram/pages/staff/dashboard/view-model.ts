/**
 * 工作台 (staff): what the dashboard shows of the server's figures — five rate tiles with their samples, volume,
 * time to close and overdue counts, the trend's series for the chart, and ranking lists (rates shrunk toward the
 * siblings' mean, the sample beside each) that open a child scope.
 */
import type { ActionOutput } from '../../../shared/api/index';
import { MEASURES, MEASURE_SPECS, rankRows, type KpiRow, type Measure } from '../../../shared/kpis/figures';
import { SCOPE_KIND_LABELS, type ScopeKind } from '../../../shared/kpis/scopes';
import { formatTime } from '../../../shared/time';
import type { ChartSeries } from '../../../components/trend-chart/geometry';

type Dashboard = ActionOutput<'kpis', 'dashboard'>;

/** The windows offered (a custom range is the contract's, for exports and links). */
export const WINDOW_PRESETS = [
  { value: 'month', label: '本月' },
  { value: 'last30', label: '近30天' },
] as const;
export type Preset = (typeof WINDOW_PRESETS)[number]['value'];

/** The chart's colour per measure (tdesign's palette). */
export const MEASURE_COLORS: Record<Measure, string> = {
  response: '#0052d9',
  resolve: '#2ba471',
  satisfaction: '#e37318',
  onTime: '#8e56dd',
  rework: '#d54941',
};

export interface Tile {
  measure: Measure | 'volume';
  label: string;
  /** 80.0% or —. */
  value: string;
  /** 15件 (the sample), or what the value counts. */
  basis: string;
  color: string;
}

export interface RankLine {
  key: string;
  rank: number;
  name: string;
  /** The scope's own rate, as a percentage. */
  value: string;
  /** 样本15 · 修正后 78.2% */
  basis: string;
}

export interface RankGroup {
  kind: ScopeKind;
  label: string;
}

export type DashboardViewModel =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | {
      state: 'ready';
      title: string;
      caption: string;
      tiles: Tile[];
      extras: Array<{ key: string; label: string; value: string }>;
      series: ChartSeries[];
      axis: { first: string; last: string };
      groups: RankGroup[];
      group: ScopeKind | '';
      measure: Measure;
      measures: Array<{ measure: Measure; label: string }>;
      ranking: RankLine[];
      /** The caller's own scopes, to go back up to (when he is looking at one inside). */
      roots: Array<{ key: string; name: string }>;
      scope: string;
    };

export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

const RATE_OF: Record<Measure, (r: KpiRow) => [number | null, number]> = {
  response: (r) => [r.responseRate, r.responseN],
  resolve: (r) => [r.resolveRate, r.resolveN],
  satisfaction: (r) => [r.satisfactionRate, r.satisfactionN],
  onTime: (r) => [r.onTimeRate, r.onTimeN],
  rework: (r) => [r.reworkRate, r.reworkN],
};

export function tilesOf(row: KpiRow): Tile[] {
  return [
    ...MEASURES.map((measure) => {
      const [rate, n] = RATE_OF[measure](row);
      return {
        measure,
        label: MEASURE_SPECS[measure].label,
        value: percent(rate),
        basis: `${n}件`,
        color: MEASURE_COLORS[measure],
      };
    }),
    {
      measure: 'volume' as const,
      label: '受理量',
      value: String(row.volume),
      basis: `工单${row.orders} · 投诉${row.complaints}`,
      color: '#181818',
    },
  ];
}

/** The ranking of one group's rows by one measure: fair to volume, the sample shown. */
export function rankingOf(rows: readonly KpiRow[], measure: Measure): RankLine[] {
  return rankRows(rows, measure).map((r) => ({
    key: r.row.key,
    rank: r.rank,
    name: r.row.name,
    value: percent(RATE_OF[measure](r.row)[0]),
    basis: `样本${r.n} · 修正后 ${percent(r.value)}`,
  }));
}

export function toDashboardViewModel(
  d: Dashboard,
  choice: { group?: ScopeKind | ''; measure?: Measure } = {},
): Extract<DashboardViewModel, { state: 'ready' }> {
  const groups = d.groups.map((g) => ({ kind: g.kind, label: SCOPE_KIND_LABELS[g.kind] }));
  const group = choice.group && groups.some((g) => g.kind === choice.group) ? choice.group : (groups[0]?.kind ?? '');
  const measure = choice.measure ?? 'response';
  const rows = d.groups.find((g) => g.kind === group)?.rows ?? [];
  const s = d.summary;
  return {
    state: 'ready',
    title: s.name,
    caption: `${d.window.label}（${d.window.from} 至 ${d.window.to}）· ${d.asOf ? `更新于 ${formatTime(d.asOf)}` : '数据准备中'}`,
    tiles: tilesOf(s),
    extras: [
      { key: 'avg', label: '平均办结用时', value: s.avgCloseHours === null ? '—' : `${s.avgCloseHours}小时` },
      { key: 'overdue-orders', label: '超时工单', value: String(s.overdueOrders) },
      { key: 'overdue-complaints', label: '超时投诉', value: String(s.overdueComplaints) },
    ],
    series: MEASURES.map((m) => ({
      key: m,
      label: MEASURE_SPECS[m].label,
      color: MEASURE_COLORS[m],
      values: d.trend.map((p) => p.rates[m]),
    })),
    axis: { first: d.trend[0]?.day.slice(5) ?? '', last: d.trend[d.trend.length - 1]?.day.slice(5) ?? '' },
    groups,
    group,
    measure,
    measures: MEASURES.map((m) => ({ measure: m, label: MEASURE_SPECS[m].label })),
    ranking: rankingOf(rows, measure),
    roots: d.roots.filter((r) => r.key !== s.key),
    scope: s.key,
  };
}
