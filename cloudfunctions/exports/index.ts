/**
 * 导出: staff export the orders or complaints of their scope for a window as CSV or Excel, into cloud storage,
 * opened through a temporary link. Where things are:
 *
 * - access.ts — who may export which scope (from the caller's grants), how he sees the people in the rows;
 * - kinds.ts — the kinds, one entry each: sheet, columns, row source (a KPI export is one more entry);
 * - source.ts — the paged read of a window (counted first; refused over EXPORT_ROW_CAP);
 * - files.ts — CSV / xlsx encoding and storage (node-sdk uploadFile + getTempFileURL).
 *
 * Round trips: the caller with the scope's place (1), the count (1), then one read per 1000 rows — up to 7 for
 * EXPORT_ROW_CAP (the budget's named exception). Nothing is written to the database; the file is written last,
 * only for valid input within the cap.
 */
import { exportsActions } from '../../miniprogram/shared/api/exports';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { create } from './actions/create';

export const exporter = defineFunction('exports', exportsActions, { create });

export const main = cloudMain(exporter);
