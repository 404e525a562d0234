/**
 * 物业服务企业信用评价: a property company's credit score from its complaints, as docs/credit-score.md explains.
 *
 * Five measures over the complaints filed in a rolling window (90 days), each in [0, 1], higher is better:
 *   acknowledge  on-time 受理 (within 2 h) at the company's own level          (share of decided complaints)
 *   answer       on-time 答复 (24 h / 7 d by tier) at the company's own level (share of decided complaints)
 *   satisfaction the resident's stars on what the company itself resolved, (stars − 1) / 4
 *   reopen       1 − the share of the company's answers the resident sent back (不满意 → 发回)
 *   volume       complaints per household served, relative to the city: r̄ / (r̄ + r̂)
 * Each share is shrunk toward the city-wide mean with a prior weight of PRIOR_WEIGHT complaints
 * (p̂ = (x + m·p̄) / (n + m)), and the rate per household toward the city's rate with a prior of HOUSEHOLD_PRIOR
 * households (r̂ = (n + k·r̄) / (H + k)), so a company with three complaints is neither top nor bottom by luck and
 * a large company is not punished for its size. The score is 100 × the weighted sum.
 *
 * Complaints closed as 非物业责任 are left out altogether; a measure that is not decided yet (the clock still runs,
 * no verdict yet) is left out of that measure only.
 */
import { acceptDeadline, isPast } from '../orders/catalogue';
import {
  answerDeadline,
  inWindow,
  windowEndingAt,
  type ComplaintAction,
  type ComplaintStep,
  type ComplaintTier,
} from './machine';

/** The rolling window the score looks back over. */
export const CREDIT_WINDOW_DAYS = 90;
/** Pseudo-complaints at the city mean added to every share: a company's own record outweighs it from 10 on. */
export const PRIOR_WEIGHT = 10;
/** Pseudo-households at the city's complaint rate added to every company (about two grids, a mid-sized compound). */
export const HOUSEHOLD_PRIOR = 1000;

export const CREDIT_MEASURES = ['acknowledge', 'answer', 'satisfaction', 'reopen', 'volume'] as const;
export type CreditMeasure = (typeof CREDIT_MEASURES)[number];

/** Timeliness 40 %, the residents' verdicts 40 %, how much they have to complain 20 %. */
export const CREDIT_WEIGHTS: Readonly<Record<CreditMeasure, number>> = {
  acknowledge: 0.15,
  answer: 0.25,
  satisfaction: 0.25,
  reopen: 0.15,
  volume: 0.2,
};

export const CREDIT_MEASURE_LABELS: Record<CreditMeasure, string> = {
  acknowledge: '按时受理',
  answer: '按时答复',
  satisfaction: '满意度',
  reopen: '一次办结（未被发回）',
  volume: '投诉率（每千户）',
};

/** A share with no evidence anywhere in the city: nothing is known to have gone wrong. */
const NO_EVIDENCE_MEAN = 1;

export interface CreditCompany {
  id: string;
  /** Households in the compounds the company serves. */
  households: number;
}

/** A complaint as the score reads it: filed at a property company, with its timeline. */
export interface CreditComplaint {
  companyId: string;
  tier: ComplaintTier;
  /** When the resident filed it (it reached the company at once). */
  filedAt: string;
  steps: readonly Pick<ComplaintStep, 'action' | 'fromLevel' | 'toLevel' | 'at'>[];
  /** The resident's stars (1–5) if he rated; the rate step tells when and at which level. */
  stars: number | null;
}

/** What one complaint says about its company as of a moment; null for a measure not decided yet. */
export interface ComplaintOutcome {
  acknowledgedOnTime: boolean | null;
  answeredOnTime: boolean | null;
  /** The resident sent the company's answer back (不满意). */
  reopened: boolean | null;
  /** (stars − 1) / 4 for a complaint the company itself resolved and the resident rated. */
  satisfaction: number | null;
}

const VERDICTS: readonly ComplaintAction[] = ['satisfied', 'not_satisfied', 'auto_confirm'];

/**
 * What a complaint says about its company as of `asOf` (steps after it are not seen yet); null when it does not
 * count at all (closed as 非物业责任).
 */
export function complaintOutcome(complaint: CreditComplaint, asOf: Date | string): ComplaintOutcome | null {
  const steps = complaint.steps.filter((s) => isPast(s.at, asOf));
  if (steps.some((s) => s.action === 'close_not_responsible')) return null;
  const atCompany = steps.filter((s) => s.fromLevel === 'company');
  const leftCompany = atCompany.some((s) => s.toLevel !== 'company');

  /** On time if done before the deadline; late if done after, or never done and the deadline or the level is gone. */
  const onTime = (done: { at: string } | undefined, deadline: Date): boolean | null => {
    if (done) return !isPast(deadline, done.at);
    return leftCompany || isPast(deadline, asOf) ? false : null;
  };

  const acknowledged = atCompany.find((s) => s.action === 'acknowledge' || s.action === 'answer');
  const answered = atCompany.find((s) => s.action === 'answer');
  const verdict = answered
    ? atCompany.find((s) => VERDICTS.includes(s.action) && isPast(answered.at, s.at))
    : undefined;
  const rated = atCompany.find((s) => s.action === 'rate');
  const stars = complaint.stars;
  return {
    acknowledgedOnTime: onTime(acknowledged, acceptDeadline(complaint.filedAt)),
    answeredOnTime: onTime(answered, answerDeadline('company', complaint.tier, complaint.filedAt)),
    reopened: verdict ? verdict.action === 'not_satisfied' : null,
    satisfaction: rated && stars !== null && stars >= 1 && stars <= 5 ? (stars - 1) / 4 : null,
  };
}

/** Evidence for a share: x successes out of n. */
export interface Tally {
  x: number;
  n: number;
}

/** The smoothed share: (x + m·mean) / (n + m). */
export const shrink = (tally: Tally, mean: number, priorWeight: number = PRIOR_WEIGHT): number =>
  (tally.x + priorWeight * mean) / (tally.n + priorWeight);

const pooledMean = (tallies: readonly Tally[]): number => {
  const n = tallies.reduce((sum, t) => sum + t.n, 0);
  return n === 0 ? NO_EVIDENCE_MEAN : tallies.reduce((sum, t) => sum + t.x, 0) / n;
};

type ShareMeasure = Exclude<CreditMeasure, 'volume'>;
const SHARES: readonly ShareMeasure[] = ['acknowledge', 'answer', 'satisfaction', 'reopen'];

export interface MeasureResult {
  /** Evidence: for volume, x = complaints and n = households. */
  x: number;
  n: number;
  /** The company's own value (null without evidence); for volume, complaints per 1000 households. */
  raw: number | null;
  /** The smoothed value in [0, 1] that enters the score. */
  value: number;
}

export interface CompanyCredit {
  companyId: string;
  /** 0–100, unrounded (show it with one decimal). */
  score: number;
  /** Complaints in the window that count (not 非物业责任). */
  complaints: number;
  households: number;
  measures: Record<CreditMeasure, MeasureResult>;
}

export interface CityCredit {
  asOf: string;
  windowDays: number;
  /** The city-wide means the shares shrink toward; volume: complaints per household. */
  means: Record<CreditMeasure, number>;
  /** Best first; ties by more evidence, then by id. */
  ranking: CompanyCredit[];
}

function tallies(outcomes: readonly ComplaintOutcome[]): Record<ShareMeasure, Tally> {
  const tally = (values: (number | null)[]): Tally => {
    const known = values.filter((v): v is number => v !== null);
    return { x: known.reduce((a, b) => a + b, 0), n: known.length };
  };
  const bool = (b: boolean | null, good: boolean) => (b === null ? null : Number(b === good));
  return {
    acknowledge: tally(outcomes.map((o) => bool(o.acknowledgedOnTime, true))),
    answer: tally(outcomes.map((o) => bool(o.answeredOnTime, true))),
    satisfaction: tally(outcomes.map((o) => o.satisfaction)),
    reopen: tally(outcomes.map((o) => bool(o.reopened, false))),
  };
}

/**
 * Every company's score as of `asOf`, over the complaints filed in the window before it, and the ranking.
 * Complaints of companies not in the list still count toward the city means.
 */
export function creditScores(
  companies: readonly CreditCompany[],
  complaints: readonly CreditComplaint[],
  options: { asOf: Date | string; windowDays?: number },
): CityCredit {
  const windowDays = options.windowDays ?? CREDIT_WINDOW_DAYS;
  const asOf = new Date(options.asOf).toISOString();
  const window = windowEndingAt(asOf, windowDays);

  const byCompany = new Map<string, ComplaintOutcome[]>();
  for (const c of complaints) {
    if (!inWindow(c.filedAt, window)) continue;
    const outcome = complaintOutcome(c, asOf);
    if (outcome === null) continue;
    const list = byCompany.get(c.companyId) ?? [];
    list.push(outcome);
    byCompany.set(c.companyId, list);
  }
  const perCompany = new Map([...byCompany].map(([id, outcomes]) => [id, tallies(outcomes)]));

  const households = new Map(companies.map((c) => [c.id, Math.max(0, c.households)]));
  const totalHouseholds = [...households.values()].reduce((a, b) => a + b, 0);
  const countOf = (id: string) => byCompany.get(id)?.length ?? 0;
  // The city rate over the listed companies (whose households are known).
  const totalComplaints = companies.reduce((sum, c) => sum + countOf(c.id), 0);
  const cityRate = totalHouseholds === 0 ? 0 : totalComplaints / totalHouseholds;

  const all = [...perCompany.values()];
  const means = {
    ...(Object.fromEntries(SHARES.map((m) => [m, pooledMean(all.map((t) => t[m]))])) as Record<ShareMeasure, number>),
    volume: cityRate,
  };

  const scored = companies.map((company): CompanyCredit => {
    const own = perCompany.get(company.id);
    const measures = {} as Record<CreditMeasure, MeasureResult>;
    for (const m of SHARES) {
      const t = own?.[m] ?? { x: 0, n: 0 };
      measures[m] = { x: t.x, n: t.n, raw: t.n === 0 ? null : t.x / t.n, value: shrink(t, means[m]) };
    }
    const n = countOf(company.id);
    const h = households.get(company.id) ?? 0;
    const rate = (n + HOUSEHOLD_PRIOR * cityRate) / (h + HOUSEHOLD_PRIOR);
    measures.volume = {
      x: n,
      n: h,
      raw: h === 0 ? null : (1000 * n) / h,
      value: cityRate + rate === 0 ? 1 : cityRate / (cityRate + rate),
    };
    const score = 100 * CREDIT_MEASURES.reduce((sum, m) => sum + CREDIT_WEIGHTS[m] * measures[m].value, 0);
    return { companyId: company.id, score, complaints: n, households: h, measures };
  });

  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.complaints - a.complaints ||
      (a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0),
  );
  return { asOf, windowDays, means, ranking: scored };
}

/** A score shown to people: one decimal. */
export const displayScore = (score: number): number => Math.round(score * 10) / 10;

// ── Trend: the score as it stood at the end of each of the last N months ──────────────────────────────────────

/** China Standard Time has no daylight saving: months begin at 00:00 UTC+8. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The month (YYYY-MM, China time) an instant falls in. */
export function chinaMonth(at: Date | string | number): string {
  const d = new Date(new Date(at).getTime() + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The instant a month begins in China time (monthIndex may run past 0–11; Date.UTC carries it into the year). */
const monthStart = (year: number, monthIndex: number): number => Date.UTC(year, monthIndex, 1) - CST_OFFSET_MS;

export interface TrendPoint {
  /** YYYY-MM, China time. */
  month: string;
  /** The score as of the month's end (for the current month: as of now), unrounded; null if not listed. */
  score: number | null;
  /** Complaints in the window then. */
  complaints: number;
}

/**
 * One company's score at the end of each of the last `months` months, oldest first, the current month last (as of
 * `asOf`). Each point uses the same rolling window, so the line moves as the window moves.
 */
export function creditTrend(
  companyId: string,
  companies: readonly CreditCompany[],
  complaints: readonly CreditComplaint[],
  options: { asOf: Date | string; months: number; windowDays?: number },
): TrendPoint[] {
  const asOfMs = new Date(options.asOf).getTime();
  const local = new Date(asOfMs + CST_OFFSET_MS);
  const points: TrendPoint[] = [];
  for (let back = options.months - 1; back >= 0; back -= 1) {
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth() - back;
    const end = Math.min(monthStart(year, month + 1) - 1, asOfMs);
    const city = creditScores(companies, complaints, { asOf: new Date(end), windowDays: options.windowDays });
    const mine = city.ranking.find((c) => c.companyId === companyId);
    points.push({
      month: chinaMonth(monthStart(year, month)),
      score: mine?.score ?? null,
      complaints: mine?.complaints ?? 0,
    });
  }
  return points;
}
