/**
 * The export kinds, one entry each: the sheet's name, its columns (Chinese headers, the labels the app shows)
 * and where its rows come from.
 */
import { COMPLAINT_CATEGORIES, COMPLAINT_STATES, levelLabel } from '../../miniprogram/shared/complaints/machine';
import type { ComplaintCategory, ComplaintLevel, ComplaintState } from '../../miniprogram/shared/complaints/machine';
import type { ExportKind } from '../../miniprogram/shared/exports/kinds';
import { kpiRows, sumCells, type KpiRow } from '../../miniprogram/shared/kpis/figures';
import { childrenOf, SCOPE_KIND_LABELS } from '../../miniprogram/shared/kpis/scopes';
import { categoryLabel, TIME_LIMIT_TIERS } from '../../miniprogram/shared/orders/catalogue';
import { stateLabel } from '../../miniprogram/shared/orders/machine';
import { seenBy, type Person, type Viewer } from '../../miniprogram/shared/privacy';
import type { Role } from '../../miniprogram/shared/roles';
import { formatTime } from '../../miniprogram/shared/time';
import { COLLECTIONS } from '../lib/db';
import { readKpiCells } from '../lib/kpi-cells';
import type { OrderDoc } from '../lib/orders';
import { pagedDocuments, type SourceContext } from './source';

export type Cell = string | number | null;

export interface ExportColumn<D> {
  header: string;
  /** Width in characters in the Excel sheet. */
  width: number;
  value: (doc: D, viewer: Viewer) => Cell;
}

export interface ExportKindSpec<D> {
  sheet: string;
  /**
   * How each staff role sees the people in a row — the table the kind's own lists and details use
   * (orders/views.ts, complaints/views.ts VIEWER_OF); a function may not import another's folder, and the
   * privacy test of exports checks the two agree.
   */
  viewers: Partial<Record<Role, Viewer>>;
  columns: ExportColumn<D>[];
  rows: (ctx: SourceContext) => Promise<D[]>;
}

const time = (iso: string | null | undefined): string => (iso ? formatTime(iso) : '');

// ── 服务工单 ──────────────────────────────────────────────────────────────────────────────────────────────────

const ORDER_FIELDS = [
  '_id',
  'createdAt',
  'communityName',
  'categoryId',
  'tier',
  'status',
  'place',
  'description',
  'unitName',
  'deadline',
  'reworkCount',
  'residentName',
  'residentPhone',
  'privateContact',
  'ratings',
  'updatedAt',
] as const;
type OrderRow = Pick<OrderDoc, (typeof ORDER_FIELDS)[number]>;

const residentOf = (o: OrderRow): Person => ({
  name: o.residentName,
  phone: o.residentPhone,
  private: o.privateContact,
});

const orders: ExportKindSpec<OrderRow> = {
  sheet: '服务工单',
  viewers: { community_staff: 'handler', street_staff: 'overseer', admin: 'overseer' },
  columns: [
    { header: '工单编号', width: 30, value: (o) => o._id },
    { header: '提交时间', width: 17, value: (o) => time(o.createdAt) },
    { header: '社区', width: 14, value: (o) => o.communityName },
    { header: '服务类别', width: 12, value: (o) => categoryLabel(o.categoryId) },
    { header: '时限', width: 8, value: (o) => TIME_LIMIT_TIERS[o.tier]?.label ?? '' },
    { header: '状态', width: 12, value: (o) => stateLabel(o.status) },
    { header: '服务地点', width: 24, value: (o) => o.place },
    { header: '诉求描述', width: 40, value: (o) => o.description },
    { header: '承办单位', width: 18, value: (o) => o.unitName },
    { header: '当前时限', width: 17, value: (o) => time(o.deadline) },
    { header: '发回重办次数', width: 12, value: (o) => o.reworkCount },
    { header: '居民', width: 10, value: (o, viewer) => seenBy(viewer, residentOf(o)).name ?? '' },
    { header: '联系电话', width: 14, value: (o, viewer) => seenBy(viewer, residentOf(o)).phone ?? '' },
    { header: '居民评价（星）', width: 14, value: (o) => o.ratings?.resident?.stars ?? null },
    { header: '最后更新', width: 17, value: (o) => time(o.updatedAt) },
  ],
  rows: (ctx) => pagedDocuments<OrderRow>(ctx, COLLECTIONS.orders, ORDER_FIELDS),
};

// ── 物业投诉 ──────────────────────────────────────────────────────────────────────────────────────────────────

/** What an export reads of a complaint (its document is the complaints function's: complaints/model.ts). */
interface ComplaintRow {
  _id: string;
  createdAt: string;
  communityName: string;
  compoundName: string;
  buildingName: string;
  category: ComplaintCategory;
  status: ComplaintState;
  level: ComplaintLevel;
  companyName: string;
  description: string;
  supporters: string[];
  deadline: string | null;
  escalations: number;
  filerName: string;
  filerPhone: string;
  publicName: boolean;
  rating: { stars: number } | null;
  updatedAt: string;
}
const COMPLAINT_FIELDS: ReadonlyArray<keyof ComplaintRow> = [
  '_id',
  'createdAt',
  'communityName',
  'compoundName',
  'buildingName',
  'category',
  'status',
  'level',
  'companyName',
  'description',
  'supporters',
  'deadline',
  'escalations',
  'filerName',
  'filerPhone',
  'publicName',
  'rating',
  'updatedAt',
];

const filerOf = (c: ComplaintRow): Person => ({ name: c.filerName, phone: c.filerPhone, private: !c.publicName });

const complaints: ExportKindSpec<ComplaintRow> = {
  sheet: '物业投诉',
  viewers: { community_staff: 'handler', street_staff: 'handler', admin: 'overseer' },
  columns: [
    { header: '投诉编号', width: 30, value: (c) => c._id },
    { header: '提交时间', width: 17, value: (c) => time(c.createdAt) },
    { header: '社区', width: 14, value: (c) => c.communityName },
    { header: '小区', width: 14, value: (c) => c.compoundName },
    { header: '楼栋', width: 10, value: (c) => c.buildingName },
    { header: '类别', width: 10, value: (c) => COMPLAINT_CATEGORIES[c.category]?.label ?? '其他' },
    { header: '状态', width: 10, value: (c) => COMPLAINT_STATES[c.status]?.label ?? '' },
    { header: '当前层级', width: 10, value: (c) => levelLabel(c.level) },
    { header: '物业企业', width: 18, value: (c) => c.companyName },
    { header: '投诉内容', width: 40, value: (c) => c.description },
    { header: '附议户数', width: 10, value: (c) => c.supporters?.length ?? 0 },
    { header: '升级次数', width: 10, value: (c) => c.escalations },
    { header: '当前时限', width: 17, value: (c) => time(c.deadline) },
    { header: '投诉人', width: 10, value: (c, viewer) => seenBy(viewer, filerOf(c)).name ?? '' },
    { header: '联系电话', width: 14, value: (c, viewer) => seenBy(viewer, filerOf(c)).phone ?? '' },
    { header: '满意度（星）', width: 12, value: (c) => c.rating?.stars ?? null },
    { header: '最后更新', width: 17, value: (c) => time(c.updatedAt) },
  ],
  rows: (ctx) => pagedDocuments<ComplaintRow>(ctx, COLLECTIONS.complaints, COMPLAINT_FIELDS),
};

// ── 考核指标 ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A rate as a spreadsheet reads it: a percentage, one decimal; empty without a sample (never 0 or 100). */
const percent = (rate: number | null): Cell => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * The scope's figures over the window and each of its parts' (its communities, grids and units), from the KPI read
 * model (docs/kpis.md) — the dashboard's very rows. No person is in them.
 */
const kpis: ExportKindSpec<KpiRow> = {
  sheet: '考核指标',
  viewers: { community_staff: 'overseer', street_staff: 'overseer', admin: 'overseer' },
  columns: [
    { header: '范围', width: 8, value: (r) => SCOPE_KIND_LABELS[r.kind] },
    { header: '名称', width: 24, value: (r) => r.name },
    { header: '工单', width: 8, value: (r) => r.orders },
    { header: '投诉', width: 8, value: (r) => r.complaints },
    { header: '响应率（%）', width: 11, value: (r) => percent(r.responseRate) },
    { header: '响应样本', width: 9, value: (r) => r.responseN },
    { header: '解决率（%）', width: 11, value: (r) => percent(r.resolveRate) },
    { header: '解决样本', width: 9, value: (r) => r.resolveN },
    { header: '满意率（%）', width: 11, value: (r) => percent(r.satisfactionRate) },
    { header: '满意样本', width: 9, value: (r) => r.satisfactionN },
    { header: '按时办结率（%）', width: 14, value: (r) => percent(r.onTimeRate) },
    { header: '办结样本', width: 9, value: (r) => r.onTimeN },
    { header: '发回重办率（%）', width: 14, value: (r) => percent(r.reworkRate) },
    { header: '重办样本', width: 9, value: (r) => r.reworkN },
    { header: '平均办结时长（小时）', width: 18, value: (r) => r.avgCloseHours },
    { header: '当前超时工单', width: 12, value: (r) => r.overdueOrders },
    { header: '当前超时投诉', width: 12, value: (r) => r.overdueComplaints },
  ],
  async rows({ db, target, window }) {
    const scope = target.communityId
      ? `community:${target.communityId}`
      : target.streetIds?.length
        ? `street:${target.streetIds[0]}`
        : 'city';
    const { days, now } = await readKpiCells(db, window.from, window.to);
    const counts = sumCells(days.map((d) => d.cells));
    const overdue = now?.overdue ?? {};
    const parents = now?.parents ?? {};
    const known = [...new Set([...Object.keys(counts), ...Object.keys(overdue), ...Object.keys(parents)])].sort();
    const parts = Object.values(childrenOf(scope, known, parents)).flat();
    return kpiRows([scope, ...parts], counts, { city: '全市', ...now?.names }, overdue);
  },
};

/** A kind as the action uses it: its documents already turned into rows of cells for one viewer. */
export interface ExportKindEntry {
  sheet: string;
  viewers: Partial<Record<Role, Viewer>>;
  columns: Array<{ header: string; width: number }>;
  rows: (ctx: SourceContext, viewer: Viewer) => Promise<Cell[][]>;
}

const entry = <D>(spec: ExportKindSpec<D>): ExportKindEntry => ({
  ...spec,
  rows: async (ctx, viewer) => (await spec.rows(ctx)).map((doc) => spec.columns.map((c) => c.value(doc, viewer))),
});

export const KINDS: Record<ExportKind, ExportKindEntry> = {
  orders: entry(orders),
  complaints: entry(complaints),
  kpis: entry(kpis),
};
