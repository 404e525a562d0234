import { formatField, type FieldType } from './fields';

/**
 * The subscription message templates (订阅消息模板), one per kind of event a person may want to hear of outside the
 * mini-program. Each is chosen in the WeChat admin console (订阅消息 → 选用模板) with exactly these fields; the id
 * the console gives goes into the configuration (`JMT_TEMPLATE_IDS`, see the README "Messages"), the dev id is what
 * the local emulator knows.
 */
export const NOTICE_KINDS = [
  'order_dispatched',
  'order_accepted',
  'order_done',
  'order_to_rate',
  'task_published',
  'complaint_answered',
  'complaint_escalated',
  'meeting_seat',
  'meeting_promoted',
  'meeting_reminder',
] as const;

export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** What a notice is about: an order, a complaint, a meeting, a topic (群众说事), or a redemption (积分超市). */
export const SUBJECT_TYPES = ['order', 'complaint', 'meeting', 'topic', 'redemption'] as const;
export interface NoticeSubject {
  type: (typeof SUBJECT_TYPES)[number];
  id: string;
}

/** What a notice says, as its notification record holds it (see cloudfunctions/lib/notify.ts). */
export interface NoticeContent {
  subject: NoticeSubject;
  /** `事项：状态` for orders and complaints, `状态：事项` for meetings, as the functions write them. */
  title: string;
  body: string;
  /** When it happened (ISO). */
  createdAt: string;
}

export interface TemplateField {
  /** The key WeChat shows for the field in the console, e.g. `thing1`: its type followed by a number. */
  key: string;
  type: FieldType;
  /** The field's name in the console (服务项目, 办理状态…). */
  label: string;
  value(notice: NoticeContent): string;
}

export interface Template {
  kind: NoticeKind;
  /** The template's title in WeChat's template library. */
  title: string;
  /** Why a person would subscribe, shown next to the ask. */
  purpose: string;
  devId: string;
  fields: TemplateField[];
}

/** The two halves of `A：B` (the whole title and '' when there is no colon). */
const halves = (title: string): [string, string] => {
  const at = title.indexOf('：');
  return at < 0 ? [title, ''] : [title.slice(0, at), title.slice(at + 1)];
};
const first = (n: NoticeContent) => halves(n.title)[0];
const second = (n: NoticeContent) => halves(n.title)[1] || halves(n.title)[0];

/** Field keys are their type and a number, as WeChat names them. */
const field = (type: FieldType, n: number, label: string, value: TemplateField['value']): TemplateField => ({
  key: `${type}${n}`,
  type,
  label,
  value,
});

/** Orders and complaints: the matter, its new state, when, and what was said. */
const progress = (matter: string, state: string): TemplateField[] => [
  field('thing', 1, matter, first),
  field('phrase', 2, state, second),
  field('time', 3, '更新时间', (n) => n.createdAt),
  field('thing', 4, '备注', (n) => n.body),
];

/** Meetings: the meeting, what happened, when, and the details. */
const meeting = (what: string): TemplateField[] => [
  field('thing', 1, '会议名称', second),
  field('phrase', 2, what, first),
  field('time', 3, '通知时间', (n) => n.createdAt),
  field('thing', 4, '温馨提示', (n) => n.body),
];

const template = (kind: NoticeKind, title: string, purpose: string, fields: TemplateField[]): Template => ({
  kind,
  title,
  purpose,
  devId: `dev-${kind.replace(/_/g, '-')}`,
  fields,
});

export const TEMPLATES: Record<NoticeKind, Template> = {
  order_dispatched: template(
    'order_dispatched',
    '工单派发通知',
    '社区派单给本单位时提醒',
    progress('工单类型', '工单状态'),
  ),
  order_accepted: template('order_accepted', '工单受理通知', '单位接单后提醒您', progress('服务项目', '办理状态')),
  order_done: template('order_done', '工单办结通知', '工单办结待您确认时提醒', progress('服务项目', '办理状态')),
  order_to_rate: template('order_to_rate', '服务评价提醒', '工单待评价时提醒您', progress('服务项目', '评价状态')),
  task_published: template(
    'task_published',
    '志愿任务通知',
    '有新的志愿任务可领时提醒',
    progress('任务名称', '任务状态'),
  ),
  complaint_answered: template(
    'complaint_answered',
    '投诉处理结果通知',
    '投诉有答复时提醒您',
    progress('投诉类型', '处理状态'),
  ),
  complaint_escalated: template(
    'complaint_escalated',
    '投诉升级通知',
    '投诉转交上级处理时提醒',
    progress('投诉类型', '处理状态'),
  ),
  meeting_seat: template('meeting_seat', '报名成功通知', '议事会报名成功时提醒', meeting('报名结果')),
  meeting_promoted: template('meeting_promoted', '候补成功通知', '候补转为正式名额时提醒', meeting('候补结果')),
  meeting_reminder: template('meeting_reminder', '会议开始提醒', '议事会开始前一天提醒您', meeting('提醒事项')),
};

/** What the admin console gives as a template id (and the only characters the client reports back). */
export const TEMPLATE_ID_FORMAT = /^[A-Za-z0-9_-]{1,64}$/;

/** Template ids by kind: the configured ones (from the WeChat admin console) over the dev defaults. */
export type TemplateIds = Record<NoticeKind, string>;

export const DEV_TEMPLATE_IDS = Object.fromEntries(NOTICE_KINDS.map((k) => [k, TEMPLATES[k].devId])) as TemplateIds;

/** The kinds still on their dev ids: the emulator knows them, WeChat does not (a release must configure them). */
export const devTemplateKinds = (ids: TemplateIds): NoticeKind[] =>
  NOTICE_KINDS.filter((kind) => ids[kind] === DEV_TEMPLATE_IDS[kind]);

/**
 * The template ids from a configuration value: JSON `{"order_accepted": "<id from the console>", …}` (empty or
 * unset: the dev defaults). Unknown kinds and non-string ids are refused, so a typo is found at start, not when a
 * message silently goes nowhere.
 */
export function templateIdsFrom(json: string | undefined): TemplateIds {
  if (!json) return DEV_TEMPLATE_IDS;
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('template ids must be a JSON object of kind → id');
  const ids = { ...DEV_TEMPLATE_IDS };
  for (const [kind, id] of Object.entries(parsed)) {
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown notice kind: ${kind}`);
    if (typeof id !== 'string' || !TEMPLATE_ID_FORMAT.test(id))
      throw new Error(`template id of ${kind} must be the id the admin console shows (letters, digits, - and _)`);
    ids[kind as NoticeKind] = id;
  }
  return ids;
}

/** The kind whose template has this id (what the mini-program reports back from its ask). */
export const kindOfTemplate = (ids: TemplateIds, templateId: string): NoticeKind | undefined =>
  NOTICE_KINDS.find((kind) => ids[kind] === templateId);

/** The `data` of a subscribeMessage.send: every field of the template, its value cut to its rule. */
export function messageData(kind: NoticeKind, notice: NoticeContent): Record<string, { value: string }> {
  return Object.fromEntries(
    TEMPLATES[kind].fields.map((f) => [f.key, { value: formatField(f.type, f.value(notice)) }]),
  );
}

/**
 * The page a notice opens (a message's `page`, an inbox row's tap): the detail page of its subject, or where the
 * audience it reached works on it — a task published to a community's party members opens its task hall (领单 is
 * there), a topic told to a community's staff opens their topic queue. `audience` is the notification's
 * (`party_members:cm-1`); without it, the page everyone concerned may open.
 */
export function subjectPage(subject: NoticeSubject, audience?: string): string {
  const id = encodeURIComponent(subject.id);
  const [group, scope] = audience ? audience.split(':') : [];
  const scopeId = encodeURIComponent(scope ?? '');
  switch (subject.type) {
    case 'order':
      return group === 'party_members'
        ? `pages/volunteer/hall/index?communityId=${scopeId}`
        : `pages/orders/detail/index?id=${id}`;
    case 'complaint':
      return `pages/complaints/detail/index?id=${id}`;
    case 'meeting':
      return `pages/councils/meeting/index?id=${id}`;
    case 'topic':
      return group === 'community_staff'
        ? `pages/councils/topics/index?communityId=${scopeId}`
        : 'pages/councils/topics/index';
    case 'redemption':
      return 'pages/volunteer/shop/index';
  }
}

/** WeChat asks about at most 3 templates at once (wx.requestSubscribeMessage). */
export const MAX_TEMPLATES_PER_ASK = 3;

/**
 * What a person is asked to allow at each tap (≤ 3 kinds each), only kinds the functions then send him: 下单 — his
 * order accepted, done, to rate; 投诉 — answered, escalated; 排候补 — a seat came free; 领单 — the next task in the
 * hall. (A seat at sign-up is told on the page; meeting_seat and meeting_reminder are sent by nothing yet.)
 */
export const ASKS = {
  placeOrder: ['order_accepted', 'order_done', 'order_to_rate'],
  fileComplaint: ['complaint_answered', 'complaint_escalated'],
  signUp: ['meeting_seat', 'meeting_reminder'],
  joinWaitlist: ['meeting_promoted', 'meeting_reminder'],
  claimTask: ['task_published'],
} as const satisfies Record<string, readonly NoticeKind[]>;

/** The order states whose notice has a template (the others reach the inbox only). */
export const ORDER_STATE_NOTICES: Partial<Record<string, NoticeKind>> = {
  dispatched: 'order_dispatched',
  accepted: 'order_accepted',
  published: 'task_published',
  completed: 'order_done',
  confirmed: 'order_to_rate',
};

/** A complaint step's template: escalated when it moved up a level, else by its new state. */
export const complaintNoticeKind = (state: string, escalated: boolean): NoticeKind | undefined =>
  escalated ? 'complaint_escalated' : state === 'answered' ? 'complaint_answered' : undefined;
