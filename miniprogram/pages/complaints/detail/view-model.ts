import { errorText } from '../../../lib/errors';
import { complaintsActions, type ComplaintDetail } from '../../../shared/api/complaints';
import { enabledActions } from '../../../shared/complaints/capabilities';
import type { ErrorBody } from '../../../shared/errors';
import {
  COMPLAINT_LEVELS,
  COMPLAINT_STATES,
  levelLabel,
  nextLevel,
  type ComplaintAction,
} from '../../../shared/complaints/machine';
import { complaintDeadlineText, RELATION_LABELS, supportersText } from '../../../shared/complaints/wording';
import type { Tone } from '../../../shared/orders/machine';
import { orderDetailUrl } from '../../../lib/links';
import { photoItems, type PhotoItem } from '../../../lib/photos';
import { formatTime } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';

export interface TimelineItem {
  key: string;
  /** 超时升级 · 街道吹哨 */
  title: string;
  /** 物业企业 德轩物业 / 系统 */
  actor: string;
  at: string;
  /** 物业企业 → 社区 when it climbed; '' otherwise. */
  climb: string;
  reason: string;
  photos: PhotoItem[];
}

/** The buttons of the complaint's page: the caller's, from the server's `actions` only (评价 is a form). */
export type ButtonAction = Exclude<ComplaintAction, 'rate' | 'escalate' | 'auto_confirm' | 'auto_close'>;

export interface ActionButton {
  action: ButtonAction;
  label: string;
  theme: 'primary' | 'default' | 'danger';
  variant: 'base' | 'outline';
}

export interface ComplaintDetailView {
  id: string;
  category: string;
  statusLabel: string;
  statusTone: Tone;
  statusHint: string;
  /** Who holds it now. */
  levelLabel: string;
  deadlineText: string;
  overdue: boolean;
  escalationsText: string;
  relationLabel: string;
  /** 电话代办, 窗口代办, or ''. */
  channelTag: string;
  supportersText: string;
  description: string;
  photos: PhotoItem[];
  /** What the review of its photos means to this viewer (照片审核中…), or empty. */
  photoNote: string;
  compound: string;
  community: string;
  /** The property company, or 无物业（社区代管）. */
  company: string;
  department: string;
  /** 张桂兰 138…: for the filer himself and whoever must reach him; '' for others. */
  contact: string;
  /** How neighbours see the filer. */
  filer: string;
  created: string;
  answer: { by: string; notes: string; at: string; photos: PhotoItem[] } | null;
  rating: { stars: number; starsText: string; comment: string; at: string } | null;
  closingReason: string;
  timeline: TimelineItem[];
  buttons: ActionButton[];
  canRate: boolean;
  /** The proactive order (未诉先办) that covers it, if any. */
  orderUrl: string;
}

export type DetailViewModel =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; complaint: ComplaintDetailView };

export const loadingDetail = (): DetailViewModel => ({ state: 'loading' });
export const detailError = (error: ErrorBody): DetailViewModel => ({ state: 'error', message: errorText(error) });

export const STAR_TEXTS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

const BUTTONS: Record<ButtonAction, Omit<ActionButton, 'action'>> = {
  satisfied: { label: '满意', theme: 'primary', variant: 'base' },
  not_satisfied: { label: '不满意，升级办理', theme: 'danger', variant: 'outline' },
  acknowledge: { label: '受理', theme: 'primary', variant: 'outline' },
  answer: { label: '答复', theme: 'primary', variant: 'base' },
  refer: { label: '上报上级', theme: 'default', variant: 'outline' },
  close_not_responsible: { label: '认定非物业责任', theme: 'danger', variant: 'outline' },
};
const BUTTON_ORDER = Object.keys(BUTTONS) as ButtonAction[];

/** The buttons for the actions the server says the caller may take now, in a fixed order. */
export function actionButtons(complaint: Pick<ComplaintDetail, 'actions' | 'level'>): ActionButton[] {
  const up = nextLevel(complaint.level);
  const enabled = enabledActions(complaint.actions);
  return BUTTON_ORDER.filter((a) => enabled.includes(a)).map((action) => ({
    action,
    ...BUTTONS[action],
    // 上报上级 · 街道吹哨: named for where it goes
    ...(action === 'refer' && up && { label: `${BUTTONS.refer.label} · ${COMPLAINT_LEVELS[up].arrival}` }),
  }));
}

export function toTimelineItems(
  c: Pick<ComplaintDetail, 'timeline'>,
  photoUrl: (fileID: string) => string,
): TimelineItem[] {
  return c.timeline
    .map((e, index) => ({
      key: `${index}`,
      title: e.actionLabel,
      actor: e.role === 'system' ? '系统' : `${e.roleLabel} ${e.actorName}`.trim(),
      at: formatTime(e.at),
      climb: e.fromLevel === e.toLevel ? '' : `${levelLabel(e.fromLevel)} → ${levelLabel(e.toLevel)}`,
      reason: e.reason,
      photos: photoItems(e.photos, photoUrl),
    }))
    .reverse(); // newest first: what happened last is what one looks for
}

export function toDetailView(c: ComplaintDetail, photoUrl: (fileID: string) => string): ComplaintDetailView {
  const photos = (ids: string[]) => photoItems(ids, photoUrl);
  return {
    id: c.id,
    category: c.category.label,
    statusLabel: c.statusLabel,
    statusTone: c.statusTone,
    statusHint: COMPLAINT_STATES[c.status].hint,
    levelLabel: c.levelLabel,
    deadlineText: complaintDeadlineText(c),
    overdue: c.overdue,
    escalationsText: c.escalations > 0 ? `已升级${c.escalations}次` : '',
    relationLabel: c.relation ? RELATION_LABELS[c.relation] : '',
    channelTag: c.channelTag,
    supportersText: supportersText(c.supporters),
    description: c.description,
    photos: photos(c.photos),
    photoNote: c.photoNote ?? '',
    compound: c.compound.name,
    community: c.community.name,
    company: c.company ? c.company.name : '无物业（社区办理）',
    department: c.department?.name ?? '',
    contact: c.resident ? `${c.resident.name} ${c.resident.phone}`.trim() : '',
    filer: c.filerName ?? '一位邻居',
    created: formatTime(c.createdAt),
    answer: c.answer
      ? {
          by: levelLabel(c.answer.level),
          notes: c.answer.notes,
          at: formatTime(c.answer.at),
          photos: photos(c.answer.photos),
        }
      : null,
    rating: c.rating
      ? {
          stars: c.rating.stars,
          starsText: STAR_TEXTS[c.rating.stars] ?? '',
          comment: c.rating.comment,
          at: formatTime(c.rating.at),
        }
      : null,
    closingReason: c.closingReason ?? '',
    timeline: toTimelineItems(c, photoUrl),
    buttons: actionButtons(c),
    canRate: enabledActions(c.actions).includes('rate'),
    orderUrl: c.proactiveOrderId ? orderDetailUrl(c.proactiveOrderId) : '',
  };
}

export const toDetailViewModel = (c: ComplaintDetail, photoUrl: (fileID: string) => string): DetailViewModel => ({
  state: 'ready',
  complaint: toDetailView(c, photoUrl),
});

/** The rating form: stars (1–5) and an optional comment. */
export interface RatingForm {
  stars: number;
  comment: string;
  error: string;
}

export const emptyRating = (): RatingForm => ({ stars: 0, comment: '', error: '' });

/** What `rate` is sent: no empty comment. */
export const rateInput = (complaintId: string, form: Pick<RatingForm, 'stars' | 'comment'>) => {
  const comment = form.comment.trim();
  return { complaintId, stars: form.stars, ...(comment && { comment }) };
};

/** What `rate` would refuse, by the same schema; '' when it may be sent. */
export function ratingError(complaintId: string, form: Pick<RatingForm, 'stars' | 'comment'>): string {
  const errors = fieldErrors(complaintsActions.rate.input, rateInput(complaintId, form));
  return errors.stars ?? errors.comment ?? '';
}

/** The actions that ask for a reason, the prompt's words, and the schema that checks the reason. */
export const REASON_PROMPTS = {
  not_satisfied: { title: '不满意', placeholder: '哪里还没解决？（必填，将升级到上一级办理）' },
  refer: { title: '上报上级', placeholder: '请说明上报的理由（必填，居民可见）' },
  close_not_responsible: { title: '认定非物业责任', placeholder: '请说明理由（必填，居民可见）' },
} as const satisfies Partial<Record<ButtonAction, { title: string; placeholder: string }>>;

export type ReasonAction = keyof typeof REASON_PROMPTS;

const REASON_SCHEMAS = {
  not_satisfied: complaintsActions.notSatisfied.input,
  refer: complaintsActions.refer.input,
  close_not_responsible: complaintsActions.closeNotResponsible.input,
};

/** What the server would refuse about a reason; '' when it is fine. */
export const reasonError = (action: ReasonAction, complaintId: string, reason: string): string =>
  fieldErrors(REASON_SCHEMAS[action], { complaintId, reason }).reason ?? '';

/** What the page says after an action succeeded. */
export const ACTION_DONE: Record<ButtonAction | 'rate', string> = {
  satisfied: '感谢确认，请评价',
  not_satisfied: '已升级到上一级办理',
  acknowledge: '已受理',
  answer: '已答复',
  refer: '已上报上级',
  close_not_responsible: '已结束',
  rate: '感谢您的评价',
};

/** The line shown above everything when he joined a neighbour's complaint instead of filing his own. */
export const JOINED_NOTICE = '小区里已有同类投诉，您已附议，不必重复投诉；办理进展会同样通知您。';
