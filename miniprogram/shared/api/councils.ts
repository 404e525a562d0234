import { published } from '../schemas/published';
import * as z from 'zod/mini';
import { CODE_DIGITS } from '../councils/checkin';
import {
  FIVE_STEPS,
  MAX_AGENDA_ITEMS,
  MEETING_STATE_NAMES,
  ORGANISER_ACTION_NAMES,
  TOPIC_ACTION_NAMES,
  TOPIC_STATE_NAMES,
} from '../councils/machine';
import { COUNCIL_LEVEL_NAMES, JOIN_BASES, type JoinBasis } from '../councils/scope';
import { MAX_CAPACITY } from '../councils/seats';
import { ORDER_STATE_NAMES } from '../orders/machine';
import { Id } from '../schemas/common';
import { action } from './action';
import { Cursor, Description, Named, Page, PhotoNote, Reason, Tone } from './common';
import { CategoryId, FileId, Photos, RequestId } from './orders';

/**
 * The `councils` cloud function: 议事会 — 群众说事 (propose, back, accept onto an agenda, decline), meetings at
 * three levels (楼院议事、网格议事、大党委议事) with sign-up, waitlist and check-in codes, minutes and resolutions
 * that become service orders (五步工作法: 群众说事、议事会议事、支部理事、部门干事、领导帮助解决).
 * The server checks scope (shared/councils/scope.ts), then the machines (machine.ts), seats (seats.ts) and codes
 * (checkin.ts). The caller is never a field: his binding and roles come from his user record.
 */

// Not in api/common.ts yet (orders keeps its own, unexported): move it there when the next contract needs it.
const Time = z.iso.datetime({ offset: true, error: '请选择有效的时间' });

const Level = z.enum(COUNCIL_LEVEL_NAMES, '请选择议事层级');
const TopicStatus = z.enum(TOPIC_STATE_NAMES);
const MeetingStatus = z.enum(MEETING_STATE_NAMES);
const Basis = z.enum(Object.keys(JOIN_BASES) as JoinBasis[]);

const Title = published(
  z.string().check(z.trim(), z.minLength(4, '标题至少4个字'), z.maxLength(30, '标题最多30个字')),
  '标题',
);
const Place = published(
  z.string().check(z.trim(), z.minLength(2, '请填写会议地点'), z.maxLength(100, '地点最多100个字')),
  '会议地点',
);
const Capacity = z.int('名额应为整数').check(z.gte(1, '至少1个名额'), z.lte(MAX_CAPACITY, `最多${MAX_CAPACITY}个名额`));
const TopicIds = z.array(Id).check(z.maxLength(MAX_AGENDA_ITEMS, `议程最多${MAX_AGENDA_ITEMS}项`));
const OtherItems = z
  .array(
    published(
      z.string().check(z.trim(), z.minLength(2, '议程至少2个字'), z.maxLength(50, '每项议程最多50个字')),
      '议程',
    ),
  )
  .check(z.maxLength(MAX_AGENDA_ITEMS, `议程最多${MAX_AGENDA_ITEMS}项`));
const AudienceInput = z.strictObject({
  /** Let the community's approved party members (在职党员) join too. */
  partyMembers: z.optional(z.boolean()),
  /** Units whose members may join as representatives (驻区单位、职能部门). */
  unitIds: z.optional(z.array(Id).check(z.maxLength(20, '最多邀请20个单位'))),
});

// ── Topics 群众说事 ───────────────────────────────────────────────────────────────────────────────────────────

export const Topic = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  photos: z.array(FileId),
  photoNote: PhotoNote,
  level: Level,
  levelLabel: z.string(),
  /** The building, grid or community it is about. */
  place: Named,
  status: TopicStatus,
  statusLabel: z.string(),
  statusTone: Tone,
  open: z.boolean(),
  /** 附议: neighbours who backed it, not counting the proposer. */
  backers: z.number(),
  /** The proposer's name if he let neighbours see it (masked as privacy requires); null: 一位居民. */
  proposerName: z.nullable(z.string()),
  relation: z.nullable(z.enum(['proposer', 'backer'])),
  /** The meeting whose agenda it is on (or was discussed at). */
  meeting: z.nullable(z.object({ id: Id, title: z.string(), startAt: z.string() })),
  /** Why organisers declined it. */
  declineReason: z.nullable(z.string()),
  /** What the caller may do now (accept, decline, withdraw…); 附议 is `canBack`. */
  actions: z.array(z.enum(TOPIC_ACTION_NAMES)),
  canBack: z.boolean(),
  createdAt: z.string(),
});

// ── Meetings 议事会 ──────────────────────────────────────────────────────────────────────────────────────────

/** The caller's own sign-up: a seat, or a waitlist position (1 = next to move up). */
export const MySeat = z.object({
  status: z.enum(['confirmed', 'waitlisted']),
  position: z.nullable(z.number()),
  /** Whether he has checked in. */
  checkedInAt: z.nullable(z.string()),
});

export const MeetingSummary = z.object({
  id: Id,
  title: z.string(),
  level: Level,
  levelLabel: z.string(),
  /** The building, grid or community it is for. */
  scope: Named,
  status: MeetingStatus,
  statusLabel: z.string(),
  statusTone: Tone,
  open: z.boolean(),
  startAt: z.string(),
  endAt: z.string(),
  place: z.string(),
  capacity: z.number(),
  confirmed: z.number(),
  waitlisted: z.number(),
  signUpDeadline: z.string(),
  /** The sign-up button: 报名, 排候补, 取消报名, or none — with a line saying why (seats.ts signUpOption). */
  signUp: z.object({
    action: z.nullable(z.enum(['sign_up', 'join_waitlist', 'cancel'])),
    note: z.string(),
  }),
  mine: z.nullable(MySeat),
});

export const AgendaItem = z.object({
  title: z.string(),
  /** A resident's topic, with its backing; null for an item the organisers added. */
  topic: z.nullable(z.object({ id: Id, backers: z.number(), status: TopicStatus })),
});

export const ResolutionOrder = z.object({
  id: Id,
  status: z.enum(ORDER_STATE_NAMES),
  statusLabel: z.string(),
  statusTone: Tone,
  open: z.boolean(),
  /** Where the matter stands in 五步工作法 (machine.ts resolutionProgress). */
  step: z.int().check(z.gte(0), z.lte(FIVE_STEPS.length - 1)),
  stepLabel: z.string(),
  overdue: z.boolean(),
});

export const Resolution = z.object({
  id: Id,
  text: z.string(),
  /** The agenda topic it settles, if any. */
  topicId: z.nullable(Id),
  /** The service order made from it, with its progress; null until staff turn it into one. */
  order: z.nullable(ResolutionOrder),
});

export const Attendance = z.object({
  capacity: z.number(),
  confirmed: z.number(),
  waitlisted: z.number(),
  checkedIn: z.number(),
  notYet: z.number(),
});

export const MeetingDetail = z.object({
  ...MeetingSummary.shape,
  description: z.string(),
  /** Who called the meeting, by name (no person's id leaves the server). */
  organizer: z.object({ name: z.string() }),
  /** Besides the scope's residents. */
  audience: z.object({ partyMembers: z.boolean(), units: z.array(Named) }),
  agenda: z.array(AgendaItem),
  /** The caller's check-in code while he is signed up: six digits and the QR payload (checkin.ts). */
  myCode: z.nullable(z.object({ code: z.string(), qr: z.string() })),
  cancelReason: z.nullable(z.string()),
  minutes: z.nullable(z.object({ text: z.string(), photos: z.array(FileId), publishedAt: z.string() })),
  photoNote: PhotoNote,
  resolutions: z.array(Resolution),
  /** Organisers only. */
  attendance: z.nullable(Attendance),
  /** What the caller may do now: the organiser's buttons (machine.ts organiserActions); none for anyone else. */
  actions: z.array(z.enum(ORGANISER_ACTION_NAMES)),
});

export const MySignUp = z.object({
  meeting: MeetingSummary,
  status: z.enum(['confirmed', 'waitlisted']),
  position: z.nullable(z.number()),
  code: z.string(),
  qr: z.string(),
  checkedInAt: z.nullable(z.string()),
});

export const Attendee = z.object({
  /** A name staff may see (the organiser is of the person's community or grid). */
  name: z.string(),
  building: z.string(),
  basis: Basis,
  basisLabel: z.string(),
  checkedInAt: z.nullable(z.string()),
});

const MeetingRef = z.strictObject({ meetingId: Id });
const TopicRef = z.strictObject({ topicId: Id });

const meetingFields = {
  title: Title,
  description: z.optional(published(z.string().check(z.trim(), z.maxLength(500, '说明最多500个字')), '会议说明')),
  /** Residents' topics (群众说事) taken onto the agenda: each must be 征集中 and of a place in the scope. */
  topicIds: z.optional(TopicIds),
  /** Items the organisers add themselves. */
  otherItems: z.optional(OtherItems),
  startAt: Time,
  endAt: Time,
  place: Place,
  capacity: Capacity,
  signUpDeadline: Time,
  audience: z.optional(AudienceInput),
};

export const councilsActions = {
  // 群众说事
  proposeTopic: action({
    summary: '群众说事：为本楼栋、本网格或本社区提出议题',
    input: z.strictObject({
      requestId: RequestId,
      /** The place is the caller's own building, grid or community at this level. */
      level: Level,
      title: Title,
      description: published(
        z.string().check(z.trim(), z.minLength(10, '请说明情况（至少10个字）'), z.maxLength(500, '说明最多500个字')),
        '情况说明',
      ),
      photos: z.optional(Photos),
      /** Let neighbours see his name (default: shown as 一位居民). */
      publicName: z.optional(z.boolean()),
    }),
    output: Topic,
  }),
  listTopics: action({
    summary: '议题：居民看本楼栋、本网格、本社区的；组织者看所辖的；附议多的在前',
    input: z.strictObject({
      /** Organisers: topics of this community they organise for; omitted: the caller's own places. */
      communityId: z.optional(Id),
      level: z.optional(Level),
      status: z.optional(TopicStatus),
      cursor: Cursor,
    }),
    output: Page(Topic),
  }),
  backTopic: action({ summary: '附议：我也支持这个议题', input: TopicRef, output: Topic }),
  withdrawTopic: action({ summary: '撤回自己提出的议题（列入议程前）', input: TopicRef, output: Topic }),
  acceptTopic: action({
    summary: '列入议程：把议题放到一次待召开会议的议程上',
    input: z.strictObject({ topicId: Id, meetingId: Id }),
    output: Topic,
  }),
  declineTopic: action({
    summary: '不予采纳（理由发起人和附议人可见）',
    input: z.strictObject({ topicId: Id, reason: Reason }),
    output: Topic,
  }),

  // 议事会
  createMeeting: action({
    summary: '召集议事会：层级与范围、议程、时间地点、名额、报名截止、参会人员',
    input: z.strictObject({
      requestId: RequestId,
      level: Level,
      /** The building, grid or community (by level) it is for. */
      placeId: Id,
      ...meetingFields,
    }),
    output: MeetingDetail,
  }),
  updateMeeting: action({
    summary: '修改会议（开始前）：名额不少于已报名人数；时间地点变更通知已报名者',
    /** Any of the fields of createMeeting except level and place (they would change who may join). */
    input: z.extend(z.partial(z.strictObject(meetingFields)), { meetingId: Id }),
    output: MeetingDetail,
  }),
  cancelMeeting: action({
    summary: '取消会议（开始前，须说明理由；通知已报名和候补的人）',
    input: z.strictObject({ meetingId: Id, reason: Reason }),
    output: MeetingDetail,
  }),
  listMeetings: action({
    summary: '议事会：居民看自己可参加的；组织者看所辖的',
    input: z.strictObject({
      /** Organisers: meetings of this community; omitted: those the caller may join. */
      communityId: z.optional(Id),
      /** Default upcoming (not yet ended, not cancelled), soonest first; past: most recent first. */
      filter: z.optional(z.enum(['upcoming', 'past'])),
      cursor: Cursor,
    }),
    output: Page(MeetingSummary),
  }),
  getMeeting: action({
    summary: '会议详情：议程、我的报名、纪要与决议办理进度',
    input: MeetingRef,
    output: MeetingDetail,
  }),

  // 报名与签到
  signUp: action({ summary: '报名（满员则进入候补）', input: MeetingRef, output: MeetingDetail }),
  cancelSignUp: action({
    summary: '取消报名（截止前；候补第一位自动递补并收到通知）',
    input: MeetingRef,
    output: MeetingDetail,
  }),
  mySignUps: action({
    summary: '我的报名与签到码',
    input: z.strictObject({ filter: z.optional(z.enum(['upcoming', 'past'])), cursor: Cursor }),
    output: Page(MySignUp),
  }),
  checkIn: action({
    summary: '签到（工作人员扫码或输入签到码；每码限本会议使用一次）',
    input: z.strictObject({
      meetingId: Id,
      /** Six digits as typed, or the scanned QR payload. */
      code: z.string().check(z.trim(), z.minLength(CODE_DIGITS, '请输入签到码'), z.maxLength(100, '签到码无效')),
    }),
    output: z.object({ attendee: Attendee, attendance: Attendance }),
  }),
  attendance: action({
    summary: '到会情况（工作人员，实时）',
    input: MeetingRef,
    output: z.object({ attendance: Attendance, attendees: z.array(Attendee) }),
  }),

  // 会后
  publishMinutes: action({
    summary: '公开会议纪要与决议（会议开始后；通知到会者和议题的发起人、附议人）',
    input: z.strictObject({
      meetingId: Id,
      minutes: published(
        z
          .string()
          .check(z.trim(), z.minLength(10, '请填写会议纪要（至少10个字）'), z.maxLength(5000, '纪要最多5000个字')),
        '会议纪要',
      ),
      resolutions: z
        .array(
          z.strictObject({
            text: published(
              z
                .string()
                .check(z.trim(), z.minLength(4, '请填写决议（至少4个字）'), z.maxLength(300, '每项决议最多300个字')),
              '决议',
            ),
            topicId: z.optional(Id),
          }),
        )
        .check(z.maxLength(20, '决议最多20项')),
      photos: z.optional(Photos),
    }),
    output: MeetingDetail,
  }),
  resolutionToOrder: action({
    summary: '决议转工单：按服务目录生成工单，此后像其他工单一样办理，会议页显示进度',
    input: z.strictObject({
      requestId: RequestId,
      meetingId: Id,
      resolutionId: Id,
      categoryId: CategoryId,
      /** Omitted: the resolution's text. */
      description: z.optional(Description('需要办理的事项')),
    }),
    output: z.object({ orderId: Id }),
  }),
};

export type Topic = z.infer<typeof Topic>;
export type MeetingSummary = z.infer<typeof MeetingSummary>;
export type MeetingDetail = z.infer<typeof MeetingDetail>;
export type MySignUp = z.infer<typeof MySignUp>;
export type Attendee = z.infer<typeof Attendee>;
export type Attendance = z.infer<typeof Attendance>;
export type Resolution = z.infer<typeof Resolution>;
