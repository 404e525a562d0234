/**
 * Whose figures a caller may read: his own scopes from his roles — the city for an admin, his street for street
 * staff, his community for community staff — and everything inside them (grids, units' work there). Decided on
 * the server from the caller's grants and the places' parents the read model keeps, never from the input.
 */
import { AppError } from '../../miniprogram/shared/errors';
import { windowOf, windowProblem, type KpiWindow, type WindowChoice } from '../../miniprogram/shared/kpis/figures';
import { CITY, mayRead, type Parents } from '../../miniprogram/shared/kpis/scopes';
import { roles } from '../lib/access';
import type { Caller } from '../lib/caller';

export const staffOnly = roles(['community_staff', 'street_staff', 'admin']);

const ROOT_OF: Record<string, (scopeId: string) => string> = {
  admin: () => CITY,
  street_staff: (id) => `street:${id}`,
  community_staff: (id) => `community:${id}`,
};
const BREADTH = ['city', 'street', 'community'];

/** The caller's own scopes, broadest first, with the names his grants carry. */
export function rootsOf(caller: Caller): Array<{ key: string; name: string }> {
  const out = new Map<string, string>();
  for (const g of caller.user?.roles ?? []) {
    const root = ROOT_OF[g.role]?.(g.scopeId);
    if (root && !out.has(root)) out.set(root, root === CITY ? '全市' : g.scopeName);
  }
  const breadth = (key: string) => BREADTH.indexOf(key.split(':')[0]);
  return [...out].map(([key, name]) => ({ key, name })).sort((a, b) => breadth(a.key) - breadth(b.key));
}

/** The scope asked for (by default his broadest), if it lies inside his scopes; else FORBIDDEN. */
export function scopeFor(caller: Caller, asked: string | undefined, parents: Parents): string {
  const roots = rootsOf(caller).map((r) => r.key);
  const key = asked ?? roots[0];
  if (!key || !mayRead(key, roots, parents)) throw new AppError('FORBIDDEN', '这不在您负责的范围内');
  return key;
}

/** The window asked for (本月 by default); a custom one that is backwards or too long is refused. */
export function windowFor(choice: WindowChoice | undefined, now: Date): KpiWindow {
  if (choice && 'from' in choice) {
    const problem = windowProblem(choice.from, choice.to);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, { issues: [{ path: 'window', message: problem }] });
  }
  return windowOf(choice ?? { preset: 'month' }, now);
}
