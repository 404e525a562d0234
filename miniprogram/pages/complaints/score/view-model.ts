import { errorText } from '../../../lib/errors';
import type { CompanyScore, ScoreTrendPoint } from '../../../shared/api/complaints';
import { CREDIT_MEASURE_LABELS, CREDIT_MEASURES, displayScore } from '../../../shared/complaints/credit';
import type { ErrorBody } from '../../../shared/errors';

export interface MeasureView {
  key: string;
  label: string;
  /** 0–100: the smoothed value that enters the score (a bar's width). */
  value: number;
  /** The company's own record: 本企业 80%（5件）, 每千户 2.0 件, or 暂无记录（按全市平均）. */
  detail: string;
}

export interface TrendBar {
  month: string;
  /** 0–100: the bar's height; 0 with no score that month. */
  height: number;
  scoreText: string;
  complaints: number;
}

export interface ScoreView {
  company: string;
  score: string;
  /** 第2 / 共5 */
  rank: string;
  /** 近90天 12件投诉 · 服务3200户 */
  basis: string;
  measures: MeasureView[];
  trend: TrendBar[];
}

export type ScoreViewModel =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  /** 无物业小区: no company to score. */
  | { state: 'none'; message: string }
  | { state: 'ready'; score: ScoreView };

export const loadingScore = (): ScoreViewModel => ({ state: 'loading' });
export const scoreError = (error: ErrorBody): ScoreViewModel => ({ state: 'error', message: errorText(error) });

export const NO_COMPANY_TEXT =
  '您的小区是无物业小区，没有物业服务企业可评价。投诉会直接交给社区办理，逐级升级到街道和职能部门。';

const percent = (share: number): number => Math.round(share * 100);

function measureDetail(key: (typeof CREDIT_MEASURES)[number], m: CompanyScore['measures']['volume']): string {
  if (m.raw === null) return '暂无记录（按全市平均）';
  if (key === 'volume') return `每千户 ${m.raw.toFixed(1)} 件（${m.x}件 / ${m.n}户）`;
  return `本企业 ${percent(m.raw)}%（${m.n}件）`;
}

/** 2026-11 → 11月 */
const monthLabel = (month: string): string => `${Number(month.slice(5, 7))}月`;

export const toTrendBars = (trend: readonly ScoreTrendPoint[]): TrendBar[] =>
  trend.map((p) => ({
    month: monthLabel(p.month),
    height: p.score === null ? 0 : Math.max(2, Math.min(100, Math.round(p.score))),
    scoreText: p.score === null ? '—' : String(displayScore(p.score)),
    complaints: p.complaints,
  }));

export function toScoreView(score: CompanyScore, trend: readonly ScoreTrendPoint[], windowDays: number): ScoreView {
  return {
    company: score.company.name,
    score: String(displayScore(score.score)),
    rank: `第${score.rank} / 共${score.of}`,
    basis: `近${windowDays}天 ${score.complaints}件投诉 · 服务${score.households}户`,
    measures: CREDIT_MEASURES.map((key) => ({
      key,
      label: CREDIT_MEASURE_LABELS[key],
      value: percent(score.measures[key].value),
      detail: measureDetail(key, score.measures[key]),
    })),
    trend: toTrendBars(trend),
  };
}

export function toScoreViewModel(data: {
  score: CompanyScore | null;
  trend: ScoreTrendPoint[];
  windowDays: number;
}): ScoreViewModel {
  if (!data.score) return { state: 'none', message: NO_COMPANY_TEXT };
  return { state: 'ready', score: toScoreView(data.score, data.trend, data.windowDays) };
}
