/**
 * 导出: what staff can export, in which formats, for which scope, and how much at once. The columns of each kind
 * are the function's (cloudfunctions/exports/kinds.ts), from the stored documents; this is what both sides name.
 */

/** The kinds of export: the records themselves, and the measures of a scope and its parts (考核指标, docs/kpis.md). */
export const EXPORT_KINDS = {
  orders: { label: '服务工单' },
  complaints: { label: '物业投诉' },
  kpis: { label: '考核指标' },
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;
export const EXPORT_KIND_NAMES = Object.keys(EXPORT_KINDS) as ExportKind[];

export const EXPORT_FORMATS = {
  xlsx: { label: 'Excel（.xlsx）' },
  csv: { label: 'CSV' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** Whose records: one community (社区), one street (街道), or the whole city (admins). */
export type ExportScope = { kind: 'community'; id: string } | { kind: 'street'; id: string } | { kind: 'city' };

/**
 * At most this many rows in one export. Measured (`npx tsx scripts/bench/exports.ts`, 2026-12): 5000 orders take
 * ~0.7 s as xlsx and ~0.45 s as CSV on the local backend (the rate would fit ~75 000 in 10 s); CloudBase adds a
 * network round trip per page read (7 at the cap), so the cap keeps several seconds of the function's 10 s timeout
 * and its 256 MB in hand. A window holding more is refused with the count, so staff narrow it rather than get a
 * file cut short.
 */
export const EXPORT_ROW_CAP = 5000;

/** The file's name: 服务工单_2026-11-01_2026-11-30.xlsx. */
export const exportFileName = (kind: ExportKind, from: string, to: string, format: ExportFormat): string =>
  `${EXPORT_KINDS[kind].label}_${from}_${to}.${format}`;

/** How long the link to the file works (seconds): long enough to open it, short enough not to be passed around. */
export const EXPORT_LINK_SECONDS = 600;
