import * as z from 'zod/mini';
import {
  COMPLAINT_ACTION_NAMES,
  COMPLAINT_CATEGORY_NAMES,
  COMPLAINT_LEVEL_NAMES,
  COMPLAINT_STATE_NAMES,
  ESCALATION_LEVELS,
} from '../complaints/machine';
import { COMPLAINT_ACTION_CODES, ME_TOO_REFUSAL_NAMES } from '../complaints/capabilities';
import { CREDIT_MEASURES } from '../complaints/credit';
import { HOTSPOT_LIMITS } from '../complaints/hotspots';
import { ROLE_NAMES } from '../roles';
import { Empty, Id } from '../schemas/common';
import { action } from './action';
import { ON_BEHALF_CHANNELS } from '../intake';
import { MemberId } from './intake';
import { Comment, Cursor, Description, Named, Note, Notes, Page, PhotoNote, Reason, Stars, Tone } from './common';
import { CategoryId, FileId, Photos, RequestId } from './orders';

/**
 * The `complaints` cloud function: 物业投诉 — file, 附议, answer, escalate (社区呼叫—街道吹哨—部门报到), rate;
 * 物业服务企业信用评价; 未诉先办 hotspots.
 * Every complaint-changing action answers with the complaint as the caller now sees it. The server checks the
 * caller's scope (his own compound; a member of the company or department holding it; staff of its community or
 * street) and then the state machine in shared/complaints/machine.
 */

const ComplaintCategory = z.enum(COMPLAINT_CATEGORY_NAMES, '请选择投诉类别');
const ComplaintStatus = z.enum(COMPLAINT_STATE_NAMES);
const Level = z.enum(COMPLAINT_LEVEL_NAMES);

export const ComplaintCategoryOption = z.object({
  id: ComplaintCategory,
  label: z.string(),
  hint: z.string(),
  tier: z.enum(['fast', 'normal']),
  /** e.g. 24小时内答复 */
  limitLabel: z.string(),
});

export const ComplaintActionOption = z.object({
  code: z.enum(COMPLAINT_ACTION_CODES),
  enabled: z.boolean(),
  /** Why a disabled one is disabled (words: meTooRefusalText); null when enabled. */
  reason: z.nullable(z.enum(ME_TOO_REFUSAL_NAMES)),
});

/** One line of the lists. */
export const ComplaintSummary = z.object({
  id: Id,
  category: z.object({ id: ComplaintCategory, label: z.string() }),
  /** The description's first words. */
  summary: z.string(),
  compound: Named,
  status: ComplaintStatus,
  statusLabel: z.string(),
  statusTone: Tone,
  open: z.boolean(),
  /** Who holds it now: 物业企业、社区、街道、职能部门. */
  level: Level,
  levelLabel: z.string(),
  /** The running clock's deadline (受理、答复、确认、评价), null once closed. */
  deadline: z.nullable(z.string()),
  overdue: z.boolean(),
  escalations: z.number(),
  /** 附议: neighbours who joined, not counting the filer. */
  supporters: z.number(),
  /** The filer's name if he let neighbours see it (masked as privacy requires); null: 一位邻居. */
  filerName: z.nullable(z.string()),
  /** The caller's own relation to it. */
  relation: z.nullable(z.enum(['filer', 'supporter'])),
  createdAt: z.string(),
  /** 电话代办, 窗口代办 (shared/intake.ts): staff took it down for him; '' when he filed it himself. */
  channelTag: z.string(),
  /**
   * What the caller may do now (shared/complaints/capabilities decides): the rows' and the page's buttons. 附议
   * is offered to residents of its compound, disabled (with the reason) when it is his own or he joined.
   */
  actions: z.array(ComplaintActionOption),
});

export const ComplaintTimelineEntry = z.object({
  /** A step of the machine, 'create' (投诉) first, or 'me_too' (a neighbour joined; shown as a count, no name). */
  action: z.enum([...COMPLAINT_ACTION_NAMES, 'create', 'me_too']),
  /** e.g. 超时升级 · 街道吹哨 */
  actionLabel: z.string(),
  from: ComplaintStatus,
  to: ComplaintStatus,
  fromLevel: Level,
  toLevel: Level,
  role: z.enum([...ROLE_NAMES, 'system']),
  roleLabel: z.string(),
  /** A unit's, community's or street's name, a person's name as privacy allows, or 系统. */
  actorName: z.string(),
  at: z.string(),
  reason: z.string(),
  photos: z.array(FileId),
});

export const ComplaintDetail = z.object({
  ...ComplaintSummary.shape,
  description: z.string(),
  photos: z.array(FileId),
  photoNote: PhotoNote,
  /** Whether neighbours may see his name. */
  publicName: z.boolean(),
  /** Name and phone, for the filer himself and whoever must reach him (the holder, staff); null for others. */
  resident: z.nullable(z.object({ name: z.string(), phone: z.string() })),
  community: Named,
  /** The compound's property company; null for a 无物业小区. */
  company: z.nullable(Named),
  /** The department a street blew the whistle to, once it is at that level. */
  department: z.nullable(Named),
  /** The latest answer (答复) at any level. */
  answer: z.nullable(z.object({ level: Level, notes: z.string(), photos: z.array(FileId), at: z.string() })),
  rating: z.nullable(z.object({ stars: z.number(), comment: z.string(), at: z.string() })),
  /** For 非物业责任: the staff's reason. */
  closingReason: z.nullable(z.string()),
  timeline: z.array(ComplaintTimelineEntry),
  /** The proactive order opened from a hotspot that covers this complaint, if any. */
  proactiveOrderId: z.nullable(Id),
});

const Measure = z.object({
  x: z.number(),
  n: z.number(),
  raw: z.nullable(z.number()),
  value: z.number(),
});

export const CompanyScore = z.object({
  company: Named,
  /** 0–100, one decimal. */
  score: z.number(),
  /** Place in the city's ranking (1 = best) and how many are ranked. */
  rank: z.number(),
  of: z.number(),
  complaints: z.number(),
  households: z.number(),
  measures: z.object(
    Object.fromEntries(CREDIT_MEASURES.map((m) => [m, Measure])) as Record<
      (typeof CREDIT_MEASURES)[number],
      typeof Measure
    >,
  ),
});

export const ScoreTrendPoint = z.object({ month: z.string(), score: z.nullable(z.number()), complaints: z.number() });

export const HotspotItem = z.object({
  key: z.string(),
  category: z.object({ id: ComplaintCategory, label: z.string() }),
  scope: z.enum(['compound', 'grid']),
  place: Named,
  households: z.number(),
  complaints: z.number(),
  openComplaints: z.number(),
  compounds: z.array(Named),
  complaintIds: z.array(Id),
  firstAt: z.string(),
  lastAt: z.string(),
  /** A proactive order already opened for it in this window. */
  proactiveOrderId: z.nullable(Id),
});

const ComplaintRef = z.strictObject({ complaintId: Id });
const InboxFilter = z.optional(z.enum(['new', 'overdue', 'open', 'closed']));
const WindowDays = z
  .int('天数应为整数')
  .check(
    z.gte(HOTSPOT_LIMITS.minWindowDays, `至少${HOTSPOT_LIMITS.minWindowDays}天`),
    z.lte(HOTSPOT_LIMITS.maxWindowDays, `最多${HOTSPOT_LIMITS.maxWindowDays}天`),
  );
const Threshold = z
  .int('户数应为整数')
  .check(
    z.gte(HOTSPOT_LIMITS.minThreshold, `至少${HOTSPOT_LIMITS.minThreshold}户`),
    z.lte(HOTSPOT_LIMITS.maxThreshold, `最多${HOTSPOT_LIMITS.maxThreshold}户`),
  );

export const complaintsActions = {
  listCategories: action({ summary: '投诉类别与答复时限', input: Empty, output: z.array(ComplaintCategoryOption) }),

  // 居民投诉
  similarOpen: action({
    summary: '本小区同类未结投诉：可附议，不必重复投诉',
    input: z.strictObject({ category: ComplaintCategory, buildingId: z.optional(Id) }),
    output: z.array(ComplaintSummary),
  }),
  file: action({
    summary: '投诉本小区物业：直达物业企业（无物业小区直达社区）',
    input: z.strictObject({
      requestId: RequestId,
      category: ComplaintCategory,
      description: Description('问题'),
      photos: z.optional(Photos),
      /** Omitted: the resident's own building (its compound is the one complained about). */
      buildingId: z.optional(Id),
      /** Let neighbours see his name (default: shown as 一位邻居). */
      publicName: z.optional(z.boolean()),
    }),
    output: ComplaintDetail,
  }),
  // 代办: staff take a complaint down for a member who phoned or came in; it is his, as if he had filed it
  fileOnBehalf: action({
    summary: '代办投诉：社区工作人员或网格员为来电、来访的居民投诉其小区物业',
    input: z.strictObject({
      requestId: RequestId,
      channel: z.enum(ON_BEHALF_CHANNELS),
      resident: z.strictObject({ memberId: MemberId }),
      /** His building, as the resident list gave it: checked to lie in the caller's scope and to be his. */
      communityId: Id,
      compoundId: Id,
      buildingId: Id,
      category: ComplaintCategory,
      description: Description('问题'),
      photos: z.optional(Photos),
      publicName: z.optional(z.boolean()),
    }),
    output: ComplaintDetail,
  }),
  meToo: action({ summary: '附议：我也遇到了，更新时通知我', input: ComplaintRef, output: ComplaintDetail }),
  listMine: action({
    summary: '我的投诉（含附议的）',
    input: z.strictObject({ filter: z.optional(z.enum(['open', 'closed'])), cursor: Cursor }),
    output: Page(ComplaintSummary),
  }),
  getDetail: action({ summary: '投诉详情与办理进度', input: ComplaintRef, output: ComplaintDetail }),

  // 物业企业
  companyInbox: action({
    summary: '物业企业待办：超时的在前',
    input: z.strictObject({ unitId: Id, filter: InboxFilter, cursor: Cursor }),
    output: Page(ComplaintSummary),
  }),
  // 受理 and 答复 at whatever level holds the complaint: the company, or community/street/department staff.
  acknowledge: action({
    summary: '受理（2小时内）',
    input: z.strictObject({
      complaintId: Id,
      note: z.optional(Note),
    }),
    output: ComplaintDetail,
  }),
  answer: action({
    summary: '答复：办理情况，可附照片',
    input: z.strictObject({
      complaintId: Id,
      notes: Notes('请填写办理情况'),
      photos: z.optional(Photos),
    }),
    output: ComplaintDetail,
  }),

  // 居民确认与评价
  satisfied: action({ summary: '满意', input: ComplaintRef, output: ComplaintDetail }),
  notSatisfied: action({
    summary: '不满意：升级到上一级办理',
    input: z.strictObject({ complaintId: Id, reason: Reason, photos: z.optional(Photos) }),
    output: ComplaintDetail,
  }),
  rate: action({
    summary: '评价',
    input: z.strictObject({
      complaintId: Id,
      stars: Stars,
      comment: Comment,
    }),
    output: ComplaintDetail,
  }),

  // 社区呼叫—街道吹哨—部门报到
  staffInbox: action({
    summary: '升级投诉待办：社区、街道、职能部门',
    input: z.strictObject({
      level: z.enum(ESCALATION_LEVELS),
      /** The community, the street, or the department (unit) whose inbox it is. */
      scopeId: Id,
      filter: InboxFilter,
      cursor: Cursor,
    }),
    output: Page(ComplaintSummary),
  }),
  refer: action({
    summary: '上报上一级（社区呼叫街道、街道吹哨部门）',
    input: z.strictObject({
      complaintId: Id,
      reason: Reason,
      /** Required when a street passes it to a department: which one reports (报到). */
      departmentId: z.optional(Id),
    }),
    output: ComplaintDetail,
  }),
  closeNotResponsible: action({
    summary: '认定非物业责任并结束（理由居民可见）',
    input: z.strictObject({ complaintId: Id, reason: Reason }),
    output: ComplaintDetail,
  }),

  // 物业服务企业信用评价
  companyScore: action({
    summary: '我小区物业的信用评价与近几个月走势',
    input: z.strictObject({
      months: z.optional(z.int().check(z.gte(1, '至少1个月'), z.lte(24, '最多24个月'))),
    }),
    output: z.object({
      /** Null for a 无物业小区. */
      score: z.nullable(CompanyScore),
      trend: z.array(ScoreTrendPoint),
      windowDays: z.number(),
    }),
  }),
  companyRanking: action({
    summary: '物业企业信用排名（工作人员）',
    input: z.strictObject({ streetId: z.optional(Id), cursor: Cursor }),
    output: z.object({
      items: z.array(CompanyScore),
      nextCursor: z.nullable(z.number()),
      asOf: z.string(),
      windowDays: z.number(),
    }),
  }),

  // 未诉先办
  hotspots: action({
    summary: '投诉热点：同类投诉在小区或网格内集中',
    input: z.strictObject({ communityId: Id, windowDays: z.optional(WindowDays), threshold: z.optional(Threshold) }),
    output: z.object({ items: z.array(HotspotItem), windowDays: z.number(), threshold: z.number() }),
  }),
  openProactiveOrder: action({
    summary: '未诉先办：就热点开一张工单，并告知相关住户',
    input: z.strictObject({
      requestId: RequestId,
      communityId: Id,
      /** The hotspot's key, as hotspots returned it; the server recomputes it and refuses a stale one. */
      hotspotKey: z.string().check(z.minLength(3), z.maxLength(200)),
      windowDays: WindowDays,
      /** The service category of the order; omitted: the one the complaint category suggests. */
      categoryId: z.optional(CategoryId),
      description: Description('要办的事'),
      /** Send the affected households (filers and 附议) a notice. */
      notify: z.optional(z.boolean()),
    }),
    output: z.object({ orderId: Id }),
  }),
};

export type ComplaintCategoryOption = z.infer<typeof ComplaintCategoryOption>;
export type ComplaintActionOption = z.infer<typeof ComplaintActionOption>;
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;
export type ComplaintTimelineEntry = z.infer<typeof ComplaintTimelineEntry>;
export type CompanyScore = z.infer<typeof CompanyScore>;
export type ScoreTrendPoint = z.infer<typeof ScoreTrendPoint>;
export type HotspotItem = z.infer<typeof HotspotItem>;
