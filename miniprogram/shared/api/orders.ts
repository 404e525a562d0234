import { published } from '../schemas/published';
import * as z from 'zod/mini';
import { ORDER_ACTION_NAMES, ORDER_STATE_NAMES } from '../orders/machine';
import { CLAIM_STATE_NAMES, MAX_TASK_SLOTS, TASK_ACTION_NAMES, VOLUNTEER_STEP_NAMES } from '../orders/tasks';
import { SERVICE_CATEGORY_IDS, TIME_LIMIT_TIER_NAMES } from '../orders/catalogue';
import { LEDGER_KINDS, type LedgerKind } from '../orders/points';
import { ROLE_NAMES } from '../roles';
import { UNIT_KINDS } from '../schemas/places';
import { ERROR_CODES } from '../errors';
import { INTAKE_CHANNEL_NAMES, ON_BEHALF_CHANNELS } from '../intake';
import { Empty, Id } from '../schemas/common';
import { action } from './action';
import { IntakeBuilding, IntakeView, OnBehalfOf, ResidentOption, ResidentSearch } from './intake';
import { Comment, Cursor, Description, Named, Note, Notes, Page, PhotoNote, Reason, Stars, Tone } from './common';

/**
 * The `orders` cloud function: 居民下单—社区发单—单位接单—党员领单—联合评单.
 * Every order-changing action answers with the order as the caller now sees it; the server checks the caller's
 * scope (own order, own community, own unit, approved party member of the community) and then the state machine.
 */

const Time = z.iso.datetime({ offset: true, error: '请选择有效的时间' });

/** A cloud storage file id (cloud://…) returned by the upload; the server checks it belongs to the caller. */
export const FileId = z.string().check(z.minLength(1), z.maxLength(512), z.regex(/^\S+$/, '图片无效'));
export const Photos = z.array(FileId).check(z.maxLength(9, '最多上传9张照片'));

/** Made once per form by the client and resent on retry, so a double tap or a retry creates one order. */
export const RequestId = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效'));

export const CategoryId = z.string().check(z.refine((id) => SERVICE_CATEGORY_IDS.includes(id), '请选择服务类别'));

export const PREFERRED_TIMES = {
  anytime: '时间不限',
  morning: '上午',
  afternoon: '下午',
  evening: '晚上',
  weekend: '周末',
} as const;
export const CONTACT_PREFERENCES = {
  phone: '电话联系',
  message: '小程序消息',
  visit: '直接上门',
} as const;

const PreferredTime = z.enum(Object.keys(PREFERRED_TIMES) as (keyof typeof PREFERRED_TIMES)[]);
const ContactPreference = z.enum(Object.keys(CONTACT_PREFERENCES) as (keyof typeof CONTACT_PREFERENCES)[]);
const OrderStatus = z.enum(ORDER_STATE_NAMES);

export const Category = z.object({
  id: z.string(),
  label: z.string(),
  group: z.string(),
  hint: z.string(),
  tier: z.enum(TIME_LIMIT_TIER_NAMES),
  /** e.g. 紧急 · 2小时内办结 */
  limitLabel: z.string(),
  defaultHandler: z.enum(['partner', 'department', 'property', 'community']),
});

/** One line of the lists: what, where, status and deadline. */
export const OrderSummary = z.object({
  id: Id,
  category: z.object({ id: z.string(), label: z.string() }),
  tier: z.enum(TIME_LIMIT_TIER_NAMES),
  /** The description's first words. */
  summary: z.string(),
  /** 楼栋 and address as the resident gave them. */
  place: z.string(),
  status: OrderStatus,
  statusLabel: z.string(),
  statusTone: Tone,
  open: z.boolean(),
  /** The running clock's deadline (受理、接单、办结、确认、评价), null once closed. */
  deadline: z.nullable(z.string()),
  overdue: z.boolean(),
  escalated: z.boolean(),
  reworkCount: z.number(),
  createdAt: z.string(),
  /** How it reached us (shared/intake.ts), and its mark in lists: 电话代办, 窗口代办, or '' for the mini-program. */
  channel: z.enum(INTAKE_CHANNEL_NAMES),
  channelTag: z.string(),
  /** What the caller may do with it now, in any of his roles towards it (the server decides): the page's buttons. */
  actions: z.array(z.enum(ORDER_ACTION_NAMES)),
});

export const TimelineEntry = z.object({
  /**
   * A step of the machine, 'create' (居民下单, the first line of every timeline), or a volunteer's step (领单、签到、
   * 签退、提交) for those who may see the volunteers' work.
   */
  action: z.enum([...ORDER_ACTION_NAMES, 'create', ...VOLUNTEER_STEP_NAMES]),
  actionLabel: z.string(),
  from: OrderStatus,
  to: OrderStatus,
  role: z.enum([...ROLE_NAMES, 'system']),
  roleLabel: z.string(),
  /** A person's name, a unit's or community's name, or 系统 — as privacy allows for the viewer. */
  actorName: z.string(),
  at: z.string(),
  reason: z.string(),
  /** What the step showed: the resident's photos of what is still wrong (发回重办). */
  photos: z.array(FileId),
});

export const Rating = z.object({
  stars: z.number(),
  comment: z.string(),
  at: z.string(),
  /** The staff member who recorded the rating the resident gave by phone (代录); absent when he rated himself. */
  recordedBy: z.optional(z.string()),
});

export const Task = z.object({
  id: Id,
  orderId: Id,
  communityId: Id,
  title: z.string(),
  description: z.string(),
  place: z.string(),
  slots: z.number(),
  /** Slots held by active claims. */
  claimed: z.number(),
  startAt: z.string(),
  endAt: z.string(),
  /** The order's status: the task is live while it is published. */
  orderStatus: OrderStatus,
  myClaim: z.nullable(z.enum(CLAIM_STATE_NAMES)),
  /** His 志愿时长 on it (check-in to check-out), once both happened. */
  myHours: z.nullable(z.number()),
  publisherName: z.string(),
  /**
   * What a volunteer of the community may do with it now (the others get none): every task action, disabled with the
   * code of the rule that refuses it (core's `capabilityLabel` words it).
   */
  actions: z.array(z.object({ code: z.enum(TASK_ACTION_NAMES), disabled: z.nullable(z.enum(ERROR_CODES)) })),
  /** What the caller may do with the task's order now (the unit that published it: 办结). */
  orderActions: z.array(z.enum(ORDER_ACTION_NAMES)),
});

/**
 * A volunteer's part in the order (党员领单): in full to its handlers (who claimed, when he checked in and out,
 * what he reported); to the resident only the reported work, the volunteer's name as privacy.ts shows it.
 */
export const VolunteerReport = z.object({
  name: z.string(),
  claim: z.enum(CLAIM_STATE_NAMES),
  claimLabel: z.string(),
  claimedAt: z.nullable(z.string()),
  checkedInAt: z.nullable(z.string()),
  checkedOutAt: z.nullable(z.string()),
  reportedAt: z.nullable(z.string()),
  notes: z.string(),
  photos: z.array(FileId),
  /** 志愿时长 */
  hours: z.nullable(z.number()),
});

export const OrderDetail = z.object({
  ...OrderSummary.shape,
  description: z.string(),
  photos: z.array(FileId),
  photoNote: PhotoNote,
  preferredTime: PreferredTime,
  contact: ContactPreference,
  privateContact: z.boolean(),
  /** Shown to those who must reach him (staff, the holding unit); volunteers only if he allowed it. */
  resident: z.nullable(z.object({ name: z.string(), phone: z.string() })),
  community: Named,
  unit: z.nullable(Named),
  holder: z.nullable(z.enum(['unit', 'community'])),
  completion: z.nullable(z.object({ notes: z.string(), photos: z.array(FileId), at: z.string() })),
  ratings: z.object({ resident: z.nullable(Rating), community: z.nullable(Rating) }),
  tasks: z.array(Task),
  /** Every round's claims, as this viewer may see them (empty for everyone else). */
  volunteers: z.array(VolunteerReport),
  timeline: z.array(TimelineEntry),
  intake: z.nullable(IntakeView),
});

export const UnitOption = z.object({ id: Id, name: z.string(), kind: z.enum(UNIT_KINDS), phone: z.string() });

export const LedgerLine = z.object({
  id: Id,
  kind: z.enum(Object.keys(LEDGER_KINDS) as LedgerKind[]),
  kindLabel: z.string(),
  delta: z.number(),
  orderId: z.nullable(Id),
  note: z.string(),
  at: z.string(),
});

const OrderRef = z.strictObject({ orderId: Id });

/** The order form: what the resident asks for, as he fills it in (居民下单) or staff fill it in for him (代办). */
const OrderForm = {
  categoryId: CategoryId,
  description: Description('需要的帮助'),
  photos: z.optional(Photos),
  /** 单元、门牌，或楼栋以外的地点. */
  address: z.optional(published(z.string().check(z.trim(), z.maxLength(100, '地址最多100个字')), '地址')),
  preferredTime: z.optional(PreferredTime),
  contact: z.optional(ContactPreference),
  /** Hide his name and phone from volunteers (staff and the unit still see them). */
  privateContact: z.optional(z.boolean()),
};

const TaskRef = z.strictObject({ taskId: Id });

export const ordersActions = {
  listCategories: action({ summary: '服务目录：类别、时限', input: Empty, output: z.array(Category) }),

  // 居民下单
  create: action({
    summary: '居民下单：选择类别，描述需求，可附最多9张照片',
    input: z.strictObject({
      requestId: RequestId,
      ...OrderForm,
      /** Omitted: the resident's own building. */
      buildingId: z.optional(Id),
    }),
    output: OrderDetail,
  }),

  // 代办: staff take an order down for a resident who phoned or came in
  findResidents: action({
    summary: '代办：查找本社区（网格员：本网格）的居民',
    input: ResidentSearch,
    output: Page(ResidentOption),
  }),
  intakeBuildings: action({
    summary: '代办：本社区（网格员：本网格）的楼栋，为未注册的居民选择地点',
    input: z.strictObject({ scopeId: Id }),
    output: z.array(IntakeBuilding),
  }),
  createOnBehalf: action({
    summary: '代办下单：社区工作人员或网格员为来电、来访的居民下单',
    input: z.strictObject({
      requestId: RequestId,
      channel: z.enum(ON_BEHALF_CHANNELS),
      resident: OnBehalfOf,
      /** Where the matter is (a member's own building, as the list gave it): checked to lie in the caller's scope. */
      communityId: Id,
      compoundId: Id,
      buildingId: Id,
      ...OrderForm,
    }),
    output: OrderDetail,
  }),
  recordRating: action({
    summary: '代录居民评价：未注册居民电话告知的评价，由社区工作人员录入',
    input: z.strictObject({ orderId: Id, stars: Stars, comment: Comment }),
    output: OrderDetail,
  }),
  listMine: action({
    summary: '我的工单',
    input: z.strictObject({ filter: z.optional(z.enum(['open', 'closed'])), cursor: Cursor }),
    output: Page(OrderSummary),
  }),
  getDetail: action({ summary: '工单详情与办理进度', input: OrderRef, output: OrderDetail }),
  cancel: action({
    summary: '撤销工单（受理或接单前）',
    input: z.strictObject({ orderId: Id, reason: z.optional(Note) }),
    output: OrderDetail,
  }),

  // 社区发单
  staffQueue: action({
    summary: '社区工单队列：超时的在前',
    input: z.strictObject({
      communityId: Id,
      filter: z.optional(z.enum(['new', 'overdue', 'open', 'closed'])),
      cursor: Cursor,
    }),
    output: Page(OrderSummary),
  }),
  dispatchOptions: action({
    summary: '可派单的单位，并按服务目录推荐一个',
    input: OrderRef,
    output: z.object({ suggestedUnitId: z.nullable(Id), units: z.array(UnitOption) }),
  }),
  dispatch: action({
    summary: '派单给单位',
    input: z.strictObject({ orderId: Id, unitId: Id, note: z.optional(Note) }),
    output: OrderDetail,
  }),
  handleSelf: action({
    summary: '社区自办',
    input: z.strictObject({ orderId: Id, note: z.optional(Note) }),
    output: OrderDetail,
  }),
  reject: action({
    summary: '驳回（理由居民可见）',
    input: z.strictObject({ orderId: Id, reason: Reason }),
    output: OrderDetail,
  }),

  // 单位接单
  unitInbox: action({
    summary: '单位待办：待接单、处理中',
    input: z.strictObject({
      unitId: Id,
      filter: z.optional(z.enum(['dispatched', 'open', 'closed'])),
      cursor: Cursor,
    }),
    output: Page(OrderSummary),
  }),
  accept: action({ summary: '接单', input: OrderRef, output: OrderDetail }),
  returnToCommunity: action({
    summary: '退回社区（须说明理由）',
    input: z.strictObject({ orderId: Id, reason: Reason }),
    output: OrderDetail,
  }),
  publishTask: action({
    summary: '发布志愿任务：名额与时间段',
    input: z.strictObject({
      orderId: Id,
      title: published(
        z.string().check(z.trim(), z.minLength(2, '请填写任务名称'), z.maxLength(30, '任务名称最多30个字')),
        '任务名称',
      ),
      description: published(z.string().check(z.trim(), z.maxLength(300, '说明最多300个字')), '任务说明'),
      place: published(
        z.string().check(z.trim(), z.minLength(2, '请填写地点'), z.maxLength(100, '地点最多100个字')),
        '地点',
      ),
      slots: z.int('名额应为整数').check(z.gte(1, '至少1个名额'), z.lte(MAX_TASK_SLOTS, `最多${MAX_TASK_SLOTS}个名额`)),
      startAt: Time,
      endAt: Time,
    }),
    output: Task,
  }),
  complete: action({
    summary: '办结：填写办理情况，可附照片',
    input: z.strictObject({
      orderId: Id,
      notes: Notes('请填写办理情况'),
      photos: z.optional(Photos),
    }),
    output: OrderDetail,
  }),

  // 党员领单
  taskHall: action({
    summary: '任务大厅：本社区可领取的志愿任务',
    input: z.strictObject({ communityId: Id, cursor: Cursor }),
    output: Page(Task),
  }),
  myTasks: action({ summary: '我领取的任务', input: z.strictObject({ cursor: Cursor }), output: Page(Task) }),
  claim: action({ summary: '领单（名额有限）', input: TaskRef, output: Task }),
  withdraw: action({ summary: '退出任务（开始前）', input: TaskRef, output: Task }),
  checkIn: action({ summary: '签到（任务时间内）', input: TaskRef, output: Task }),
  checkOut: action({ summary: '签退：志愿时长从签到算到签退', input: TaskRef, output: Task }),
  report: action({
    summary: '提交完成情况，可附照片',
    input: z.strictObject({
      taskId: Id,
      notes: Notes('请填写完成情况'),
      photos: z.optional(Photos),
    }),
    output: Task,
  }),

  // 居民确认与联合评单
  confirm: action({ summary: '确认已解决', input: OrderRef, output: OrderDetail }),
  notFixed: action({
    summary: '未解决，发回重办',
    input: z.strictObject({ orderId: Id, reason: Reason, photos: z.optional(Photos) }),
    output: OrderDetail,
  }),
  rate: action({
    summary: '评价：居民评价与社区评价都完成后工单办结',
    input: z.strictObject({
      orderId: Id,
      as: z.enum(['resident', 'community']),
      stars: Stars,
      comment: Comment,
    }),
    output: OrderDetail,
  }),

  // 积分
  myPoints: action({
    summary: '我的积分：余额与明细',
    input: z.strictObject({ cursor: Cursor }),
    output: z.object({ balance: z.number(), items: z.array(LedgerLine), nextCursor: z.nullable(z.number()) }),
  }),
};

export type Category = z.infer<typeof Category>;
export type OrderSummary = z.infer<typeof OrderSummary>;
export type OrderDetail = z.infer<typeof OrderDetail>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type Task = z.infer<typeof Task>;
export type VolunteerReport = z.infer<typeof VolunteerReport>;
export type UnitOption = z.infer<typeof UnitOption>;
export type LedgerLine = z.infer<typeof LedgerLine>;
