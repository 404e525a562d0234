/**
 * The 议事会 pages' pure parts: the QR matrix of a check-in code, and the view models of the meeting list and
 * detail, my sign-ups, topics, the meeting form, attendance and minutes.
 */
import { appendSignUps, loadingSignUps } from '../../../miniprogram/pages/councils/signups/view-model';
import { mySeatText, seatsText, toMeetingItem } from '../../../miniprogram/pages/councils/lib/meetings';
import { organiserButtons, signUpDone, toMeetingView } from '../../../miniprogram/pages/councils/meeting/view-model';
import {
  emptyTopicForm,
  meetingChoices,
  proposeErrors,
  toTopicItem,
} from '../../../miniprogram/pages/councils/topics/view-model';
import { codeToSend, toAttendanceView } from '../../../miniprogram/pages/staff/attendance/view-model';
import {
  chinaIso,
  meetingToForm,
  newMeetingForm,
  toCreateInput,
  topicChoices,
  validateMeeting,
} from '../../../miniprogram/pages/staff/meeting-form/view-model';
import {
  emptyMinutesForm,
  hasErrors,
  publishErrors,
  toPublishInput,
  topicOptions,
  withRow,
} from '../../../miniprogram/pages/staff/minutes/view-model';
import type { MeetingDetail, Topic } from '../../../miniprogram/shared/api/councils';
import { qrPayload } from '../../../miniprogram/shared/councils/checkin';
import { darkModules, qrMatrix, qrRects } from '../../../miniprogram/pages/councils/lib/qr-matrix';

const NOW = new Date('2026-11-02T09:00:00+08:00');

const meeting = (extra: Partial<MeetingDetail> = {}): MeetingDetail => ({
  id: 'm1',
  title: '加装电梯议事会',
  level: 'community',
  levelLabel: '大党委议事',
  scope: { id: 'cm-xiongguan', name: '雄关社区' },
  status: 'scheduled',
  statusLabel: '待召开',
  statusTone: 'primary',
  open: true,
  startAt: '2026-11-04T06:30:00.000Z',
  endAt: '2026-11-04T08:30:00.000Z',
  place: '党群服务中心',
  capacity: 10,
  confirmed: 7,
  waitlisted: 2,
  signUpDeadline: '2026-11-03T04:00:00.000Z',
  signUp: { action: 'join_waitlist', note: '名额已满，可排候补（前面有2人）' },
  mine: null,
  description: '',
  organizer: { name: '陈明' },
  audience: { partyMembers: true, units: [] },
  agenda: [
    { title: '老旧小区加装电梯', topic: { id: 't1', backers: 3, status: 'accepted' } },
    { title: '听取上次决议落实情况', topic: null },
  ],
  myCode: null,
  cancelReason: null,
  minutes: null,
  photoNote: null,
  resolutions: [],
  attendance: null,
  actions: [],
  ...extra,
});

const topic = (extra: Partial<Topic> = {}): Topic => ({
  id: 't1',
  title: '楼道灯不亮',
  description: '三单元楼道灯坏了很久',
  photos: [],
  photoNote: null,
  level: 'building',
  levelLabel: '楼院议事',
  place: { id: 'bd-dexuan-1', name: '1号楼' },
  status: 'proposed',
  statusLabel: '征集中',
  statusTone: 'warning',
  open: true,
  backers: 2,
  proposerName: null,
  relation: null,
  meeting: null,
  declineReason: null,
  actions: [],
  canBack: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});

describe('the check-in QR matrix', () => {
  const payload = qrPayload('council-meeting-0001', '042917');

  it('is the same for the same payload, with dark modules, and different for another code', () => {
    const a = qrMatrix(payload);
    expect(qrMatrix(payload)).toEqual(a);
    expect(darkModules(a)).toBeGreaterThan(0);
    expect(darkModules(a)).toBeLessThan(a.size * a.size);
    expect(qrMatrix(qrPayload('council-meeting-0001', '042918')).rows).not.toEqual(a.rows);
  });

  it('has 17 + 4 × version modules a side, growing with the payload', () => {
    const small = qrMatrix('123456');
    expect(small).toMatchObject({ version: 1, size: 21 });
    const code = qrMatrix(payload);
    expect(code.size).toBe(17 + 4 * code.version);
    expect(code.rows).toHaveLength(code.size);
    expect(code.rows.every((r) => r.length === code.size && /^[01]+$/.test(r))).toBe(true);
    expect(qrMatrix('x'.repeat(200)).version).toBeGreaterThan(code.version);
    // the finder pattern's corner: a 7-module dark row at the top left
    expect(code.rows[0].slice(0, 7)).toBe('1111111');
  });

  it('draws runs of dark modules as rectangles inside a quiet zone', () => {
    const m = qrMatrix('123456');
    const { cell, rects } = qrRects(m, 250, 2);
    expect(cell).toBe(10);
    expect(rects[0]).toEqual({ x: 20, y: 20, w: 70 }); // the finder's top row
    const covered = rects.reduce((n, r) => n + r.w / cell, 0);
    expect(covered).toBe(darkModules(m));
  });
});

describe('meetings and my sign-ups', () => {
  it('says the seats and my place', () => {
    expect(seatsText({ confirmed: 7, capacity: 10, waitlisted: 2 })).toBe('已报名 7/10 · 候补 2');
    expect(seatsText({ confirmed: 3, capacity: 10, waitlisted: 0 })).toBe('已报名 3/10');
    expect(mySeatText(null)).toBe('');
    expect(mySeatText({ status: 'waitlisted', position: 2, checkedInAt: null })).toBe('候补第2位');
    expect(mySeatText({ status: 'confirmed', position: null, checkedInAt: '2026-11-04T06:20:00Z' })).toBe('已签到');
    expect(toMeetingItem(meeting())).toMatchObject({ when: '11-04 14:30–16:30', scope: '雄关社区' });
  });

  it('the detail: the sign-up button, agenda backing, organiser buttons from the server’s actions', () => {
    const view = toMeetingView(meeting());
    expect(view.signUp).toMatchObject({ action: 'join_waitlist', label: '排候补' });
    expect(view.agenda.map((a) => a.backers)).toEqual(['群众说事 · 3人附议', '']);
    expect(view.audience).toBe('雄关社区居民、在职党员');
    expect(view.buttons).toEqual([]);
    const organiser = meeting({
      attendance: { capacity: 10, confirmed: 7, waitlisted: 2, checkedIn: 0, notYet: 7 },
      actions: ['edit', 'cancel', 'check_in'],
    });
    expect(organiserButtons(organiser).map((b) => b.action)).toEqual(['attendance', 'edit', 'cancel']);
    expect(
      organiserButtons({ ...organiser, status: 'held', actions: ['publish_minutes', 'check_in'] }).map((b) => b.action),
    ).toEqual(['attendance', 'minutes']);
    // after the minutes: turning resolutions into orders, and nothing else
    expect(
      organiserButtons({ ...organiser, status: 'minutes_published', actions: ['resolution_to_order'] }).map(
        (b) => b.action,
      ),
    ).toEqual(['minutes']);
    expect(signUpDone('join_waitlist', { mine: { status: 'waitlisted', position: 3, checkedInAt: null } })).toBe(
      '已排候补第3位',
    );
    const withOrder = toMeetingView(
      meeting({
        resolutions: [
          {
            id: 'r1',
            text: '成立工作组',
            topicId: null,
            order: {
              id: 'o1',
              status: 'dispatched',
              statusLabel: '待单位接单',
              statusTone: 'primary',
              open: true,
              step: 3,
              stepLabel: '部门干事',
              overdue: false,
            },
          },
        ],
      }),
    );
    expect(withOrder.resolutions[0]).toMatchObject({
      stepLabel: '部门干事',
      order: { url: '/pages/orders/detail/index?id=o1' },
    });
  });

  it('my sign-ups carry the code and the QR payload', () => {
    const vm = appendSignUps(
      loadingSignUps(),
      {
        items: [
          {
            meeting: meeting(),
            status: 'waitlisted',
            position: 1,
            code: '042917',
            qr: 'JMT-YSH:m1:042917',
            checkedInAt: null,
          },
        ],
        nextCursor: null,
      },
      true,
    );
    expect(vm.items[0]).toMatchObject({ mine: '候补第1位', code: '042917', qr: 'JMT-YSH:m1:042917' });
  });
});

describe('topics', () => {
  it('shows backing, the proposer as allowed, and the buttons', () => {
    expect(toTopicItem(topic())).toMatchObject({ backers: '2人附议', proposer: '一位居民', canBack: true });
    expect(toTopicItem(topic({ relation: 'proposer', actions: ['withdraw'], canBack: false }))).toMatchObject({
      relation: '我提出的',
      canWithdraw: true,
      canAccept: false,
    });
  });

  it('the propose form uses the contract’s messages', () => {
    expect(proposeErrors(emptyTopicForm(), 'request-0001')).toMatchObject({
      level: '请选择议事层级',
      title: '标题至少4个字',
      description: '请说明情况（至少10个字）',
    });
    const ok = { ...emptyTopicForm(), level: 'grid' as const, title: '小区路灯', notes: '东门路灯坏了一个多月了' };
    expect(proposeErrors(ok, 'request-0001')).toEqual({});
  });

  it('organisers choose among scheduled meetings', () => {
    expect(meetingChoices([meeting(), meeting({ id: 'm2', status: 'held' })])).toEqual([
      { id: 'm1', label: '加装电梯议事会 11-04 14:30' },
    ]);
  });
});

describe('the meeting form', () => {
  const filled = () => ({
    ...newMeetingForm('cm-xiongguan', NOW.getTime()),
    title: '停车管理议事会',
    place: '党群服务中心',
  });

  it('reads China time and defaults to tomorrow afternoon', () => {
    expect(chinaIso('2026-11-03', '14:30')).toBe('2026-11-03T06:30:00.000Z');
    expect(chinaIso('', '14:30')).toBe('');
    expect(newMeetingForm('cm', NOW.getTime())).toMatchObject({ startDate: '2026-11-03', startTime: '14:30' });
  });

  it('validates fields and the schedule before sending', () => {
    expect(validateMeeting(filled(), [], NOW)).toEqual({});
    expect(validateMeeting({ ...filled(), deadlineDate: '2026-11-04' }, [], NOW)).toEqual({
      schedule: '报名截止时间不能晚于开始时间',
    });
    expect(validateMeeting({ ...filled(), startDate: '2026-11-01', endDate: '2026-11-01' }, [], NOW).schedule).toBe(
      '开始时间应晚于现在',
    );
    expect(validateMeeting({ ...filled(), title: '会', level: 'grid', placeId: '' }, [], NOW)).toMatchObject({
      title: '标题至少4个字',
      placeId: '请选择网格',
    });
    expect(validateMeeting({ ...filled(), otherItems: '好' }, [], NOW).agenda).toBe('议程至少2个字');
  });

  it('sends the chosen topics and one item per line; edits start from the meeting', () => {
    const input = toCreateInput(
      { ...filled(), otherItems: ' 听取汇报 \n\n通报方案' },
      [
        { id: 't1', title: '', note: '', checked: true },
        { id: 't2', title: '', note: '', checked: false },
      ],
      'request-0001',
    );
    expect(input).toMatchObject({ topicIds: ['t1'], otherItems: ['听取汇报', '通报方案'], level: 'community' });
    expect(meetingToForm(meeting())).toMatchObject({
      startDate: '2026-11-04',
      startTime: '14:30',
      deadlineTime: '12:00',
      otherItems: '听取上次决议落实情况',
      partyMembers: true,
    });
    const topics = [topic(), topic({ id: 't2', level: 'community', place: { id: 'cm-xiongguan', name: '雄关社区' } })];
    expect(topicChoices(topics, { level: 'building', placeId: 'bd-dexuan-1' }).map((t) => t.id)).toEqual(['t1']);
    expect(topicChoices(topics, { level: 'community', placeId: 'cm-xiongguan' }).map((t) => t.id)).toEqual([
      't1',
      't2',
    ]);
  });
});

describe('attendance and minutes', () => {
  it('reads a typed or scanned code as the server would', () => {
    expect(codeToSend(' 042917 ', 'm1')).toEqual({ code: '042917', error: '' });
    expect(codeToSend('JMT-YSH:m1:042917', 'm1')).toEqual({ code: 'JMT-YSH:m1:042917', error: '' });
    expect(codeToSend('JMT-YSH:m2:042917', 'm1').error).toBe('这是其他会议的签到码');
    expect(codeToSend('4291', 'm1').error).toBe('签到码应为6位数字');
    const view = toAttendanceView({ capacity: 10, confirmed: 2, waitlisted: 1, checkedIn: 1, notYet: 1 }, [
      { name: '张桂兰', building: '1号楼', basis: 'resident', basisLabel: '居民', checkedInAt: '2026-11-04T06:20:00Z' },
      { name: '李建国', building: '3号楼', basis: 'party_member', basisLabel: '在职党员', checkedInAt: null },
    ]);
    expect(view.counts).toBe('已签到 1 / 已报名 2');
    expect(view.attendees.map((a) => [a.name, a.at])).toEqual([
      ['李建国', '未签到'],
      ['张桂兰', '11-04 14:20 签到'],
    ]);
  });

  it('checks the minutes and each resolution; links a resolution to an agenda topic', () => {
    const topics = topicOptions(meeting());
    expect(topics).toEqual([
      { id: null, label: '不关联议题' },
      { id: 't1', label: '老旧小区加装电梯' },
    ]);
    const form = withRow(withRow(emptyMinutesForm()));
    const errors = publishErrors(toPublishInput('m1', form, topics));
    expect(errors).toEqual({
      minutes: '请填写会议纪要（至少10个字）',
      rows: ['请填写决议（至少4个字）', '请填写决议（至少4个字）'],
      other: '',
    });
    const done = {
      ...form,
      minutes: '会议讨论了加装电梯的方案和费用分摊',
      resolutions: [{ key: 'r1', text: '成立加装电梯工作组', topicIndex: 1 }],
    };
    const input = toPublishInput('m1', done, topics);
    expect(input.resolutions).toEqual([{ text: '成立加装电梯工作组', topicId: 't1' }]);
    expect(hasErrors(publishErrors(input))).toBe(false);
  });
});
