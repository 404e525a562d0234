/** The staff dashboard: the scope's figures over the window, its trend, and its children's rows to rank. */
import type { kpisActions } from '../../../miniprogram/shared/api/kpis';
import { kpiRows, sumCells, trendOf, windowOf, type DayCells } from '../../../miniprogram/shared/kpis/figures';
import { childrenOf, type ScopeKind } from '../../../miniprogram/shared/kpis/scopes';
import type { ActionImpl } from '../../lib/router';
import { rootsOf, scopeFor, staffOnly, windowFor } from '../access';
import { parentsWith, readModelLookups, scopePlaceLookup } from '../model';
import { type KpiDayDoc, type KpiNowDoc } from '../../lib/kpi-cells';

const GROUP_KINDS = ['street', 'community', 'grid', 'unit'] as const satisfies readonly ScopeKind[];

export const dashboard: ActionImpl<(typeof kpisActions)['dashboard']> = {
  access: staffOnly,
  // The window's day cells and what is true now, with the caller: one round trip at any scale.
  reads: (input, { now }) => {
    // A refused window is refused after the caller is known (windowFor in the handler); here it only reads.
    const window = windowOf(input.window ?? { preset: 'month' }, now);
    return { ...readModelLookups(window.from, window.to), ...scopePlaceLookup(input.scope) };
  },
  async handler(input, { caller, now, loaded }) {
    const window = windowFor(input.window, now());
    const current = loaded.now[0] as KpiNowDoc | undefined;
    const parents = parentsWith(current?.parents ?? {}, loaded.place ?? []);
    const roots = rootsOf(caller);
    const names = { ...Object.fromEntries(roots.map((r) => [r.key, r.name])), ...current?.names };
    const scope = scopeFor(caller, input.scope, parents);
    const days = loaded.days as KpiDayDoc[];
    const counts = sumCells(days.map((d) => d.cells));
    const overdue = current?.overdue ?? {};
    const known = [...new Set([...Object.keys(counts), ...Object.keys(overdue), ...Object.keys(parents)])].sort();
    const children = childrenOf(scope, known, parents);
    const cellsByDay: Record<string, DayCells> = Object.fromEntries(days.map((d) => [d.day, d.cells]));
    return {
      asOf: current?.asOf ?? null,
      window,
      summary: kpiRows([scope], counts, names, overdue)[0],
      trend: trendOf(scope, window, cellsByDay),
      groups: GROUP_KINDS.filter((kind) => children[kind]?.length).map((kind) => ({
        kind,
        rows: kpiRows(children[kind]!, counts, names, overdue),
      })),
      roots: roots.map((r) => ({ key: r.key, name: names[r.key] ?? r.name })),
    };
  },
};
