/**
 * The read model of the measures: one document per China day (`d<YYYY-MM-DD>`) with the cells of the orders and
 * complaints created that day — counts per scope key, never rates — and one `now` document with what is true
 * now (overdue counts per scope), the places' names and parents, and the watermark of the maintenance. A
 * dashboard reads a window's days and `now` with the caller in one round trip.
 */
import type { KpiComplaint, KpiOrder } from '../../miniprogram/shared/kpis/facts';
import type { PlacedComplaint } from '../../miniprogram/shared/kpis/cells';
import { parseKey, type Parents, type Placement } from '../../miniprogram/shared/kpis/scopes';
import type { Place } from '../../miniprogram/shared/schemas/places';
import type { Lookups } from '../lib/caller';
import { COLLECTIONS, getDb } from '../lib/db';
import { daysWhere, KPI_PAGE, NOW_ID } from '../lib/kpi-cells';
import type { OrderDoc } from '../lib/orders';

export const dayId = (day: string) => `d${day}`;

/** Up to this many documents in one read (the sdk's maximum). */
export const PAGE = 1000;

/** The fields of an order the measures read (not its task, photos or outbox). */
export const ORDER_FIELDS = [
  '_id',
  'createdAt',
  'tier',
  'status',
  'deadline',
  'timeline',
  'ratings',
  'streetId',
  'communityId',
  'gridId',
  'unitId',
  'categoryId',
  'description',
] as const satisfies readonly (keyof OrderDoc)[];

export type KpiOrderDoc = Pick<OrderDoc, (typeof ORDER_FIELDS)[number]>;

/** The fields of a complaint the measures read. */
export const COMPLAINT_FIELDS = [
  '_id',
  'createdAt',
  'tier',
  'status',
  'level',
  'deadline',
  'timeline',
  'rating',
  'streetId',
  'communityId',
  'gridId',
  'companyId',
  'category',
  'compoundName',
] as const;

export interface KpiComplaintDoc extends KpiComplaint {
  _id: string;
  rating: { stars: number } | null;
  streetId: string;
  communityId: string;
  gridId: string;
  companyId: string | null;
  category: string;
  compoundName: string;
}

export const projection = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, true]));

export const asKpiOrder = (o: KpiOrderDoc): KpiOrder & Placement => ({
  createdAt: o.createdAt,
  tier: o.tier,
  status: o.status,
  deadline: o.deadline,
  timeline: o.timeline,
  residentStars: o.ratings?.resident?.stars ?? null,
  streetId: o.streetId,
  communityId: o.communityId,
  gridId: o.gridId,
  unitId: o.unitId,
});

export const asKpiComplaint = (c: KpiComplaintDoc): PlacedComplaint => ({
  createdAt: c.createdAt,
  tier: c.tier,
  status: c.status,
  level: c.level,
  deadline: c.deadline,
  timeline: c.timeline,
  stars: c.rating?.stars ?? null,
  streetId: c.streetId,
  communityId: c.communityId,
  gridId: c.gridId,
  companyId: c.companyId,
});

/** A window's days and the `now` document, to be read with the caller. */
export const readModelLookups = (from: string, to: string): Lookups => {
  return {
    days: {
      collection: COLLECTIONS.kpiCells,
      where: daysWhere(getDb(), from, to),
      orderBy: ['day', 'asc'],
      limit: KPI_PAGE,
    },
    now: { collection: COLLECTIONS.kpiCells, ids: [NOW_ID] },
  };
};

/** The place a scope key names (its area, for a unit's work there), read with the caller to know its parents. */
export const scopePlaceLookup = (key: string | undefined): Lookups => {
  const parsed = key ? parseKey(key) : null;
  const area = parsed?.within ?? (parsed && parsed.kind !== 'unit' && parsed.kind !== 'city' ? key : null);
  return { place: { collection: COLLECTIONS.places, ids: [area?.split(':')[1]] } };
};

/**
 * The read model's parents, with the scope's own place's (a community's street, a grid's community and street):
 * whose a scope is does not wait for the first tally.
 */
export function parentsWith(parents: Parents, places: unknown[]): Parents {
  const out = { ...parents };
  for (const p of places as Place[]) {
    if (p.kind === 'community') out[`community:${p._id}`] = `street:${p.streetId}`;
    if (p.kind === 'grid') {
      out[`grid:${p._id}`] = `community:${p.communityId}`;
      out[`community:${p.communityId}`] ??= `street:${p.streetId}`;
    }
  }
  return out;
}
