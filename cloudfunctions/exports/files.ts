/**
 * The export file, and cloud storage. CSV: see shared/exports/csv.ts. Excel: write-excel-file (MIT, kept up,
 * its one dependency fflate): a real .xlsx with a bold, frozen header row and column widths, about 40 KB in the
 * bundle where exceljs would be ~1 MB and SheetJS's npm release is years old. Text cells are stored as strings,
 * so a description beginning with = is shown, never calculated.
 *
 * Storage through node-sdk, as in CloudBase: `uploadFile` (upload metadata, then a PUT to the signed URL) and
 * `getTempFileURL` with a short maxAge; the local backend emulates both behind the sdk's request layer.
 */
import tcb from '@cloudbase/node-sdk';
import writeXlsxFile from 'write-excel-file/node';
import { AppError } from '../../miniprogram/shared/errors';
import { toCsv } from '../../miniprogram/shared/exports/csv';
import { EXPORT_LINK_SECONDS, type ExportFormat } from '../../miniprogram/shared/exports/kinds';
import type { Cell } from './kinds';

export interface Table {
  sheet: string;
  columns: Array<{ header: string; width: number }>;
  rows: Cell[][];
}

export async function encode(table: Table, format: ExportFormat): Promise<Buffer> {
  const header = table.columns.map((c) => c.header);
  if (format === 'csv') return Buffer.from(toCsv(header, table.rows), 'utf8');
  const data = [
    header.map((value) => ({ value, fontWeight: 'bold' as const })),
    ...table.rows.map((row) => row.map((value) => ({ value: value ?? undefined }))),
  ];
  return writeXlsxFile(data, {
    sheet: table.sheet,
    stickyRowsCount: 1,
    columns: table.columns.map((c) => ({ width: c.width })),
  }).toBuffer();
}

let app: ReturnType<typeof tcb.init> | undefined;

/** Stores the file and answers its id and a link that works for EXPORT_LINK_SECONDS from `now`. */
export async function store(
  cloudPath: string,
  content: Buffer,
  now: Date,
): Promise<{ fileID: string; url: string; expiresAt: string }> {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  try {
    const { fileID } = await app.uploadFile({ cloudPath, fileContent: content });
    const res = (await app.getTempFileURL({ fileList: [{ fileID, maxAge: EXPORT_LINK_SECONDS }] })) as {
      fileList?: Array<{ code: string; tempFileURL: string }>;
    };
    const link = res.fileList?.[0];
    if (!fileID || link?.code !== 'SUCCESS') throw new Error(`no link for ${fileID}: ${link?.code}`);
    return {
      fileID,
      url: link.tempFileURL,
      expiresAt: new Date(now.getTime() + EXPORT_LINK_SECONDS * 1000).toISOString(),
    };
  } catch (error) {
    console.error('[exports] storing the file failed', error);
    throw new AppError('INTERNAL', '导出文件保存失败，请稍后再试');
  }
}
