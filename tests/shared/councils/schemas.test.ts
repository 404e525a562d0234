import { councilsActions } from '../../../miniprogram/shared/api/councils';
import { fieldErrors } from '../../../miniprogram/shared/validation';

const meeting = {
  requestId: 'req-council-0001',
  level: 'grid',
  placeId: 'xiongguan-g1',
  title: '德轩小区停车难议事',
  topicIds: ['t1', 't2'],
  otherItems: ['通报上次决议办理情况'],
  startAt: '2026-11-05T19:00:00+08:00',
  endAt: '2026-11-05T21:00:00+08:00',
  place: '雄关社区议事厅',
  capacity: 30,
  signUpDeadline: '2026-11-05T12:00:00+08:00',
  audience: { partyMembers: true, unitIds: ['jiugang'] },
};

describe('councils contract', () => {
  it('has every action the issue names', () => {
    expect(Object.keys(councilsActions).sort()).toEqual(
      [
        'proposeTopic',
        'listTopics',
        'backTopic',
        'withdrawTopic',
        'acceptTopic',
        'declineTopic',
        'createMeeting',
        'updateMeeting',
        'cancelMeeting',
        'listMeetings',
        'getMeeting',
        'signUp',
        'cancelSignUp',
        'mySignUps',
        'checkIn',
        'attendance',
        'publishMinutes',
        'resolutionToOrder',
      ].sort(),
    );
  });

  it('accepts a meeting and explains in Chinese what is wrong', () => {
    const create = councilsActions.createMeeting.input;
    expect(create.parse(meeting)).toEqual(meeting);
    expect(fieldErrors(create, { ...meeting, capacity: 0 })).toEqual({ capacity: '至少1个名额' });
    expect(fieldErrors(create, { ...meeting, capacity: 2.5 })).toEqual({ capacity: '名额应为整数' });
    expect(fieldErrors(create, { ...meeting, level: 'street' })).toEqual({ level: '请选择议事层级' });
    expect(fieldErrors(create, { ...meeting, startAt: '明天' })).toEqual({ startAt: '请选择有效的时间' });
    expect(fieldErrors(create, { ...meeting, place: ' ' })).toEqual({ place: '请填写会议地点' });
    expect(fieldErrors(create, { ...meeting, topicIds: Array.from({ length: 11 }, (_, i) => `t${i}`) })).toEqual({
      topicIds: '议程最多10项',
    });
  });

  it('refuses fields it does not know (the caller is never a field)', () => {
    expect(councilsActions.createMeeting.input.safeParse({ ...meeting, organizerId: 'x' }).success).toBe(false);
    expect(councilsActions.signUp.input.safeParse({ meetingId: 'm1', userId: 'u1' }).success).toBe(false);
    const update = councilsActions.updateMeeting.input;
    expect(update.safeParse({ meetingId: 'm1', capacity: 40 }).success).toBe(true);
    expect(update.safeParse({ meetingId: 'm1', level: 'community' }).success).toBe(false);
    expect(update.safeParse({ capacity: 40 }).success).toBe(false);
  });

  it('topics, minutes and check-in', () => {
    const propose = councilsActions.proposeTopic.input;
    const topic = {
      requestId: 'req-topic-0001',
      level: 'building',
      title: '楼道堆物清理',
      description: '三单元楼道堆放杂物，影响通行和消防安全',
    };
    expect(propose.safeParse(topic).success).toBe(true);
    expect(fieldErrors(propose, { ...topic, description: '太乱了' })).toEqual({
      description: '请说明情况（至少10个字）',
    });
    expect(fieldErrors(councilsActions.declineTopic.input, { topicId: 't1', reason: '' })).toEqual({
      reason: '请填写理由（至少2个字）',
    });
    const minutes = councilsActions.publishMinutes.input;
    expect(
      minutes.safeParse({
        meetingId: 'm1',
        minutes: '到会28人，讨论德轩小区停车问题，形成两项决议。',
        resolutions: [{ text: '施划临时停车位', topicId: 't1' }, { text: '清理僵尸车' }],
      }).success,
    ).toBe(true);
    expect(councilsActions.checkIn.input.safeParse({ meetingId: 'm1', code: 'JMT-YSH:m1:123456' }).success).toBe(true);
    expect(fieldErrors(councilsActions.checkIn.input, { meetingId: 'm1', code: '12' })).toEqual({
      code: '请输入签到码',
    });
  });
});
