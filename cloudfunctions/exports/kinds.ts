/**
 * The export kinds, one entry each: the sheet's name, its columns (Chinese headers, the labels the app shows)
 * and where its rows come from. A KPI export (考核指标) is one more entry: `rows` built from shared/kpis (not
 * written yet: another change builds those rows), columns for its figures, `viewers` empty (no persons in it).
 */
import { COMPLAINT_CATEGORIES, COMPLAINT_STATES, levelLabel } from '../../miniprogram/shared/complaints/machine';
import type { ComplaintCategory, ComplaintLevel, ComplaintState } from '../../miniprogram/shared/complaints/machine';
import type { ExportKind } from '../../miniprogram/shared/exports/kinds';
import { categoryLabel, TIME_LIMIT_TIERS } from '../../miniprogram/shared/orders/catalogue';
import { stateLabel } from '../../miniprogram/shared/orders/machine';
import { seenBy, type Person, type Viewer } from '../../miniprogram/shared/privacy';
import type { Role } from '../../miniprogram/shared/roles';
import { formatTime } from '../../miniprogram/shared/time';
import { COLLECTIONS } from '../lib/db';
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

export const KINDS: Record<ExportKind, ExportKindEntry> = { orders: entry(orders), complaints: entry(complaints) };
