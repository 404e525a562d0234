import { errorText } from '../../../lib/errors';
import type { MeetingDetail } from '../../../shared/api/councils';
import type { ErrorBody } from '../../../shared/errors';
import { MEETING_STATES } from '../../../shared/councils/machine';
import type { Tone } from '../../../shared/orders/machine';
import { orderDetailUrl } from '../../../lib/links';
import { formatTime, timeWindow } from '../../../shared/time';
import { mySeatText, seatsText } from '../lib/meetings';

export type SignUpAction = 'sign_up' | 'join_waitlist' | 'cancel';

const SIGN_UP_BUTTONS: Record<SignUpAction, { label: string; theme: 'primary' | 'default' }> = {
  sign_up: { label: '报名', theme: 'primary' },
  join_waitlist: { label: '排候补', theme: 'primary' },
  cancel: { label: '取消报名', theme: 'default' },
};

/** The organiser's buttons, as the server's `actions` allow them (none for anyone else). */
export type OrganiserAction = 'edit' | 'cancel' | 'attendance' | 'minutes';

const ORGANISER_BUTTONS: Record<OrganiserAction, { label: string; theme: 'primary' | 'default' | 'danger' }> = {
  attendance: { label: '签到与到会情况', theme: 'primary' },
  minutes: { label: '公开纪要与决议', theme: 'primary' },
  edit: { label: '修改会议', theme: 'default' },
  cancel: { label: '取消会议', theme: 'danger' },
};

export function organiserButtons(m: MeetingDetail): Array<{ action: OrganiserAction; label: string; theme: string }> {
  const has = (a: MeetingDetail['actions'][number]) => m.actions.includes(a);
  const shown: OrganiserAction[] = [];
  if (has('check_in')) shown.push('attendance');
  if (has('publish_minutes') || has('resolution_to_order')) shown.push('minutes');
  if (has('edit')) shown.push('edit');
  if (has('cancel')) shown.push('cancel');
  return shown.map((action) => ({ action, ...ORGANISER_BUTTONS[action] }));
}

export interface ResolutionView {
  id: string;
  text: string;
  /** 议事会议事 until it becomes an order, then the order's step of 五步工作法. */
  stepLabel: string;
  order: { id: string; url: string; statusLabel: string; statusTone: Tone; overdue: boolean } | null;
}

export interface MeetingView {
  id: string;
  title: string;
  levelLabel: string;
  scope: string;
  statusLabel: string;
  statusTone: Tone;
  statusHint: string;
  when: string;
  place: string;
  deadline: string;
  seats: string;
  description: string;
  organizer: string;
  audience: string;
  agenda: Array<{ key: string; title: string; backers: string }>;
  signUp: { action: SignUpAction | null; label: string; theme: string; note: string };
  /** 已报名 / 候补第2位 / 已签到; ''. */
  mine: string;
  code: { code: string; qr: string } | null;
  cancelReason: string;
  minutes: { text: string; at: string } | null;
  resolutions: ResolutionView[];
  attendance: string;
  buttons: Array<{ action: OrganiserAction; label: string; theme: string }>;
}

export type MeetingViewModel =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; meeting: MeetingView };

export const loadingMeeting = (): MeetingViewModel => ({ state: 'loading' });
export const meetingError = (error: ErrorBody): MeetingViewModel => ({ state: 'error', message: errorText(error) });

function audienceText(m: MeetingDetail): string {
  const extra = [...(m.audience.partyMembers ? ['在职党员'] : []), ...m.audience.units.map((u) => u.name)];
  return `${m.scope.name}居民${extra.length ? `、${extra.join('、')}` : ''}`;
}

export function toMeetingView(m: MeetingDetail): MeetingView {
  const action = m.signUp.action;
  return {
    id: m.id,
    title: m.title,
    levelLabel: m.levelLabel,
    scope: m.scope.name,
    statusLabel: m.statusLabel,
    statusTone: m.statusTone,
    statusHint: MEETING_STATES[m.status].hint,
    when: timeWindow(m.startAt, m.endAt),
    place: m.place,
    deadline: formatTime(m.signUpDeadline),
    seats: seatsText(m),
    description: m.description,
    organizer: m.organizer.name,
    audience: audienceText(m),
    agenda: m.agenda.map((a, i) => ({
      key: `${i}`,
      title: a.title,
      backers: a.topic ? `群众说事 · ${a.topic.backers}人附议` : '',
    })),
    signUp: {
      action,
      label: action ? SIGN_UP_BUTTONS[action].label : '',
      theme: action ? SIGN_UP_BUTTONS[action].theme : 'default',
      note: m.signUp.note,
    },
    mine: mySeatText(m.mine),
    code: m.myCode,
    cancelReason: m.cancelReason ?? '',
    minutes: m.minutes ? { text: m.minutes.text, at: formatTime(m.minutes.publishedAt) } : null,
    resolutions: m.resolutions.map((r) => ({
      id: r.id,
      text: r.text,
      stepLabel: r.order ? r.order.stepLabel : '议事会议事',
      order: r.order
        ? {
            id: r.order.id,
            url: orderDetailUrl(r.order.id),
            statusLabel: r.order.statusLabel,
            statusTone: r.order.statusTone,
            overdue: r.order.overdue,
          }
        : null,
    })),
    attendance: m.attendance
      ? `已签到 ${m.attendance.checkedIn}/${m.attendance.confirmed} · 候补 ${m.attendance.waitlisted}`
      : '',
    buttons: organiserButtons(m),
  };
}

export const toMeetingViewModel = (m: MeetingDetail): MeetingViewModel => ({
  state: 'ready',
  meeting: toMeetingView(m),
});

/** What the page says after a sign-up action succeeded. */
export function signUpDone(action: SignUpAction, m: Pick<MeetingDetail, 'mine'>): string {
  if (action === 'cancel') return '已取消报名';
  return m.mine?.status === 'waitlisted' ? `已排候补第${m.mine.position}位` : '报名成功';
}

export const staffUrl = (page: 'meeting-form' | 'attendance' | 'minutes', meetingId: string): string =>
  `/pages/staff/${page}/index?id=${encodeURIComponent(meetingId)}`;
