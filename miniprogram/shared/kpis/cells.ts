/** A day's cells from the orders and complaints created that day: what the read model stores per China day. */
import { addCounts, complaintCounts, orderCounts, type Counts, type KpiComplaint, type KpiOrder } from './facts';
import type { DayCells } from './figures';
import { cellKeys, type Placement } from './scopes';

export type PlacedComplaint = KpiComplaint & Omit<Placement, 'unitId'> & { companyId: string | null };

function add(cells: DayCells, keys: readonly string[], counts: Counts) {
  for (const key of keys) addCounts((cells[key] ??= {}), counts);
}

/**
 * The cells of one day's documents: each order adds to its city, street, community and grid (every reception) and
 * to its unit's cells (the unit's 接单 only); each complaint likewise, its property company answering for the
 * company level's 受理.
 */
export function dayCells(
  orders: ReadonlyArray<KpiOrder & Placement>,
  complaints: readonly PlacedComplaint[],
  asOf: Date | string,
): DayCells {
  const cells: DayCells = {};
  for (const o of orders) {
    const keys = cellKeys(o);
    add(cells, keys.area, orderCounts(o, asOf));
    add(cells, keys.unit, orderCounts(o, asOf, 'unit'));
  }
  for (const c of complaints) {
    const keys = cellKeys({ ...c, unitId: c.companyId });
    add(cells, keys.area, complaintCounts(c, asOf));
    add(cells, keys.unit, complaintCounts(c, asOf, 'company'));
  }
  return cells;
}
