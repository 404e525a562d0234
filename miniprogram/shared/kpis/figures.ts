/**
 * From counts to figures: a window of China days, the five rates with their sample sizes, a flat row per scope
 * (what the dashboard shows and an export writes), rankings fair to volume, and the trend.
 */
import { PRIOR_WEIGHT, shrink } from '../complaints/credit';
import { addCounts, zeroCounts, type Counts } from './facts';
import { parseKey, type ScopeKind } from './scopes';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The China day (YYYY-MM-DD) of an instant: a document counts on the day it was created. */
export const chinaDay = (at: Date | string | number): string =>
  new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** The instant a China day starts (00:00 UTC+8). */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

const addDays = (day: string, n: number) => chinaDay(dayStart(day).getTime() + n * DAY_MS);

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_WINDOW_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}

/** A custom window is at most a year and a day (a dashboard read stays one round trip of ≤ 367 day cells). */
export const MAX_WINDOW_DAYS = 366;

export type WindowChoice = { preset: 'month' | 'last30' } | { from: string; to: string };

export interface KpiWindow {
  from: string;
  to: string;
  label: string;
}

/** 本月 (from the 1st to today), 近30天 (today and the 29 days before), or a custom range of days. */
export function windowOf(choice: WindowChoice, now: Date | string): KpiWindow {
  const today = chinaDay(now);
  if ('preset' in choice) {
    if (choice.preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today, label: '本月' };
    return { from: addDays(today, -29), to: today, label: '近30天' };
  }
  return { from: choice.from, to: choice.to, label: `${choice.from} 至 ${choice.to}` };
}

/** Why a custom window is refused, or null when it is fine. */
export function windowProblem(from: string, to: string): string | null {
  if (from > to) return '开始日期不能晚于结束日期';
  if (daysOf(from, to).length > MAX_WINDOW_DAYS) return `时间范围不能超过${MAX_WINDOW_DAYS}天`;
  return null;
}

/** A day's cells: scope key → counts (only what is not zero is kept). */
export type DayCells = Record<string, Partial<Counts>>;

/** The window's counts per scope: the sum of its days' cells. */
export function sumCells(days: readonly DayCells[]): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  for (const cells of days) {
    for (const [key, counts] of Object.entries(cells)) addCounts((out[key] ??= zeroCounts()), counts);
  }
  return out;
}

// ── rates ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const MEASURES = ['response', 'resolve', 'satisfaction', 'onTime', 'rework'] as const;
export type Measure = (typeof MEASURES)[number];

interface MeasureSpec {
  label: string;
  x: keyof Counts;
  n: keyof Counts;
  /** 发回重办率: fewer is better. */
  lowerIsBetter?: boolean;
}

export const MEASURE_SPECS: Record<Measure, MeasureSpec> = {
  response: { label: '响应率', x: 'respondedOnTime', n: 'responseDue' },
  resolve: { label: '解决率', x: 'resolved', n: 'resolveDue' },
  satisfaction: { label: '满意率', x: 'satisfied', n: 'rated' },
  onTime: { label: '按时办结率', x: 'closedOnTime', n: 'closeDue' },
  rework: { label: '发回重办率', x: 'reworked', n: 'answered', lowerIsBetter: true },
};

/** x / n, or null when nothing was decided (n = 0): no evidence is not 0 %, nor 100 %. */
export const rateOf = (counts: Counts, measure: Measure): number | null => {
  const { x, n } = MEASURE_SPECS[measure];
  return counts[n] === 0 ? null : counts[x] / counts[n];
};

/** One scope's figures, flat: the dashboard's line and an export's row. Rates are 0–1 or null (no sample). */
export interface KpiRow {
  key: string;
  kind: ScopeKind;
  name: string;
  orders: number;
  complaints: number;
  volume: number;
  responseRate: number | null;
  responseN: number;
  resolveRate: number | null;
  resolveN: number;
  satisfactionRate: number | null;
  satisfactionN: number;
  onTimeRate: number | null;
  onTimeN: number;
  reworkRate: number | null;
  reworkN: number;
  /** Hours from creation to the finishing answer, on average over the resolved ones; null when none. */
  avgCloseHours: number | null;
  overdueOrders: number;
  overdueComplaints: number;
}

export type Overdue = Record<string, { orders?: number; complaints?: number }>;

/** The rows of `keys` from a window's summed counts (`kpiRows` is what an export writes, one row per scope). */
export function kpiRows(
  keys: readonly string[],
  counts: Record<string, Counts>,
  names: Record<string, string>,
  overdue: Overdue = {},
): KpiRow[] {
  return keys.map((key) => {
    const c = counts[key] ?? zeroCounts();
    const parsed = parseKey(key);
    const unitKey = parsed?.kind === 'unit' ? `unit:${parsed.id}` : key;
    return {
      key,
      kind: parsed?.kind ?? 'city',
      name: names[unitKey] ?? names[key] ?? key,
      orders: c.orders,
      complaints: c.complaints,
      volume: c.orders + c.complaints,
      responseRate: rateOf(c, 'response'),
      responseN: c.responseDue,
      resolveRate: rateOf(c, 'resolve'),
      resolveN: c.resolveDue,
      satisfactionRate: rateOf(c, 'satisfaction'),
      satisfactionN: c.rated,
      onTimeRate: rateOf(c, 'onTime'),
      onTimeN: c.closeDue,
      reworkRate: rateOf(c, 'rework'),
      reworkN: c.answered,
      avgCloseHours: c.resolved === 0 ? null : Math.round((c.closeMinutes / c.resolved / 60) * 10) / 10,
      overdueOrders: overdue[key]?.orders ?? 0,
      overdueComplaints: overdue[key]?.complaints ?? 0,
    };
  });
}

const RATE_FIELD: Record<Measure, { rate: keyof KpiRow; n: keyof KpiRow }> = {
  response: { rate: 'responseRate', n: 'responseN' },
  resolve: { rate: 'resolveRate', n: 'resolveN' },
  satisfaction: { rate: 'satisfactionRate', n: 'satisfactionN' },
  onTime: { rate: 'onTimeRate', n: 'onTimeN' },
  rework: { rate: 'reworkRate', n: 'reworkN' },
};

export interface Ranked {
  row: KpiRow;
  /** The rate shrunk toward the siblings' pooled mean, as the credit score does (docs/credit-score.md). */
  value: number;
  rank: number;
  /** The sample behind the rate. */
  n: number;
}

/**
 * Siblings ranked by one measure, fair to volume: each rate is shrunk toward their pooled mean with a prior of
 * PRIOR_WEIGHT (p̂ = (x + m·p̄) / (n + m)), so a unit with 2 orders is not first or last by chance. Rows without
 * a sample are left out. Ties: more evidence first, then the key.
 */
export function rankRows(rows: readonly KpiRow[], measure: Measure): Ranked[] {
  const field = RATE_FIELD[measure];
  const tallies = rows
    .map((row) => ({
      row,
      n: row[field.n] as number,
      x: ((row[field.rate] as number | null) ?? 0) * (row[field.n] as number),
    }))
    .filter((t) => t.n > 0);
  const total = tallies.reduce((s, t) => s + t.n, 0);
  const mean = total === 0 ? 0 : tallies.reduce((s, t) => s + t.x, 0) / total;
  const better = MEASURE_SPECS[measure].lowerIsBetter ? -1 : 1;
  return tallies
    .map((t) => ({ row: t.row, n: t.n, value: shrink({ x: t.x, n: t.n }, mean, PRIOR_WEIGHT) }))
    .sort((a, b) => better * (b.value - a.value) || b.n - a.n || (a.row.key < b.row.key ? -1 : 1))
    .map((r, i) => ({ ...r, rank: i + 1 }));
}

// ── trend ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface TrendPoint {
  /** The bucket's first day. */
  day: string;
  rates: Record<Measure, number | null>;
}

/** One scope's rates per day (a window of up to 31 days) or per 7 days (longer), oldest first. */
export function trendOf(key: string, window: KpiWindow, cellsByDay: Record<string, DayCells>): TrendPoint[] {
  const days = daysOf(window.from, window.to);
  const size = days.length <= 31 ? 1 : 7;
  const points: TrendPoint[] = [];
  for (let i = 0; i < days.length; i += size) {
    const bucket = days.slice(i, i + size);
    const counts = sumCells(bucket.map((d) => ({ [key]: cellsByDay[d]?.[key] ?? {} })))[key] ?? zeroCounts();
    points.push({
      day: bucket[0],
      rates: Object.fromEntries(MEASURES.map((m) => [m, rateOf(counts, m)])) as Record<Measure, number | null>,
    });
  }
  return points;
}
