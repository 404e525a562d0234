/**
 * 物业服务企业信用评价: each company's score, rank and monthly trend, computed from the complaints filed at it
 * (shared/complaints/credit decides the measures) by the hourly timer and stored in one document that residents
 * and staff read. A read never writes: before the timer has ever run, a read computes the scores for its answer.
 */
import type { CompanyScore } from '../../miniprogram/shared/api/complaints';
import {
  CREDIT_WINDOW_DAYS,
  creditScores,
  creditTrend,
  displayScore,
  type CompanyCredit,
  type CreditComplaint,
} from '../../miniprogram/shared/complaints/credit';
import type { Compound, Unit } from '../../miniprogram/shared/schemas/places';
import { loadCaller, type Caller, type Lookups } from '../lib/caller';
import { COLLECTIONS, getDb, type Database } from '../lib/db';
import { PAGE, type ComplaintDoc } from './model';

/** Months of score history a resident sees. */
export const TREND_MONTHS = 6;

export interface ScoreDoc {
  _id: string;
  asOf: string;
  windowDays: number;
  ranking: CompanyScore[];
  trends: Record<string, Array<{ month: string; score: number | null; complaints: number }>>;
}

export const SCORE_DOC_ID = 'city';

/** How far back the score (its window and the trend's months) reads complaints. */
const creditSince = (now: Date) =>
  new Date(now.getTime() - (CREDIT_WINDOW_DAYS + 31 * TREND_MONTHS) * 86_400_000).toISOString();

/** What a score is computed from: the companies, the compounds they serve, and the complaints since `since`. */
const scoreInputsLookups = (now: Date): Lookups => ({
  companies: { collection: COLLECTIONS.units, where: { kind: 'property' }, limit: PAGE },
  compounds: { collection: COLLECTIONS.places, where: { kind: 'compound' }, limit: PAGE },
  complaints: {
    collection: COLLECTIONS.complaints,
    where: { createdAt: getDb().command.gte(creditSince(now)) },
    orderBy: ['createdAt', 'asc'],
    limit: PAGE,
  },
});

interface ScoreInputs {
  companies: Unit[];
  compounds: Compound[];
  /** The first page of complaints since the window's start, oldest first; the rest is read on if it is full. */
  complaints: ComplaintDoc[];
}

/** The score's inputs: with the caller in one round trip when there is one (a request), else one query each. */
async function readScoreInputs(db: Database, now: Date, openid?: string): Promise<ScoreInputs> {
  const lookups = scoreInputsLookups(now);
  if (openid) return (await loadCaller(db, openid, lookups)).loaded as unknown as ScoreInputs;
  const read = async (name: string) => {
    const lookup = lookups[name] as { collection: string; where: object; orderBy?: [string, 'asc' | 'desc'] };
    let query = db.collection(lookup.collection).where(lookup.where);
    if (lookup.orderBy) query = query.orderBy(...lookup.orderBy);
    return (await query.limit(PAGE).get()).data;
  };
  return {
    companies: (await read('companies')) as Unit[],
    compounds: (await read('compounds')) as Compound[],
    complaints: (await read('complaints')) as ComplaintDoc[],
  };
}

/** Every complaint filed at a company since `since`, as the score reads it: the first page, then on (≤ 1000 each). */
async function creditComplaints(db: Database, since: string, first: ComplaintDoc[]): Promise<CreditComplaint[]> {
  const _ = db.command;
  const all = [...first];
  for (let page = first; page.length === PAGE; all.push(...page)) {
    const res = await db
      .collection(COLLECTIONS.complaints)
      .where({ createdAt: _.gte(since) })
      .orderBy('createdAt', 'asc')
      .skip(all.length)
      .limit(PAGE)
      .get();
    page = res.data as ComplaintDoc[];
  }
  return all
    .filter((c) => c.companyId)
    .map((c) => ({
      companyId: c.companyId!,
      tier: c.tier,
      filedAt: c.createdAt,
      steps: c.timeline.filter((e) => e.action !== 'create' && e.action !== 'me_too') as CreditComplaint['steps'],
      stars: c.rating?.stars ?? null,
    }));
}

async function computeScores(db: Database, now: Date, inputs: ScoreInputs): Promise<ScoreDoc> {
  const companies = inputs.companies;
  const households = new Map<string, number>();
  for (const c of inputs.compounds) {
    if (c.propertyCompanyId)
      households.set(c.propertyCompanyId, (households.get(c.propertyCompanyId) ?? 0) + c.households);
  }
  const credits = companies.map((u) => ({ id: u._id, households: households.get(u._id) ?? 0 }));
  const complaints = await creditComplaints(db, creditSince(now), inputs.complaints);
  const city = creditScores(credits, complaints, { asOf: now });
  const names = new Map(companies.map((u) => [u._id, u.name]));
  const ranking = city.ranking.map((c, i) => toScore(c, names.get(c.companyId) ?? '', i + 1, city.ranking.length));
  const trends = Object.fromEntries(
    companies.map((u) => [u._id, creditTrend(u._id, credits, complaints, { asOf: now, months: TREND_MONTHS })]),
  );
  return { _id: SCORE_DOC_ID, asOf: now.toISOString(), windowDays: city.windowDays, ranking, trends };
}

function toScore(c: CompanyCredit, name: string, rank: number, of: number): CompanyScore {
  return {
    company: { id: c.companyId, name },
    score: displayScore(c.score),
    rank,
    of,
    complaints: c.complaints,
    households: c.households,
    measures: c.measures,
  };
}

/** The stored scores, read with the caller. */
export const scoresLookup = (): Lookups => ({ scores: { collection: COLLECTIONS.creditScores, ids: [SCORE_DOC_ID] } });

/**
 * The scores the hourly timer stored; before it has ever run (a new environment) they are computed for this answer —
 * with the caller in one more read — so the page never waits an hour. A read never writes: storing is the timer's.
 */
export async function storedScores(db: Database, caller: Caller, now: Date, stored: unknown[]): Promise<ScoreDoc> {
  const cached = stored[0] as ScoreDoc | undefined;
  if (cached) return cached;
  return computeScores(db, now, await readScoreInputs(db, now, caller.openid));
}

const withoutId = <T extends { _id: string }>(doc: T): Omit<T, '_id'> => {
  const { _id, ...rest } = doc;
  return rest;
};

/** The timer's work: computes the scores now and stores them; how many companies it scored. */
export async function storeScores(db: Database, now: Date): Promise<number> {
  const scores = await computeScores(db, now, await readScoreInputs(db, now));
  await db.collection(COLLECTIONS.creditScores).doc(SCORE_DOC_ID).set(withoutId(scores));
  return scores.ranking.length;
}
