/**
 * Drill-down: the orders and complaints behind one figure of one scope — those the figure counts (its
 * denominator; for volume, all), newest first, each marked whether it counts in the scope's favour.
 */
import type { kpisActions } from '../../../miniprogram/shared/api/kpis';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_STATES,
  type ComplaintCategory,
} from '../../../miniprogram/shared/complaints/machine';
import { complaintCounts, orderCounts, type Counts } from '../../../miniprogram/shared/kpis/facts';
import { MEASURE_SPECS, windowOf, dayStart, type Measure } from '../../../miniprogram/shared/kpis/figures';
import { parseKey, type ParsedKey } from '../../../miniprogram/shared/kpis/scopes';
import { categoryLabel } from '../../../miniprogram/shared/orders/catalogue';
import { ORDER_STATES, type OrderState } from '../../../miniprogram/shared/orders/machine';
import type { Lookups } from '../../lib/caller';
import { COLLECTIONS, getDb } from '../../lib/db';
import { PAGE_SIZE } from '../../lib/paging';
import type { ActionImpl } from '../../lib/router';
import { scopeFor, staffOnly, windowFor } from '../access';
import {
  asKpiComplaint,
  asKpiOrder,
  PAGE,
  parentsWith,
  scopePlaceLookup,
  type KpiComplaintDoc,
  type KpiOrderDoc,
} from '../model';
import { NOW_ID, type KpiNowDoc } from '../../lib/kpi-cells';

type Spec = (typeof kpisActions)['figureItems'];
const FIELD: Record<'street' | 'community' | 'grid', string> = {
  street: 'streetId',
  community: 'communityId',
  grid: 'gridId',
};

/** The one indexed field (and its value) the scope's documents are read by; the rest is checked on them. */
function scopeQuery(parsed: ParsedKey, unitField: string): Record<string, string> {
  if (parsed.kind === 'city') return {};
  if (parsed.kind === 'unit') return { [unitField]: parsed.id };
  return { [FIELD[parsed.kind]]: parsed.id };
}

/** A document lies in the area a unit key is narrowed to (`community:C/unit:U`). */
function withinArea(doc: { streetId: string; communityId: string }, parsed: ParsedKey): boolean {
  if (!parsed.within) return true;
  const [kind, id] = parsed.within.split(':');
  return kind === 'street' ? doc.streetId === id : doc.communityId === id;
}

/** Counted by the figure (n > 0), and in the scope's favour (on time, resolved, not sent back…). */
function verdict(counts: Counts, measure: Measure | 'volume'): { counted: boolean; good: boolean } {
  if (measure === 'volume') return { counted: true, good: true };
  const { x, n, lowerIsBetter } = MEASURE_SPECS[measure];
  if (counts[n] === 0) return { counted: false, good: false };
  return { counted: true, good: lowerIsBetter ? counts[x] === 0 : counts[x] === counts[n] };
}

export const figureItems: ActionImpl<Spec> = {
  access: staffOnly,
  // The scope's orders and complaints of the window and the places' parents, with the caller in one read.
  reads: (input, { now }): Lookups => {
    const _ = getDb().command;
    const window = windowOf(input.window ?? { preset: 'month' }, now);
    const parsed = parseKey(input.scope);
    const current = { now: { collection: COLLECTIONS.kpiCells, ids: [NOW_ID] }, ...scopePlaceLookup(input.scope) };
    if (!parsed) return current;
    const end = new Date(dayStart(window.to).getTime() + 86_400_000).toISOString();
    const createdAt = _.gte(dayStart(window.from).toISOString()).and(_.lt(end));
    const read = (collection: typeof COLLECTIONS.orders | typeof COLLECTIONS.complaints, unitField: string) => ({
      collection,
      where: { ...scopeQuery(parsed, unitField), createdAt },
      orderBy: ['createdAt', 'desc'] as ['createdAt', 'desc'],
      limit: PAGE,
    });
    return {
      ...current,
      orders: read(COLLECTIONS.orders, 'unitId'),
      complaints: read(COLLECTIONS.complaints, 'companyId'),
    };
  },
  async handler(input, { caller, now, loaded }) {
    windowFor(input.window, now());
    const current = loaded.now?.[0] as KpiNowDoc | undefined;
    const key = scopeFor(caller, input.scope, parentsWith(current?.parents ?? {}, loaded.place ?? []));
    const parsed = parseKey(key)!;
    const asOf = now();
    const unit = parsed.kind === 'unit';
    const items = [
      ...((loaded.orders ?? []) as KpiOrderDoc[])
        .filter((o) => withinArea(o, parsed))
        .map((o) => {
          const v = verdict(orderCounts(asKpiOrder(o), asOf, unit ? 'unit' : undefined), input.measure);
          const state = ORDER_STATES[o.status as OrderState];
          const title = `${categoryLabel(o.categoryId)}：${o.description.slice(0, 20)}`;
          return { ...v, kind: 'order' as const, id: o._id, title, createdAt: o.createdAt, statusLabel: state.label };
        }),
      ...((loaded.complaints ?? []) as KpiComplaintDoc[])
        .filter((c) => withinArea(c, parsed))
        .map((c) => {
          const v = verdict(complaintCounts(asKpiComplaint(c), asOf, unit ? 'company' : undefined), input.measure);
          const label = COMPLAINT_CATEGORIES[c.category as ComplaintCategory]?.label ?? '投诉';
          const state = COMPLAINT_STATES[c.status as keyof typeof COMPLAINT_STATES];
          return {
            ...v,
            kind: 'complaint' as const,
            id: c._id,
            title: `${label}投诉：${c.compoundName}`,
            createdAt: c.createdAt,
            statusLabel: state.label,
          };
        }),
    ]
      .filter((item) => item.counted)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const offset = input.cursor ?? 0;
    return {
      items: items.slice(offset, offset + PAGE_SIZE).map(({ counted: _c, ...item }) => ({
        ...item,
        tone: item.good ? ('success' as const) : ('danger' as const),
      })),
      nextCursor: items.length > offset + PAGE_SIZE ? offset + PAGE_SIZE : null,
    };
  },
};
