/**
 * Times as the pages show them. The residents live in China: times are shown in UTC+8 whatever the phone's
 * zone (and cloud functions run in UTC).
 */

const CHINA_OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The China-time parts of an instant: `YYYY-MM-DD` and `HH:mm`. */
export function chinaParts(ms: number): { date: string; time: string } {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** `2026-11-03 14:05` in China time; '' when it is not a time. */
export function formatTime(iso: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const { date, time } = chinaParts(ms);
  return `${date} ${time}`;
}

/** `11-03 14:05` in China time; '' when it is not a time. */
export function shortTime(iso: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return '';
  const { date, time } = chinaParts(ms);
  return `${date.slice(5)} ${time}`;
}

/** `11-02 12:00–15:00`, or `11-02 22:00 – 11-03 02:00` across midnight; '' when either is not a time. */
export function timeWindow(startAt: string, endAt: string): string {
  const startMs = new Date(startAt).getTime();
  const endMs = new Date(endAt).getTime();
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return '';
  const start = chinaParts(startMs);
  const end = chinaParts(endMs);
  const startDay = start.date.slice(5);
  const endDay = end.date.slice(5);
  return startDay === endDay
    ? `${startDay} ${start.time}–${end.time}`
    : `${startDay} ${start.time} – ${endDay} ${end.time}`;
}
