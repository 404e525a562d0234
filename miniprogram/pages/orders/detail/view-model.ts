import { errorText } from '../../../lib/errors';
import { CONTACT_PREFERENCES, PREFERRED_TIMES, ordersActions, type OrderDetail } from '../../../shared/api/orders';
import type { ErrorBody } from '../../../shared/errors';
import { tierLimitLabel } from '../../../shared/orders/catalogue';
import { ORDER_STATES, stateLabel, type OrderAction, type Tone } from '../../../shared/orders/machine';
import { reworkText } from '../../../shared/orders/wording';
import { RECORDED_BY_STAFF } from '../../../shared/intake';
import { photoItems, type PhotoItem } from '../../../lib/photos';
import { formatTime } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';
import { deadlineView } from '../lib/deadline';

export type PhotoView = PhotoItem;

export interface TimelineItem {
  key: string;
  title: string;
  /** 社区工作人员 陈明 */
  actor: string;
  at: string;
  /** 待受理 → 待单位接单; '' when the state stayed. */
  change: string;
  reason: string;
  /** What the step showed (发回重办's photos, a volunteer's report). */
  photos: PhotoView[];
}

export interface RatingView {
  who: string;
  stars: number;
  starsText: string;
  comment: string;
  at: string;
}

/** The buttons the resident may press, from the server's `actions` only. */
export type ResidentAction = 'cancel' | 'confirm' | 'not_fixed';

export interface ActionButton {
  action: ResidentAction;
  label: string;
  theme: 'primary' | 'default' | 'danger';
  variant: 'base' | 'outline';
}

export interface VolunteerView {
  key: string;
  name: string;
  claimLabel: string;
  /** 签到 09:00 · 签退 10:30 — what the viewer may see of it. */
  times: string;
  /** 志愿时长 1.5小时, or empty. */
  hours: string;
  notes: string;
  photos: PhotoView[];
}

export interface OrderDetailView {
  id: string;
  category: string;
  limitLabel: string;
  statusLabel: string;
  statusTone: Tone;
  statusHint: string;
  deadline: string;
  overdue: boolean;
  escalated: boolean;
  rework: string;
  description: string;
  photos: PhotoView[];
  /** What the review of its photos means to this viewer (照片审核中…), or empty. */
  photoNote: string;
  place: string;
  community: string;
  /** Who does the work: the unit, 社区自办, or 待派单. */
  handler: string;
  preferredTime: string;
  contact: string;
  privacy: string;
  /** 代办: 电话代办 · 陈明; '' when the resident asked himself. */
  intake: string;
  created: string;
  completion: { notes: string; at: string; photos: PhotoView[] } | null;
  /** 志愿服务: the volunteers' work as the server lets this viewer see it. */
  volunteers: VolunteerView[];
  ratings: RatingView[];
  timeline: TimelineItem[];
  buttons: ActionButton[];
  /** The resident may rate now, or staff may record his rating (he gave it by phone): the rating form is shown. */
  canRate: boolean;
  /** The rating form records the resident's rating for him (代录) rather than being his own. */
  recordsRating: boolean;
}

export type DetailViewModel =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; order: OrderDetailView };

export const loadingDetail = (): DetailViewModel => ({ state: 'loading' });
export const detailError = (error: ErrorBody): DetailViewModel => ({ state: 'error', message: errorText(error) });

const BUTTONS: Record<ResidentAction, Omit<ActionButton, 'action'>> = {
  confirm: { label: '确认解决', theme: 'primary', variant: 'base' },
  not_fixed: { label: '没解决，发回重办', theme: 'danger', variant: 'outline' },
  cancel: { label: '撤销工单', theme: 'default', variant: 'outline' },
};
const BUTTON_ORDER: ResidentAction[] = ['confirm', 'not_fixed', 'cancel'];

/** The resident's buttons, in a fixed order, for the actions the server says he may take now. */
export function residentButtons(actions: readonly OrderAction[]): ActionButton[] {
  return BUTTON_ORDER.filter((action) => actions.includes(action)).map((action) => ({ action, ...BUTTONS[action] }));
}

export const STAR_TEXTS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

function handlerText(order: OrderDetail): string {
  if (order.unit) return order.unit.name;
  if (order.holder === 'community') return `${order.community.name}（社区自办）`;
  return ORDER_STATES[order.status].category === 'closed' ? '—' : '待社区派单';
}

export function toTimelineItems(
  order: Pick<OrderDetail, 'timeline'>,
  photoUrl: (fileID: string) => string,
): TimelineItem[] {
  return order.timeline
    .map((entry, index) => ({
      key: `${index}`,
      title: entry.actionLabel,
      actor: entry.role === 'system' ? '系统' : `${entry.roleLabel} ${entry.actorName}`.trim(),
      at: formatTime(entry.at),
      change: entry.from === entry.to ? '' : `${stateLabel(entry.from)} → ${stateLabel(entry.to)}`,
      reason: entry.reason,
      photos: photoItems(entry.photos, photoUrl),
    }))
    .reverse(); // newest first: what happened last is what the resident looks for
}

export function toDetailView(
  order: OrderDetail,
  now: Date | string | number,
  photoUrl: (fileID: string) => string,
): OrderDetailView {
  const deadline = deadlineView(order, now);
  const photos = (ids: string[]) => photoItems(ids, photoUrl);
  const ratings: RatingView[] = [];
  const rated = (who: string, r: OrderDetail['ratings']['resident']) => {
    if (r)
      ratings.push({
        who,
        stars: r.stars,
        starsText: STAR_TEXTS[r.stars] ?? '',
        comment: r.comment,
        at: formatTime(r.at),
      });
  };
  const own = order.ratings.resident;
  rated(own?.recordedBy ? `居民评价（${RECORDED_BY_STAFF}：${own.recordedBy}）` : '我的评价', own);
  rated('社区评价', order.ratings.community);
  return {
    id: order.id,
    category: order.category.label,
    limitLabel: tierLimitLabel(order.tier),
    statusLabel: order.statusLabel,
    statusTone: order.statusTone,
    statusHint: ORDER_STATES[order.status].hint,
    deadline: deadline.text,
    overdue: deadline.overdue,
    escalated: order.escalated,
    rework: reworkText(order.reworkCount),
    description: order.description,
    photos: photos(order.photos),
    photoNote: order.photoNote ?? '',
    place: order.place,
    community: order.community.name,
    handler: handlerText(order),
    preferredTime: PREFERRED_TIMES[order.preferredTime],
    contact: CONTACT_PREFERENCES[order.contact],
    privacy: order.privateContact ? '对志愿者隐藏姓名电话' : '',
    intake: order.intake ? [order.intake.channelTag, order.intake.takenByName].filter(Boolean).join(' · ') : '',
    created: formatTime(order.createdAt),
    completion: order.completion
      ? { notes: order.completion.notes, at: formatTime(order.completion.at), photos: photos(order.completion.photos) }
      : null,
    volunteers: order.volunteers.map((v, i) => ({
      key: `${i}`,
      name: v.name,
      claimLabel: v.claimLabel,
      times: [
        v.checkedInAt && `签到 ${formatTime(v.checkedInAt)}`,
        v.checkedOutAt && `签退 ${formatTime(v.checkedOutAt)}`,
        v.reportedAt && `提交 ${formatTime(v.reportedAt)}`,
      ]
        .filter(Boolean)
        .join(' · '),
      hours: v.hours === null ? '' : `志愿时长 ${v.hours}小时`,
      notes: v.notes,
      photos: photos(v.photos),
    })),
    ratings,
    timeline: toTimelineItems(order, photoUrl),
    buttons: residentButtons(order.actions),
    canRate: order.actions.includes('rate_by_resident') || (order.intake?.mayRecordRating ?? false),
    recordsRating: !order.actions.includes('rate_by_resident') && (order.intake?.mayRecordRating ?? false),
  };
}

export const toDetailViewModel = (
  order: OrderDetail,
  now: Date | string | number,
  photoUrl: (fileID: string) => string,
): DetailViewModel => ({ state: 'ready', order: toDetailView(order, now, photoUrl) });

/** The rating form: stars (1–5) and an optional comment. */
export interface RatingForm {
  stars: number;
  comment: string;
  error: string;
}

export const emptyRating = (): RatingForm => ({ stars: 0, comment: '', error: '' });

/** What `rate` would refuse, checked with the same schema before sending. */
export function ratingError(orderId: string, form: Pick<RatingForm, 'stars' | 'comment'>): string {
  const errors = fieldErrors(ordersActions.rate.input, {
    orderId,
    as: 'resident',
    stars: form.stars,
    comment: form.comment,
  });
  return errors.stars ?? errors.comment ?? '';
}

/** What `notFixed` would refuse about the reason; '' when it is fine. */
export function notFixedReasonError(orderId: string, reason: string): string {
  return fieldErrors(ordersActions.notFixed.input, { orderId, reason }).reason ?? '';
}

/** What the page says after an action succeeded. */
export const ACTION_DONE: Record<ResidentAction | 'rate', string> = {
  cancel: '已撤销',
  confirm: '已确认解决',
  not_fixed: '已发回重办',
  rate: '感谢您的评价',
};
