import * as z from 'zod/mini';
import { EXPORT_FORMAT_NAMES, EXPORT_KIND_NAMES } from '../exports/kinds';
import { Id } from '../schemas/common';
import { action } from './action';

/**
 * The `exports` cloud function (导出): staff export orders or complaints of their scope for a window as CSV or
 * Excel; the file goes to cloud storage and the answer carries a temporary link (wx.downloadFile, then
 * wx.openDocument). The scope is checked against the caller's grants on the server.
 */

const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '请选择有效的日期'));

export const ExportWindowInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('thisMonth') }),
  z.strictObject({ kind: z.literal('last30Days') }),
  z.strictObject({ kind: z.literal('custom'), from: Day, to: Day }),
]);

export const ExportScopeInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('community'), id: Id }),
  z.strictObject({ kind: z.literal('street'), id: Id }),
  z.strictObject({ kind: z.literal('city') }),
]);

export const exportsActions = {
  create: action({
    summary: '导出：本人负责范围内某段时间的工单或投诉，生成 CSV 或 Excel 文件，返回临时下载链接',
    input: z.strictObject({
      kind: z.enum(EXPORT_KIND_NAMES),
      scope: ExportScopeInput,
      window: ExportWindowInput,
      format: z.enum(EXPORT_FORMAT_NAMES),
    }),
    output: z.object({
      fileID: z.string(),
      url: z.string(),
      expiresAt: z.string(),
      fileName: z.string(),
      format: z.enum(EXPORT_FORMAT_NAMES),
      rows: z.number(),
    }),
  }),
};
