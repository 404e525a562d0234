/**
 * Keeping the read model: each run reads which documents changed since the last one (and whose clock ran out
 * since, which changes their figures without a write), recomputes the cells of the days those documents were
 * created on, and rewrites `now` (overdue counts, names). Recomputing a whole day is idempotent, so the runs may
 * overlap in what they read (by OVERLAP_MS, against writes whose `updatedAt` is a little older than their commit).
 */
import { dayCells } from '../../miniprogram/shared/kpis/cells';
import { chinaDay, dayStart, type Overdue } from '../../miniprogram/shared/kpis/figures';
import { CITY, cellKeys, type Parents, type Placement } from '../../miniprogram/shared/kpis/scopes';
import type { Place, Unit } from '../../miniprogram/shared/schemas/places';
import { COLLECTIONS, type CollectionName, type Database } from '../lib/db';
import {
  asKpiComplaint,
  asKpiOrder,
  COMPLAINT_FIELDS,
  dayId,
  ORDER_FIELDS,
  PAGE,
  projection,
  type KpiComplaintDoc,
  type KpiOrderDoc,
} from './model';
import { NOW_ID, type KpiDayDoc, type KpiNowDoc } from '../lib/kpi-cells';

const OVERLAP_MS = 2 * 60_000;
/** At most this many changed documents of a collection per run; the next run goes on from there. */
export const MAX_CHANGED = 20_000;

/** The states whose clock runs on whoever holds the document (受理/接单, 办结/答复). */
const ORDER_WORKING = ['submitted', 'dispatched', 'accepted', 'published'];
const COMPLAINT_WORKING = ['filed', 'acknowledged'];

/** Every document of a query, page by page (sorted by `order`), with only `fields`. */
async function readAll<T>(
  db: Database,
  collection: CollectionName,
  where: Record<string, unknown>,
  order: string,
  fields: readonly string[],
  max = Infinity,
): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const res = await db
      .collection(collection)
      .where(where)
      .orderBy(order, 'asc')
      .field(projection(fields))
      .skip(all.length)
      .limit(PAGE)
      .get();
    all.push(...(res.data as T[]));
    if (res.data.length < PAGE || all.length >= max) return all;
  }
}

interface Stamped {
  createdAt: string;
  updatedAt: string;
}

/** The days to recompute and the watermark to keep: where this run's reading of changes stopped. */
async function changedDays(db: Database, since: string | null, now: Date) {
  const _ = db.command;
  const days = new Set<string>();
  let watermark = now.toISOString();
  for (const collection of [COLLECTIONS.orders, COLLECTIONS.complaints] as const) {
    const where = since ? { updatedAt: _.gte(since) } : {};
    const changed = await readAll<Stamped>(db, collection, where, 'updatedAt', ['createdAt', 'updatedAt'], MAX_CHANGED);
    for (const doc of changed) days.add(chinaDay(doc.createdAt));
    if (changed.length >= MAX_CHANGED) {
      const last = changed[changed.length - 1].updatedAt;
      if (last < watermark) watermark = last;
    }
    if (!since) continue;
    // A clock that ran out since the last run changes the figures (late now) without any write to the document.
    const working = collection === COLLECTIONS.orders ? ORDER_WORKING : COMPLAINT_WORKING;
    const expired = await readAll<Stamped>(
      db,
      collection,
      { status: _.in(working), deadline: _.gte(since).and(_.lt(now.toISOString())) },
      'deadline',
      ['createdAt', 'deadline'],
    );
    for (const doc of expired) days.add(chinaDay(doc.createdAt));
  }
  return { days: [...days].sort(), watermark };
}

/** The cells of one China day, from every order and complaint created that day. */
async function recomputeDay(db: Database, day: string, now: Date): Promise<KpiDayDoc> {
  const _ = db.command;
  const start = dayStart(day);
  const range = {
    createdAt: _.gte(start.toISOString()).and(_.lt(new Date(start.getTime() + 86_400_000).toISOString())),
  };
  const orders = await readAll<KpiOrderDoc>(db, COLLECTIONS.orders, range, 'createdAt', ORDER_FIELDS);
  const complaints = await readAll<KpiComplaintDoc>(db, COLLECTIONS.complaints, range, 'createdAt', COMPLAINT_FIELDS);
  const cells = dayCells(orders.map(asKpiOrder), complaints.map(asKpiComplaint), now);
  return { _id: dayId(day), kind: 'day', day, cells, asOf: now.toISOString() };
}

/** What is overdue now, per scope: orders and complaints whose holder's clock has run out, counted by the database. */
async function overdueNow(db: Database, now: Date): Promise<Overdue> {
  const _ = db.command;
  const $ = db.command.aggregate;
  const iso = now.toISOString();
  const overdue: Overdue = {};
  const count = (keys: string[], what: 'orders' | 'complaints', n: number) => {
    for (const key of keys) {
      const cell = (overdue[key] ??= {});
      cell[what] = (cell[what] ?? 0) + n;
    }
  };
  // One group per place and unit (at most grids × units of them), not one document per overdue order.
  const grouped = async (collection: CollectionName, working: string[], unit: string) => {
    const res = (await db
      .collection(collection)
      .aggregate()
      .match({ status: _.in(working), deadline: _.lt(iso) })
      .group({
        _id: {
          streetId: '$streetId',
          communityId: '$communityId',
          gridId: '$gridId',
          unitId: `$${unit}`,
          level: '$level',
        },
        n: $.sum(1),
      })
      .limit(PAGE * 10)
      .end()) as { data: Array<{ _id: Placement & { level?: string }; n: number }> };
    return res.data;
  };
  for (const g of await grouped(COLLECTIONS.orders, ORDER_WORKING, 'unitId')) {
    const keys = cellKeys({ ...g._id, unitId: g._id.unitId ?? null });
    count([...keys.area, ...keys.unit], 'orders', g.n);
  }
  // A complaint's company answers for it while it is at the company level.
  for (const g of await grouped(COLLECTIONS.complaints, COMPLAINT_WORKING, 'companyId')) {
    const keys = cellKeys({ ...g._id, unitId: g._id.level === 'company' ? (g._id.unitId ?? null) : null });
    count([...keys.area, ...keys.unit], 'complaints', g.n);
  }
  return overdue;
}

/** The names of every scope and each area's parent (a street's is the city). */
async function placesIndex(db: Database): Promise<{ names: Record<string, string>; parents: Parents }> {
  const _ = db.command;
  const places = await readAll<Place>(db, COLLECTIONS.places, { kind: _.in(['street', 'community', 'grid']) }, 'name', [
    '_id',
    'kind',
    'name',
    'streetId',
    'communityId',
  ]);
  const units = await readAll<Unit>(
    db,
    COLLECTIONS.units,
    { kind: _.in(['partner', 'department', 'property']) },
    'kind',
    ['_id', 'name'],
  );
  const names: Record<string, string> = { [CITY]: '全市' };
  const parents: Parents = {};
  for (const p of places) {
    const key = `${p.kind}:${p._id}`;
    names[key] = p.name;
    if (p.kind === 'street') parents[key] = CITY;
    if (p.kind === 'community') parents[key] = `street:${p.streetId}`;
    if (p.kind === 'grid') parents[key] = `community:${p.communityId}`;
  }
  for (const u of units) names[`unit:${u._id}`] = u.name;
  return { names, parents };
}

const withoutId = <T extends { _id: string }>(doc: T): Omit<T, '_id'> => {
  const { _id, ...rest } = doc;
  return rest;
};

/** One run of the maintenance: the days recomputed and the documents read for them. */
export async function tally(db: Database, now: Date): Promise<{ days: number }> {
  const found = await db.collection(COLLECTIONS.kpiCells).where({ _id: NOW_ID }).limit(1).get();
  const previous = found.data[0] as KpiNowDoc | undefined;
  const since = previous ? new Date(new Date(previous.watermark).getTime() - OVERLAP_MS).toISOString() : null;
  const { days, watermark } = await changedDays(db, since, now);
  for (const day of days) {
    const doc = await recomputeDay(db, day, now);
    await db.collection(COLLECTIONS.kpiCells).doc(doc._id).set(withoutId(doc));
  }
  const { names, parents } = await placesIndex(db);
  const current: KpiNowDoc = {
    _id: NOW_ID,
    kind: 'now',
    asOf: now.toISOString(),
    watermark,
    overdue: await overdueNow(db, now),
    names,
    parents,
  };
  await db.collection(COLLECTIONS.kpiCells).doc(NOW_ID).set(withoutId(current));
  return { days: days.length };
}
