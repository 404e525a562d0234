import * as z from 'zod/mini';
import { MAX_WINDOW_DAYS, MEASURES } from '../kpis/figures';
import { action } from './action';
import { Cursor, Page, Tone } from './common';

/**
 * The `kpis` cloud function: 三率 (响应率、解决率、满意率) with 按时办结率 and 发回重办率, volume and time to close,
 * per city, street, community, grid and unit, over a window — read from the read model the timer keeps (daily
 * cells of counts), in one round trip. The caller's scope (his community, his street, the city) is decided on the
 * server from his roles; a key outside it is refused.
 */

/** A day of the calendar (2026-02-30 is none). */
const isCalendarDay = (day: string) => {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
};
const Day = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'), z.refine(isCalendarDay, '请选择有效的日期'));
/** A scope key: `city`, `street:ID`, `community:ID`, `grid:ID`, `unit:ID`, or `community:ID/unit:ID`. */
const ScopeKey = z.string().check(z.maxLength(140), z.regex(/^(city|([a-z]+:[\w-]+\/)?[a-z]+:[\w-]+)$/, '范围无效'));

export const KpiWindowChoice = z.union([
  z.strictObject({ preset: z.enum(['month', 'last30']) }),
  z.strictObject({ from: Day, to: Day }),
]);

const Rate = z.nullable(z.number());

export const KpiRowSchema = z.object({
  key: z.string(),
  kind: z.enum(['city', 'street', 'community', 'grid', 'unit']),
  name: z.string(),
  orders: z.number(),
  complaints: z.number(),
  volume: z.number(),
  responseRate: Rate,
  responseN: z.number(),
  resolveRate: Rate,
  resolveN: z.number(),
  satisfactionRate: Rate,
  satisfactionN: z.number(),
  onTimeRate: Rate,
  onTimeN: z.number(),
  reworkRate: Rate,
  reworkN: z.number(),
  avgCloseHours: Rate,
  overdueOrders: z.number(),
  overdueComplaints: z.number(),
});

const Measure = z.enum(MEASURES);

export const KpiTrendPoint = z.object({
  day: z.string(),
  rates: z.record(Measure, Rate),
});

export const KpiItem = z.object({
  kind: z.enum(['order', 'complaint']),
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  statusLabel: z.string(),
  /** Counted in the figure's numerator (on time, resolved…) or not. */
  good: z.boolean(),
  tone: Tone,
});

export const kpisActions = {
  dashboard: action({
    summary: `工作台：三率、按时办结率、发回重办率、走势、超时与排名（本月、近30天或最长${MAX_WINDOW_DAYS}天）`,
    input: z.strictObject({ scope: z.optional(ScopeKey), window: z.optional(KpiWindowChoice) }),
    output: z.object({
      asOf: z.nullable(z.string()),
      window: z.object({ from: z.string(), to: z.string(), label: z.string() }),
      summary: KpiRowSchema,
      trend: z.array(KpiTrendPoint),
      groups: z.array(z.object({ kind: z.enum(['street', 'community', 'grid', 'unit']), rows: z.array(KpiRowSchema) })),
      /** The scopes the caller may open as his own (his community, his street, the city). */
      roots: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  }),
  figureItems: action({
    summary: '工作台：一个数字背后的工单与投诉（分页）',
    input: z.strictObject({
      scope: ScopeKey,
      measure: z.enum(['volume', ...MEASURES]),
      window: z.optional(KpiWindowChoice),
      cursor: Cursor,
    }),
    output: Page(KpiItem),
  }),
} as const;
