/**
 * 工作台指标 (measures and rankings): 三率 with 按时办结率 and 发回重办率, per city, street, community, grid and
 * unit. The rules are shared/kpis (docs/kpis.md); this function keeps their read model and serves it.
 *
 * - model.ts — the read model: a document of cells per China day, and `now` (overdue, names, parents);
 * - tally.ts, timers.ts — the every-minute maintenance: the days of what changed are recomputed whole;
 * - access.ts — whose figures a caller may read (his community, street or the city, from his roles);
 * - actions/ — the dashboard (one round trip) and the drill-down to the documents behind a figure.
 */
import { kpisActions } from '../../miniprogram/shared/api/kpis';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { dashboard } from './actions/dashboard';
import { figureItems } from './actions/items';
import { tallyTimer } from './timers';

export const kpis = defineFunction('kpis', kpisActions, { dashboard, figureItems }, { tally: tallyTimer });

export const main = cloudMain(kpis);
