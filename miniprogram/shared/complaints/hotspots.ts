/**
 * 未诉先办: where complaints cluster. Staff pick a window (days) and a threshold; a hotspot is a category in one
 * compound, or in one grid, where at least `threshold` households complained within the window — the filers and
 * the neighbours who joined with 附议 (a surge that residents folded into one complaint with "me too" is still a
 * surge). Staff then open one proactive order and tell the affected households.
 *
 * A grid hotspot whose complaints all come from one compound says nothing the compound's hotspot does not, and is
 * left out. The order is deterministic: most households first, then most complaints, the compound before the
 * grid, then the category's catalogue order, then the place's id.
 */
import { COMPLAINT_CATEGORY_NAMES, inWindow, windowEndingAt, type ComplaintCategory } from './machine';

export const HOTSPOT_DEFAULTS = { windowDays: 7, threshold: 5 } as const;
export const HOTSPOT_LIMITS = { minWindowDays: 1, maxWindowDays: 90, minThreshold: 2, maxThreshold: 500 } as const;

export type HotspotScope = 'compound' | 'grid';

/** A complaint as hotspot detection reads it. */
export interface HotspotComplaint {
  id: string;
  category: ComplaintCategory;
  compoundId: string;
  /** The grid of the filer's building. */
  gridId: string;
  filedAt: string;
  /** Households behind it: the filer and everyone who joined with 附议. */
  households: number;
  open: boolean;
}

export interface Hotspot {
  /** category:scope:placeId — stable, so a page and openProactiveOrder can name the same hotspot. */
  key: string;
  category: ComplaintCategory;
  scope: HotspotScope;
  /** The compound's or the grid's id. */
  placeId: string;
  households: number;
  complaints: number;
  openComplaints: number;
  /** Sorted ids. */
  compoundIds: string[];
  complaintIds: string[];
  firstAt: string;
  lastAt: string;
}

export const hotspotKey = (category: ComplaintCategory, scope: HotspotScope, placeId: string): string =>
  `${category}:${scope}:${placeId}`;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function summarise(category: ComplaintCategory, scope: HotspotScope, placeId: string, group: HotspotComplaint[]) {
  const times = group.map((c) => new Date(c.filedAt).toISOString()).sort(byString);
  return {
    key: hotspotKey(category, scope, placeId),
    category,
    scope,
    placeId,
    households: group.reduce((sum, c) => sum + Math.max(1, c.households), 0),
    complaints: group.length,
    openComplaints: group.filter((c) => c.open).length,
    compoundIds: [...new Set(group.map((c) => c.compoundId))].sort(byString),
    complaintIds: group.map((c) => c.id).sort(byString),
    firstAt: times[0],
    lastAt: times[times.length - 1],
  };
}

export const compareHotspots = (a: Hotspot, b: Hotspot): number =>
  b.households - a.households ||
  b.complaints - a.complaints ||
  (a.scope === b.scope ? 0 : a.scope === 'compound' ? -1 : 1) ||
  COMPLAINT_CATEGORY_NAMES.indexOf(a.category) - COMPLAINT_CATEGORY_NAMES.indexOf(b.category) ||
  byString(a.placeId, b.placeId);

/** The hotspots among `complaints` in the `windowDays` before `now`, at or above `threshold` households. */
export function detectHotspots(
  complaints: readonly HotspotComplaint[],
  options: { now: Date | string; windowDays?: number; threshold?: number },
): Hotspot[] {
  const window = windowEndingAt(options.now, options.windowDays ?? HOTSPOT_DEFAULTS.windowDays);
  const threshold = options.threshold ?? HOTSPOT_DEFAULTS.threshold;
  const groups = new Map<
    string,
    { category: ComplaintCategory; scope: HotspotScope; placeId: string; items: HotspotComplaint[] }
  >();
  const add = (c: HotspotComplaint, scope: HotspotScope, placeId: string) => {
    const key = hotspotKey(c.category, scope, placeId);
    const group = groups.get(key) ?? { category: c.category, scope, placeId, items: [] };
    group.items.push(c);
    groups.set(key, group);
  };
  for (const c of complaints) {
    if (!inWindow(c.filedAt, window)) continue;
    add(c, 'compound', c.compoundId);
    add(c, 'grid', c.gridId);
  }
  const hotspots: Hotspot[] = [];
  for (const { category, scope, placeId, items } of groups.values()) {
    const hotspot = summarise(category, scope, placeId, items);
    if (hotspot.households < threshold) continue;
    if (scope === 'grid' && hotspot.compoundIds.length < 2) continue;
    hotspots.push(hotspot);
  }
  return hotspots.sort(compareHotspots);
}
