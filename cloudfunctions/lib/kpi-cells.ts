/**
 * The KPI read model (kpiCells): a document of counts per China day, and one `now` document (what is overdue now,
 * names and parents of places). The kpis function writes and reads it; the exports function reads it for a KPI
 * export, so its shape lives here.
 */
import type { DayCells, Overdue } from '../../miniprogram/shared/kpis/figures';
import type { Parents } from '../../miniprogram/shared/kpis/scopes';
import { COLLECTIONS, type Database } from './db';

export interface KpiDayDoc {
  _id: string;
  kind: 'day';
  day: string;
  cells: DayCells;
  asOf: string;
}

export const NOW_ID = 'now';

export interface KpiNowDoc {
  _id: typeof NOW_ID;
  kind: 'now';
  asOf: string;
  /** Documents changed at or after this (less an overlap) are read again by the next run. */
  watermark: string;
  overdue: Overdue;
  names: Record<string, string>;
  parents: Parents;
}

/** Up to this many documents in one read (the sdk's maximum): a window is at most 366 days. */
export const KPI_PAGE = 1000;

/** The `where` of a window's day documents, `from` to `to` (China days, both included). */
export const daysWhere = (db: Database, from: string, to: string) => ({
  kind: 'day',
  day: db.command.gte(from).and(db.command.lte(to)),
});

/** A window's day documents and the `now` document, in one round trip. */
export async function readKpiCells(
  db: Database,
  from: string,
  to: string,
): Promise<{ days: KpiDayDoc[]; now: KpiNowDoc | undefined }> {
  const cells = db.collection(COLLECTIONS.kpiCells);
  const res = await cells
    .where(db.command.or([daysWhere(db, from, to), { _id: NOW_ID }]))
    .orderBy('day', 'asc')
    .limit(KPI_PAGE)
    .get();
  const docs = res.data as Array<KpiDayDoc | KpiNowDoc>;
  return {
    days: docs.filter((d): d is KpiDayDoc => d.kind === 'day'),
    now: docs.find((d): d is KpiNowDoc => d.kind === 'now'),
  };
}
