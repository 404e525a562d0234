/**
 * 数据导出 (`?scope=community|street|city&id=&name=&kind=`): staff choose what (工单/投诉), which days (本月, 近30天,
 * 自定义) and the format; the page shows what it made. Everything here is pure: the page only sends and opens.
 */
import type { ActionInput, ActionOutput } from '../../../shared/api/index';
import {
  EXPORT_FORMAT_NAMES,
  EXPORT_FORMATS,
  EXPORT_KIND_NAMES,
  EXPORT_KINDS,
  type ExportFormat,
  type ExportKind,
  type ExportScope,
} from '../../../shared/exports/kinds';
import { WINDOW_LABELS, windowProblem, type ExportWindow } from '../../../shared/exports/window';
import { chinaParts, formatTime } from '../../../shared/time';

export interface ExportForm {
  kind: ExportKind;
  window: ExportWindow['kind'];
  from: string;
  to: string;
  format: ExportFormat;
}

export interface Choice {
  value: string;
  label: string;
}

export const KIND_CHOICES: Choice[] = EXPORT_KIND_NAMES.map((value) => ({ value, label: EXPORT_KINDS[value].label }));
export const WINDOW_CHOICES: Choice[] = (Object.keys(WINDOW_LABELS) as ExportWindow['kind'][]).map((value) => ({
  value,
  label: WINDOW_LABELS[value],
}));
export const FORMAT_CHOICES: Choice[] = EXPORT_FORMAT_NAMES.map((value) => ({
  value,
  label: EXPORT_FORMATS[value].label,
}));

const SCOPE_WORD = { community: '社区', street: '街道', city: '全市' } as const;

/** The scope the page was opened for, or null when the link names none. */
export function scopeOf(query: Record<string, string | undefined>): ExportScope | null {
  if (query.scope === 'city') return { kind: 'city' };
  if ((query.scope === 'community' || query.scope === 'street') && query.id) return { kind: query.scope, id: query.id };
  return null;
}

/** The line under the title: whose records. */
export const scopeText = (scope: ExportScope, name: string | undefined): string =>
  scope.kind === 'city' ? '全市' : `${name || SCOPE_WORD[scope.kind]}`;

/** A fresh form: this month's records of the kind asked, as Excel; custom days default to this month so far. */
export function initialForm(query: Record<string, string | undefined>, now: Date): ExportForm {
  const today = chinaParts(now.getTime()).date;
  const kind = (EXPORT_KIND_NAMES as string[]).includes(query.kind ?? '') ? (query.kind as ExportKind) : 'orders';
  return { kind, window: 'thisMonth', from: `${today.slice(0, 8)}01`, to: today, format: 'xlsx' };
}

export const windowOf = (form: ExportForm): ExportWindow =>
  form.window === 'custom' ? { kind: 'custom', from: form.from, to: form.to } : { kind: form.window };

export const exportInput = (scope: ExportScope, form: ExportForm): ActionInput<'exports', 'create'> => ({
  kind: form.kind,
  scope,
  window: windowOf(form),
  format: form.format,
});

/** What is wrong with the form before sending (the server checks the same), or ''. */
export const formProblem = (form: ExportForm, now: Date): string => windowProblem(windowOf(form), now) ?? '';

export type ExportState =
  | { state: 'idle' }
  | { state: 'working' }
  | { state: 'error'; message: string }
  | {
      state: 'done';
      fileName: string;
      rowsText: string;
      url: string;
      isExcel: boolean;
      expiresText: string;
      hint: string;
    };

/** What the page shows once the file is made. */
export function toDone(out: ActionOutput<'exports', 'create'>): ExportState {
  const isExcel = out.format === 'xlsx';
  return {
    state: 'done',
    fileName: out.fileName,
    rowsText: out.rows === 0 ? '这段时间没有记录（文件只有表头）' : `共 ${out.rows} 条`,
    url: out.url,
    isExcel,
    expiresText: `链接 ${formatTime(out.expiresAt)} 前有效`,
    hint: isExcel
      ? '已在微信中打开；可从右上角菜单转发或用其他应用打开'
      : 'CSV 无法在微信中打开：长按复制下面的链接，在电脑浏览器中下载，用 Excel 打开',
  };
}
