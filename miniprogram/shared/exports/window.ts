/**
 * 导出: which days an export covers. Staff pick 本月, 近30天 or a custom 起止日期; days are China days (UTC+8)
 * whatever the phone's or the function's zone, and a window is [from 00:00, the day after `to` 00:00).
 */
import { chinaParts } from '../time';

const DAY_MS = 24 * 3600_000;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** A custom window may span at most this many days (one year and a day: a whole year from any date). */
export const MAX_WINDOW_DAYS = 366;

export type ExportWindow =
  { kind: 'thisMonth' } | { kind: 'last30Days' } | { kind: 'custom'; from: string; to: string };

export const WINDOW_LABELS: Record<ExportWindow['kind'], string> = {
  thisMonth: '本月',
  last30Days: '近30天',
  custom: '自定义',
};

/** The instants a window covers, and its days as a person reads them (file names, the sheet). */
export interface ResolvedWindow {
  start: Date;
  end: Date;
  from: string;
  to: string;
}

/** 00:00 China time of a `YYYY-MM-DD` day, as an instant; NaN when it is not a real day. */
function chinaMidnight(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // 2026-02-30 rolls over to March: not a day anyone picked.
  return chinaParts(ms - CHINA_OFFSET_MS).date === day ? ms - CHINA_OFFSET_MS : Number.NaN;
}

/** Why a window cannot be exported, in words staff understand; null when it can. */
export function windowProblem(window: ExportWindow, now: Date): string | null {
  if (window.kind !== 'custom') return null;
  const from = chinaMidnight(window.from);
  const to = chinaMidnight(window.to);
  if (Number.isNaN(from) || Number.isNaN(to)) return '请选择有效的日期';
  if (from > to) return '开始日期不能晚于结束日期';
  if ((to - from) / DAY_MS + 1 > MAX_WINDOW_DAYS) return `一次最多导出 ${MAX_WINDOW_DAYS} 天`;
  if (from > now.getTime()) return '开始日期不能晚于今天';
  return null;
}

/** The window's instants; call only once `windowProblem` found none. */
export function resolveWindow(window: ExportWindow, now: Date): ResolvedWindow {
  const today = chinaParts(now.getTime()).date;
  const day = (ms: number) => chinaParts(ms).date;
  const [from, to] =
    window.kind === 'custom'
      ? [window.from, window.to]
      : window.kind === 'thisMonth'
        ? [`${today.slice(0, 8)}01`, today]
        : [day(chinaMidnight(today) - 29 * DAY_MS), today];
  return { start: new Date(chinaMidnight(from)), end: new Date(chinaMidnight(to) + DAY_MS), from, to };
}
