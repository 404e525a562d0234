/**
 * The places and units the measures are kept for, as keys of a cell: the city, a street, a community, a grid, and
 * a unit — city-wide (`unit:U`) and within a street or community (`community:C/unit:U`), so community staff see
 * their units' work in their community only. Which cells a document adds to, and who may read a key.
 */

export type ScopeKind = 'city' | 'street' | 'community' | 'grid' | 'unit';

export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  city: '全市',
  street: '街道',
  community: '社区',
  grid: '网格',
  unit: '单位',
};

export const CITY = 'city';

/** Where a document lies: its street, community, grid, and the unit answering for it (if any). */
export interface Placement {
  streetId: string;
  communityId: string;
  gridId: string;
  unitId: string | null;
}

/** The keys of the area cells (city, street, community, grid) and of the unit cells of a document. */
export function cellKeys(p: Placement): { area: string[]; unit: string[] } {
  const area = [CITY, `street:${p.streetId}`, `community:${p.communityId}`];
  if (p.gridId) area.push(`grid:${p.gridId}`);
  const unit = p.unitId
    ? [`unit:${p.unitId}`, `street:${p.streetId}/unit:${p.unitId}`, `community:${p.communityId}/unit:${p.unitId}`]
    : [];
  return { area, unit };
}

export interface ParsedKey {
  kind: ScopeKind;
  /** The place or unit id (the city: 'city'). */
  id: string;
  /** For a unit within an area: that area's key; city-wide units and areas: none. */
  within: string | null;
}

const KEY = /^(?:(street|community):([\w-]+)\/)?(street|community|grid|unit):([\w-]+)$/;

/** A key's parts, or null when it is not a scope key. */
export function parseKey(key: string): ParsedKey | null {
  if (key === CITY) return { kind: 'city', id: CITY, within: null };
  const m = KEY.exec(key);
  if (!m) return null;
  const [, withinKind, withinId, kind, id] = m;
  if (withinKind && kind !== 'unit') return null;
  return { kind: kind as ScopeKind, id, within: withinKind ? `${withinKind}:${withinId}` : null };
}

/** Each area's parent area (a community's street, a grid's community; a street's is the city). */
export type Parents = Record<string, string>;

/** May a reader whose own scopes are `roots` (city, a street, a community) read `key`? Only inside his roots. */
export function mayRead(key: string, roots: readonly string[], parents: Parents): boolean {
  const parsed = parseKey(key);
  if (!parsed) return false;
  if (roots.includes(CITY)) return true;
  // Walk up through the recorded parents only: an area the read model does not know is nobody's but the city's.
  const chain = [key];
  let up: string | undefined =
    parsed.within ?? (parsed.kind === 'unit' || parsed.kind === 'street' ? CITY : parents[key]);
  for (let i = 0; up && i < 5; i++, up = up === CITY ? undefined : parents[up]) chain.push(up);
  return chain.some((k) => roots.includes(k));
}

/** The child scopes shown under a scope, by kind: the city's streets, communities and units; a street's
 * communities and its units; a community's grids and its units. */
export function childrenOf(
  key: string,
  known: readonly string[],
  parents: Parents,
): Partial<Record<ScopeKind, string[]>> {
  const parsed = parseKey(key);
  if (!parsed || parsed.kind === 'grid' || parsed.kind === 'unit') return {};
  const out: Partial<Record<ScopeKind, string[]>> = {};
  const push = (kind: ScopeKind, k: string) => (out[kind] ??= []).push(k);
  for (const k of known) {
    const p = parseKey(k);
    if (!p || k === key) continue;
    if (p.kind === 'unit') {
      if ((parsed.kind === 'city' && p.within === null) || p.within === key) push('unit', k);
    } else if (parsed.kind === 'city') {
      if (p.kind === 'street' || p.kind === 'community') push(p.kind, k);
    } else if (parents[k] === key) push(p.kind, k);
  }
  return out;
}
