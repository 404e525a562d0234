import {
  FIVE_STEPS,
  MEETING_ACTION_NAMES,
  MEETING_STATE_NAMES,
  TOPIC_ACTION_NAMES,
  TOPIC_STATE_NAMES,
  agendaChanges,
  checkBack,
  checkResolutionToOrder,
  checkSchedule,
  compareByBacking,
  isMeetingOpen,
  isTopicOpen,
  meetingActions,
  meetingTimerAction,
  meetingTransition,
  minutesRecipients,
  mustNotifyOfEdit,
  resolutionProgress,
  topicActions,
  topicTransition,
  type MeetingAction,
  type MeetingState,
  type TopicAction,
  type TopicState,
} from '../../../miniprogram/shared/councils/machine';
import { scopeAt, type Caller } from '../../../miniprogram/shared/councils/scope';
import type { Actor } from '../../../miniprogram/shared/orders/machine';
import { ROLE_NAMES } from '../../../miniprogram/shared/roles';

const HOUR = 60 * 60 * 1000;
const T0 = '2026-11-02T02:00:00.000Z'; // 10:00 in 嘉峪关
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
const ACTORS: Actor[] = [...ROLE_NAMES, 'system'];

/** THE TOPIC RULES, by hand: FROM, ACTION, ACTOR → TO. Everything not listed is refused. */
const TOPIC_RULES: [TopicState, TopicAction, Actor, TopicState][] = [
  ['proposed', 'accept', 'community_staff', 'accepted'],
  ['proposed', 'accept', 'grid_worker', 'accepted'],
  ['proposed', 'accept', 'system', 'accepted'],
  ['proposed', 'decline', 'community_staff', 'declined'],
  ['proposed', 'decline', 'grid_worker', 'declined'],
  ['proposed', 'withdraw', 'resident', 'withdrawn'],
  ['accepted', 'unschedule', 'community_staff', 'proposed'],
  ['accepted', 'unschedule', 'grid_worker', 'proposed'],
  ['accepted', 'unschedule', 'system', 'proposed'],
  ['accepted', 'discuss', 'system', 'discussed'],
];

/** THE MEETING RULES, by hand: FROM, ACTION, ACTOR, WHEN (before or after the start) → TO. */
type When = 'before' | 'after';
const MEETING_RULES: [MeetingState, MeetingAction, Actor, When, MeetingState][] = [
  ['scheduled', 'edit', 'community_staff', 'before', 'scheduled'],
  ['scheduled', 'edit', 'grid_worker', 'before', 'scheduled'],
  ['scheduled', 'cancel', 'community_staff', 'before', 'cancelled'],
  ['scheduled', 'cancel', 'grid_worker', 'before', 'cancelled'],
  ['scheduled', 'hold', 'community_staff', 'after', 'held'],
  ['scheduled', 'hold', 'grid_worker', 'after', 'held'],
  ['scheduled', 'hold', 'system', 'after', 'held'],
  ['scheduled', 'publish_minutes', 'community_staff', 'after', 'minutes_published'],
  ['scheduled', 'publish_minutes', 'grid_worker', 'after', 'minutes_published'],
  ['held', 'publish_minutes', 'community_staff', 'after', 'minutes_published'],
  ['held', 'publish_minutes', 'grid_worker', 'after', 'minutes_published'],
];

const START = plus(T0, 24 * HOUR);
const at = (when: When) => (when === 'before' ? plus(START, -HOUR) : plus(START, HOUR));

describe('topic machine 群众说事', () => {
  it('open and closed states', () => {
    expect(TOPIC_STATE_NAMES.filter(isTopicOpen)).toEqual(['proposed', 'accepted']);
  });

  const cases = TOPIC_STATE_NAMES.flatMap((from) =>
    TOPIC_ACTION_NAMES.flatMap((action) => ACTORS.map((actor) => [from, action, actor] as const)),
  );
  it.each(cases)('%s --%s by %s-->', (from, action, actor) => {
    const rule = TOPIC_RULES.find((r) => r[0] === from && r[1] === action && r[2] === actor);
    const result = topicTransition(from, action, actor, { at: T0, reason: '已另案处理' });
    if (rule) {
      expect(result).toEqual({
        ok: true,
        to: rule[3],
        step: { action, from, to: rule[3], role: actor, at: T0, reason: '已另案处理' },
      });
    } else {
      expect(result.ok).toBe(false);
    }
  });

  it('offers exactly the listed actions as buttons', () => {
    for (const state of TOPIC_STATE_NAMES) {
      for (const actor of ACTORS) {
        const expected = TOPIC_RULES.filter((r) => r[0] === state && r[2] === actor).map((r) => r[1]);
        expect([state, actor, topicActions(state, actor)]).toEqual([state, actor, expected]);
      }
    }
  });

  it('refuses with the right codes', () => {
    expect(topicTransition('declined', 'accept', 'community_staff', { at: T0 })).toMatchObject({
      code: 'INVALID_STATE',
      message: '议题未采纳，不能再更改',
    });
    expect(topicTransition('proposed', 'accept', 'resident', { at: T0 })).toMatchObject({ code: 'FORBIDDEN' });
    expect(topicTransition('accepted', 'accept', 'community_staff', { at: T0 })).toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(topicTransition('proposed', 'decline', 'community_staff', { at: T0, reason: '  ' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '不予采纳须填写理由',
    });
    expect(topicTransition('proposed', 'nope' as TopicAction, 'community_staff', { at: T0 })).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(topicTransition('proposed', 'accept', 'community_staff', { at: 'soon' })).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('meeting machine 议事会', () => {
  it('open and closed states', () => {
    expect(MEETING_STATE_NAMES.filter(isMeetingOpen)).toEqual(['scheduled', 'held']);
  });

  const cases = MEETING_STATE_NAMES.flatMap((from) =>
    MEETING_ACTION_NAMES.flatMap((action) =>
      ACTORS.flatMap((actor) => (['before', 'after'] as When[]).map((when) => [from, action, actor, when] as const)),
    ),
  );
  it.each(cases)('%s --%s by %s (%s the start)-->', (from, action, actor, when) => {
    const rule = MEETING_RULES.find((r) => r[0] === from && r[1] === action && r[2] === actor && r[3] === when);
    const result = meetingTransition({ state: from, startAt: START }, action, actor, {
      at: at(when),
      reason: '场地冲突',
    });
    if (rule) {
      expect(result).toMatchObject({ ok: true, to: rule[4], step: { action, from, to: rule[4], role: actor } });
    } else {
      expect(result.ok).toBe(false);
    }
  });

  it('offers the buttons for the moment', () => {
    for (const state of MEETING_STATE_NAMES) {
      for (const actor of ACTORS) {
        for (const when of ['before', 'after'] as When[]) {
          const expected = MEETING_RULES.filter((r) => r[0] === state && r[2] === actor && r[3] === when).map(
            (r) => r[1],
          );
          expect([state, actor, when, meetingActions({ state, startAt: START }, actor, at(when))]).toEqual([
            state,
            actor,
            when,
            expected,
          ]);
        }
      }
    }
  });

  it('refuses minutes for a meeting that has not happened, and changes after it started', () => {
    const scheduled = { state: 'scheduled' as const, startAt: START };
    expect(meetingTransition(scheduled, 'publish_minutes', 'community_staff', { at: plus(START, -1) })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
      message: '会议尚未召开，不能公开纪要',
    });
    expect(meetingTransition(scheduled, 'publish_minutes', 'community_staff', { at: START }).ok).toBe(true);
    expect(meetingTransition(scheduled, 'cancel', 'community_staff', { at: START, reason: '下雪' })).toMatchObject({
      code: 'INVALID_STATE',
      message: '会议已开始，不能取消会议',
    });
    expect(meetingTransition(scheduled, 'cancel', 'community_staff', { at: T0 })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      meetingTransition({ state: 'cancelled', startAt: START }, 'publish_minutes', 'community_staff', { at: START }),
    ).toMatchObject({ code: 'INVALID_STATE', message: '会议已取消，不能再更改' });
  });

  it('the timer marks a meeting held once it starts', () => {
    expect(meetingTimerAction({ state: 'scheduled', startAt: START }, plus(START, -1))).toBeNull();
    expect(meetingTimerAction({ state: 'scheduled', startAt: START }, START)).toBe('hold');
    expect(meetingTimerAction({ state: 'held', startAt: START }, plus(START, HOUR))).toBeNull();
  });
});

describe('backing 附议', () => {
  const topicScope = scopeAt('grid', { communityId: 'xiongguan', gridId: 'xg-g1' });
  const neighbour: Caller = { binding: { communityId: 'xiongguan', gridId: 'xg-g1', buildingId: 'dx-1' }, grants: [] };
  const base = {
    state: 'proposed' as const,
    scope: topicScope,
    caller: neighbour,
    isProposer: false,
    alreadyBacker: false,
  };

  it.each([
    ['a neighbour in scope', base, null],
    ['while on the agenda', { ...base, state: 'accepted' as const }, null],
    ['a closed topic', { ...base, state: 'discussed' as const }, 'INVALID_STATE'],
    [
      'another grid',
      { ...base, caller: { ...neighbour, binding: { ...neighbour.binding!, gridId: 'xg-g2' } } },
      'FORBIDDEN',
    ],
    ['no binding', { ...base, caller: { binding: null, grants: [] } }, 'UNAUTHENTICATED'],
    ['his own topic', { ...base, isProposer: true }, 'CONFLICT'],
    ['twice', { ...base, alreadyBacker: true }, 'CONFLICT'],
  ])('%s', (_name, input, code) => {
    const result = checkBack(input);
    expect(result.ok ? null : result.code).toBe(code);
  });

  it('organisers see the most backed first, then the oldest', () => {
    const topics = [
      { id: 'a', backerCount: 3, createdAt: '2026-10-03T00:00:00Z' },
      { id: 'b', backerCount: 12, createdAt: '2026-10-05T00:00:00Z' },
      { id: 'c', backerCount: 3, createdAt: '2026-10-01T00:00:00Z' },
      { id: 'd', backerCount: 0, createdAt: '2026-09-01T00:00:00Z' },
    ];
    expect([...topics].sort(compareByBacking).map((t) => t.id)).toEqual(['b', 'c', 'a', 'd']);
  });
});

describe('scheduling', () => {
  const ok = { startAt: START, endAt: plus(START, 2 * HOUR), signUpDeadline: plus(START, -2 * HOUR) };
  it.each([
    ['a good schedule', ok, null],
    ['starts in the past', { ...ok, startAt: plus(T0, -HOUR) }, '开始时间应晚于现在'],
    ['ends before it starts', { ...ok, endAt: START }, '结束时间应晚于开始时间'],
    ['lasts all day', { ...ok, endAt: plus(START, 9 * HOUR) }, '会议时长最多8小时'],
    ['sign-up after the start', { ...ok, signUpDeadline: plus(START, 1) }, '报名截止时间不能晚于开始时间'],
    ['sign-up closed already', { ...ok, signUpDeadline: plus(T0, -1) }, '报名截止时间应晚于现在'],
    ['not a time', { ...ok, endAt: 'later' }, '请选择有效的时间'],
  ])('%s', (_name, schedule, message) => {
    const result = checkSchedule(schedule, T0);
    expect(result.ok ? null : result.message).toBe(message);
  });

  it('an edit may keep a deadline that has passed, but not move it into the past', () => {
    const before = { ...ok, signUpDeadline: plus(T0, -HOUR) };
    expect(checkSchedule({ ...before, place: 'x' } as typeof before, T0, before).ok).toBe(true);
    expect(checkSchedule({ ...before, signUpDeadline: plus(T0, -2 * HOUR) }, T0, before).ok).toBe(false);
  });

  it('tells people when the time or place changes, not the title', () => {
    const before = { ...ok, place: '雄关社区议事厅' };
    expect(mustNotifyOfEdit(before, { ...before })).toBe(false);
    expect(mustNotifyOfEdit(before, { ...before, place: '德轩小区活动室' })).toBe(true);
    expect(mustNotifyOfEdit(before, { ...before, startAt: plus(START, HOUR) })).toBe(true);
  });

  it('agenda changes: what to accept and what to unschedule', () => {
    expect(agendaChanges(['t1', 't2', 't3'], ['t2', 't4', 't4'])).toEqual({ added: ['t4'], removed: ['t1', 't3'] });
  });

  it('minutes go to attendees, proposers and backers, once each', () => {
    expect(
      minutesRecipients(
        ['u1', 'u2'],
        [
          { proposerId: 'u3', backers: ['u1', 'u4'] },
          { proposerId: 'u2', backers: [] },
        ],
      ),
    ).toEqual(['u1', 'u2', 'u3', 'u4']);
  });
});

describe('resolutions and the five steps', () => {
  it.each([
    ['no order yet', null, 1, false],
    ['the community reviews it', { state: 'submitted', holder: null, escalatedAt: null }, 2, false],
    ['社区自办', { state: 'accepted', holder: 'community', escalatedAt: null }, 2, false],
    ['dispatched to a unit', { state: 'dispatched', holder: null, escalatedAt: null }, 3, false],
    ['a unit works on it', { state: 'published', holder: 'unit', escalatedAt: null }, 3, false],
    ['overdue, escalated', { state: 'accepted', holder: 'unit', escalatedAt: T0 }, 4, false],
    ['done', { state: 'closed', holder: 'unit', escalatedAt: null }, 3, true],
  ] as const)('%s', (_name, order, step, finished) => {
    expect(resolutionProgress(order)).toEqual({ step, stepLabel: FIVE_STEPS[step], finished });
  });

  it('becomes an order once, and only from published minutes', () => {
    expect(checkResolutionToOrder('minutes_published', { orderId: null })).toEqual({ ok: true });
    expect(checkResolutionToOrder('minutes_published', { orderId: 'o1' })).toMatchObject({ code: 'CONFLICT' });
    expect(checkResolutionToOrder('held', { orderId: null })).toMatchObject({ code: 'INVALID_STATE' });
  });
});
