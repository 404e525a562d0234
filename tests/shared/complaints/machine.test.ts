import { complaintsActions } from '../../../miniprogram/shared/api/complaints';
import {
  COMPLAINT_ACTION_NAMES,
  COMPLAINT_CATEGORIES,
  COMPLAINT_LEVEL_NAMES,
  COMPLAINT_STATE_NAMES,
  answerDeadline,
  complaintActions,
  complaintTimerAction,
  complaintTransition,
  isComplaintClosed,
  isComplaintOverdue,
  newComplaint,
  nextLevel,
  stepLabel,
  type ComplaintAction,
  type ComplaintLevel,
  type ComplaintSnapshot,
  type ComplaintState,
  type ComplaintStep,
} from '../../../miniprogram/shared/complaints/machine';
import type { Actor } from '../../../miniprogram/shared/orders/machine';
import { ROLE_NAMES } from '../../../miniprogram/shared/roles';
import { fieldErrors } from '../../../miniprogram/shared/validation';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = '2024-10-16T00:00:00.000Z'; // 08:00 in 嘉峪关, the day after heating started
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

const ACTORS: Actor[] = [...ROLE_NAMES, 'system'];

/**
 * THE RULES, written out by hand: a complaint in state FROM held at LEVEL lets ACTOR take ACTION, and goes to
 * state TO at level TO_LEVEL. Everything not listed is refused.
 * Handlers: the company and a department are unit members; the community its staff; the street its staff.
 */
type Rule = [
  from: ComplaintState,
  level: ComplaintLevel,
  action: ComplaintAction,
  actor: Actor,
  to: ComplaintState,
  toLevel: ComplaintLevel,
];
const RULES: Rule[] = [
  // 物业企业: acknowledge, answer; overdue climbs to the community; staff may close it as 非物业责任
  ['filed', 'company', 'acknowledge', 'unit_member', 'acknowledged', 'company'],
  ['filed', 'company', 'answer', 'unit_member', 'answered', 'company'],
  ['filed', 'company', 'escalate', 'system', 'filed', 'community'],
  ['filed', 'company', 'close_not_responsible', 'community_staff', 'not_responsible', 'company'],
  ['filed', 'company', 'close_not_responsible', 'street_staff', 'not_responsible', 'company'],
  ['acknowledged', 'company', 'answer', 'unit_member', 'answered', 'company'],
  ['acknowledged', 'company', 'escalate', 'system', 'filed', 'community'],
  ['acknowledged', 'company', 'close_not_responsible', 'community_staff', 'not_responsible', 'company'],
  ['acknowledged', 'company', 'close_not_responsible', 'street_staff', 'not_responsible', 'company'],
  ['answered', 'company', 'satisfied', 'resident', 'confirmed', 'company'],
  ['answered', 'company', 'not_satisfied', 'resident', 'filed', 'community'],
  ['answered', 'company', 'auto_confirm', 'system', 'confirmed', 'company'],
  ['answered', 'company', 'close_not_responsible', 'community_staff', 'not_responsible', 'company'],
  ['answered', 'company', 'close_not_responsible', 'street_staff', 'not_responsible', 'company'],
  ['confirmed', 'company', 'rate', 'resident', 'closed', 'company'],
  ['confirmed', 'company', 'auto_close', 'system', 'closed', 'company'],
  // 社区呼叫: community staff handle it, and may pass it up to the street
  ['filed', 'community', 'acknowledge', 'community_staff', 'acknowledged', 'community'],
  ['filed', 'community', 'answer', 'community_staff', 'answered', 'community'],
  ['filed', 'community', 'refer', 'community_staff', 'filed', 'street'],
  ['filed', 'community', 'escalate', 'system', 'filed', 'street'],
  ['filed', 'community', 'close_not_responsible', 'community_staff', 'not_responsible', 'community'],
  ['filed', 'community', 'close_not_responsible', 'street_staff', 'not_responsible', 'community'],
  ['acknowledged', 'community', 'answer', 'community_staff', 'answered', 'community'],
  ['acknowledged', 'community', 'refer', 'community_staff', 'filed', 'street'],
  ['acknowledged', 'community', 'escalate', 'system', 'filed', 'street'],
  ['acknowledged', 'community', 'close_not_responsible', 'community_staff', 'not_responsible', 'community'],
  ['acknowledged', 'community', 'close_not_responsible', 'street_staff', 'not_responsible', 'community'],
  ['answered', 'community', 'satisfied', 'resident', 'confirmed', 'community'],
  ['answered', 'community', 'not_satisfied', 'resident', 'filed', 'street'],
  ['answered', 'community', 'auto_confirm', 'system', 'confirmed', 'community'],
  ['answered', 'community', 'close_not_responsible', 'community_staff', 'not_responsible', 'community'],
  ['answered', 'community', 'close_not_responsible', 'street_staff', 'not_responsible', 'community'],
  ['confirmed', 'community', 'rate', 'resident', 'closed', 'community'],
  ['confirmed', 'community', 'auto_close', 'system', 'closed', 'community'],
  // 街道吹哨: street staff handle it, and may blow the whistle to a department
  ['filed', 'street', 'acknowledge', 'street_staff', 'acknowledged', 'street'],
  ['filed', 'street', 'answer', 'street_staff', 'answered', 'street'],
  ['filed', 'street', 'refer', 'street_staff', 'filed', 'department'],
  ['filed', 'street', 'escalate', 'system', 'filed', 'department'],
  ['filed', 'street', 'close_not_responsible', 'community_staff', 'not_responsible', 'street'],
  ['filed', 'street', 'close_not_responsible', 'street_staff', 'not_responsible', 'street'],
  ['acknowledged', 'street', 'answer', 'street_staff', 'answered', 'street'],
  ['acknowledged', 'street', 'refer', 'street_staff', 'filed', 'department'],
  ['acknowledged', 'street', 'escalate', 'system', 'filed', 'department'],
  ['acknowledged', 'street', 'close_not_responsible', 'community_staff', 'not_responsible', 'street'],
  ['acknowledged', 'street', 'close_not_responsible', 'street_staff', 'not_responsible', 'street'],
  ['answered', 'street', 'satisfied', 'resident', 'confirmed', 'street'],
  ['answered', 'street', 'not_satisfied', 'resident', 'filed', 'department'],
  ['answered', 'street', 'auto_confirm', 'system', 'confirmed', 'street'],
  ['answered', 'street', 'close_not_responsible', 'community_staff', 'not_responsible', 'street'],
  ['answered', 'street', 'close_not_responsible', 'street_staff', 'not_responsible', 'street'],
  ['confirmed', 'street', 'rate', 'resident', 'closed', 'street'],
  ['confirmed', 'street', 'auto_close', 'system', 'closed', 'street'],
  // 部门报到: the last level — nowhere to climb; not satisfied there ends as 未解决
  ['filed', 'department', 'acknowledge', 'unit_member', 'acknowledged', 'department'],
  ['filed', 'department', 'answer', 'unit_member', 'answered', 'department'],
  ['filed', 'department', 'close_not_responsible', 'community_staff', 'not_responsible', 'department'],
  ['filed', 'department', 'close_not_responsible', 'street_staff', 'not_responsible', 'department'],
  ['acknowledged', 'department', 'answer', 'unit_member', 'answered', 'department'],
  ['acknowledged', 'department', 'close_not_responsible', 'community_staff', 'not_responsible', 'department'],
  ['acknowledged', 'department', 'close_not_responsible', 'street_staff', 'not_responsible', 'department'],
  ['answered', 'department', 'satisfied', 'resident', 'confirmed', 'department'],
  ['answered', 'department', 'not_satisfied', 'resident', 'unresolved', 'department'],
  ['answered', 'department', 'auto_confirm', 'system', 'confirmed', 'department'],
  ['answered', 'department', 'close_not_responsible', 'community_staff', 'not_responsible', 'department'],
  ['answered', 'department', 'close_not_responsible', 'street_staff', 'not_responsible', 'department'],
  ['confirmed', 'department', 'rate', 'resident', 'closed', 'department'],
  ['confirmed', 'department', 'auto_close', 'system', 'closed', 'department'],
];

const CLOSED: ComplaintState[] = ['closed', 'not_responsible', 'unresolved'];
/** The timer may not climb past the last level: refused as a state matter, not a permission one. */
const NO_LEVEL_LEFT: [ComplaintState, ComplaintLevel, ComplaintAction][] = [
  ['filed', 'department', 'escalate'],
  ['acknowledged', 'department', 'escalate'],
];

type Expected =
  { ok: true; to: ComplaintState; toLevel: ComplaintLevel } | { ok: false; code: 'INVALID_STATE' | 'FORBIDDEN' };

function expected(state: ComplaintState, level: ComplaintLevel, action: ComplaintAction, actor: Actor): Expected {
  if (CLOSED.includes(state)) return { ok: false, code: 'INVALID_STATE' };
  if (!RULES.some(([, , a, who]) => a === action && who === actor)) return { ok: false, code: 'FORBIDDEN' };
  if (!RULES.some(([from, , a]) => from === state && a === action)) return { ok: false, code: 'INVALID_STATE' };
  const row = RULES.find(([from, l, a, who]) => from === state && l === level && a === action && who === actor);
  if (row) return { ok: true, to: row[4], toLevel: row[5] };
  if (NO_LEVEL_LEFT.some(([s, l, a]) => s === state && l === level && a === action)) {
    return { ok: false, code: 'INVALID_STATE' };
  }
  return { ok: false, code: 'FORBIDDEN' }; // another level's handler
}

/** A complaint in STATE at LEVEL whose clock has long run out: only the rules can refuse. */
const complaintIn = (state: ComplaintState, level: ComplaintLevel): ComplaintSnapshot => ({
  state,
  level,
  tier: 'normal',
  createdAt: T0,
  stateSince: T0,
  levelSince: T0,
  deadline: isComplaintClosed(state) ? null : plus(T0, HOUR),
  escalations: 0,
});
const LATER = plus(T0, 30 * DAY);

describe('the complaint state machine, (state, level, action, role) by hand', () => {
  const cases = COMPLAINT_STATE_NAMES.flatMap((state) =>
    COMPLAINT_LEVEL_NAMES.flatMap((level) =>
      COMPLAINT_ACTION_NAMES.flatMap((action) => ACTORS.map((actor) => ({ state, level, action, actor }))),
    ),
  );

  it.each(cases)('$state at $level · $action · $actor', ({ state, level, action, actor }) => {
    const result = complaintTransition(complaintIn(state, level), action, actor, { at: LATER, reason: '说明理由' });
    const want = expected(state, level, action, actor);
    if (want.ok) {
      expect(result).toMatchObject({ ok: true, complaint: { state: want.to, level: want.toLevel } });
    } else {
      expect(result).toMatchObject({ ok: false, code: want.code });
    }
  });

  it('offers as buttons exactly what the rules allow', () => {
    for (const state of COMPLAINT_STATE_NAMES)
      for (const level of COMPLAINT_LEVEL_NAMES)
        for (const actor of ACTORS) {
          const want = COMPLAINT_ACTION_NAMES.filter((action) => expected(state, level, action, actor).ok);
          expect([state, level, actor, complaintActions({ state, level }, actor)]).toEqual([state, level, actor, want]);
        }
  });

  it('covers every state, level and action, and only real ones', () => {
    const states = new Set(RULES.flatMap(([from, , , , to]) => [from, to]));
    expect([...states].sort()).toEqual([...COMPLAINT_STATE_NAMES].sort());
    expect([...new Set(RULES.map(([, l]) => l))].sort()).toEqual([...COMPLAINT_LEVEL_NAMES].sort());
    expect([...new Set(RULES.map(([, , a]) => a))].sort()).toEqual([...COMPLAINT_ACTION_NAMES].sort());
  });

  it.each(CLOSED)('%s is closed and refuses everything to everyone', (state) => {
    expect(isComplaintClosed(state)).toBe(true);
    for (const action of COMPLAINT_ACTION_NAMES)
      for (const actor of ACTORS)
        expect(
          complaintTransition(complaintIn(state, 'street'), action, actor, { at: LATER, reason: '再试' }),
        ).toMatchObject({
          ok: false,
          code: 'INVALID_STATE',
        });
    expect(complaintActions(state, 'admin')).toEqual([]);
  });
});

describe('routing and time limits', () => {
  it('goes straight to the property company, or to the community for a 无物业小区', () => {
    expect(newComplaint('heating', 'wuye-longhu', T0)).toEqual({
      state: 'filed',
      level: 'company',
      tier: 'fast',
      createdAt: T0,
      stateSince: T0,
      levelSince: T0,
      deadline: plus(T0, 2 * HOUR), // 受理 within 2 h
      escalations: 0,
    });
    expect(newComplaint('parking', null, T0)).toMatchObject({ level: 'community', tier: 'normal' });
  });

  it('gives 24 h to heating, leaks, elevators, fly-line charging and security; 7 days to the rest', () => {
    const fast = Object.entries(COMPLAINT_CATEGORIES)
      .filter(([, c]) => c.tier === 'fast')
      .map(([id]) => id);
    expect(fast).toEqual(['heating', 'elevator', 'fly_line_charging', 'leaks', 'security']);
  });

  // The answer limit per level, from arrival there: [level, tier, days after arrival].
  const LIMITS: [ComplaintLevel, 'fast' | 'normal', number][] = [
    ['company', 'fast', 1],
    ['company', 'normal', 7],
    ['community', 'fast', 1],
    ['community', 'normal', 7],
    ['street', 'fast', 1],
    ['street', 'normal', 7],
    ['department', 'fast', 1],
    ['department', 'normal', 15],
  ];
  it.each(LIMITS)('%s answers a %s complaint within %d day(s) of its arrival', (level, tier, days) => {
    expect(answerDeadline(level, tier, T0).toISOString()).toBe(plus(T0, days * DAY));
  });

  it('climbs company → community → street → department, and no further', () => {
    expect(COMPLAINT_LEVEL_NAMES.map(nextLevel)).toEqual(['community', 'street', 'department', null]);
  });

  it('acknowledging starts the answer clock from the arrival at the level, not from the acknowledgement', () => {
    const filed = newComplaint('sanitation', 'wuye-dexuan', T0);
    const acked = complaintTransition(filed, 'acknowledge', 'unit_member', { at: plus(T0, HOUR) });
    expect(acked).toMatchObject({ ok: true, complaint: { state: 'acknowledged', deadline: plus(T0, 7 * DAY) } });
  });

  it('an overdue complaint escalates with fresh clocks at the next level', () => {
    const filed = newComplaint('heating', 'wuye-longhu', T0);
    expect(complaintTransition(filed, 'escalate', 'system', { at: plus(T0, 2 * HOUR - 1) })).toMatchObject({
      ok: false,
      code: 'INVALID_STATE',
    });
    const at = plus(T0, 3 * HOUR);
    const up = complaintTransition(filed, 'escalate', 'system', { at });
    expect(up).toMatchObject({
      ok: true,
      complaint: {
        state: 'filed',
        level: 'community',
        levelSince: at,
        stateSince: at,
        deadline: plus(at, 2 * HOUR),
        escalations: 1,
      },
      step: {
        action: 'escalate',
        from: 'filed',
        to: 'filed',
        fromLevel: 'company',
        toLevel: 'community',
        role: 'system',
      },
    });
  });

  it('the timer escalates overdue complaints, confirms unanswered verdicts, closes unrated ones', () => {
    const due = plus(T0, HOUR);
    const now = plus(T0, 2 * HOUR);
    const at = (state: ComplaintState, level: ComplaintLevel, deadline: string | null): ComplaintSnapshot => ({
      ...complaintIn(state, level),
      deadline,
    });
    expect(complaintTimerAction(at('filed', 'company', due), now)).toBe('escalate');
    expect(complaintTimerAction(at('acknowledged', 'street', due), now)).toBe('escalate');
    expect(complaintTimerAction(at('acknowledged', 'department', due), now)).toBeNull(); // the last level
    expect(complaintTimerAction(at('filed', 'company', plus(T0, 3 * HOUR)), now)).toBeNull();
    expect(complaintTimerAction(at('answered', 'company', due), now)).toBe('auto_confirm');
    expect(complaintTimerAction(at('confirmed', 'community', due), now)).toBe('auto_close');
    expect(complaintTimerAction(at('closed', 'company', null), now)).toBeNull();
    expect(isComplaintOverdue(at('acknowledged', 'department', due), now)).toBe(true);
    expect(isComplaintOverdue(at('answered', 'company', due), now)).toBe(false); // the resident's clock
  });

  it('needs a reason to answer, refer, say 不满意 or close as 非物业责任', () => {
    const filed = newComplaint('noise', 'wuye-dexuan', T0);
    for (const [action, actor] of [
      ['answer', 'unit_member'],
      ['close_not_responsible', 'community_staff'],
    ] as const) {
      expect(complaintTransition(filed, action, actor, { at: T0, reason: '  ' })).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
      });
    }
    const closed = complaintTransition(filed, 'close_not_responsible', 'community_staff', {
      at: T0,
      reason: ' 噪音来自小区外的施工工地 ',
    });
    expect(closed).toMatchObject({
      ok: true,
      complaint: { state: 'not_responsible', deadline: null },
      step: { reason: '噪音来自小区外的施工工地' },
    });
  });
});

describe('a whole journey up the ladder, on the timeline', () => {
  it('物业—社区呼叫—街道吹哨—部门报到, ending 未解决', () => {
    let complaint = newComplaint('heating', 'wuye-longhu', T0);
    const steps: [ComplaintAction, Actor, string, string?][] = [
      ['acknowledge', 'unit_member', plus(T0, HOUR)],
      ['answer', 'unit_member', plus(T0, 20 * HOUR), '已排气，暖气应恢复'],
      ['not_satisfied', 'resident', plus(T0, 30 * HOUR), '室温仍只有15度'],
      ['escalate', 'system', plus(T0, 33 * HOUR)], // the community did not acknowledge within 2 h
      ['refer', 'street_staff', plus(T0, 34 * HOUR), '末端管网循环差，需供热主管部门'],
      ['answer', 'unit_member', plus(T0, 50 * HOUR), '将新建换热站，明年供暖季前投用'],
      ['not_satisfied', 'resident', plus(T0, 60 * HOUR), '今年冬天怎么办'],
    ];
    const timeline: ComplaintStep[] = [];
    const seen: Partial<ComplaintSnapshot>[] = [];
    for (const [action, actor, at, reason] of steps) {
      const result = complaintTransition(complaint, action, actor, { at, reason });
      if (!result.ok) throw new Error(`${action}: ${result.message}`);
      complaint = result.complaint;
      timeline.push(result.step);
      seen.push({ state: complaint.state, level: complaint.level, deadline: complaint.deadline });
    }
    expect(seen).toEqual([
      { state: 'acknowledged', level: 'company', deadline: plus(T0, 24 * HOUR) },
      { state: 'answered', level: 'company', deadline: plus(T0, 20 * HOUR + 7 * DAY) }, // auto-confirm in 7 days
      { state: 'filed', level: 'community', deadline: plus(T0, 32 * HOUR) }, // 社区呼叫: 受理 within 2 h
      { state: 'filed', level: 'street', deadline: plus(T0, 35 * HOUR) }, // 街道吹哨
      { state: 'filed', level: 'department', deadline: plus(T0, 36 * HOUR) }, // 部门报到
      { state: 'answered', level: 'department', deadline: plus(T0, 50 * HOUR + 7 * DAY) },
      { state: 'unresolved', level: 'department', deadline: null },
    ]);
    expect(complaint.escalations).toBe(3);
    expect(timeline.map(stepLabel)).toEqual([
      '受理',
      '答复',
      '不满意 · 社区呼叫',
      '超时升级 · 街道吹哨',
      '上报上级 · 部门报到',
      '答复',
      '不满意',
    ]);
  });

  it('satisfied, then rated: closed at the level that solved it', () => {
    let complaint = newComplaint('parking', null, T0);
    for (const [action, actor, reason] of [
      ['answer', 'community_staff', '已协调划线停车'],
      ['satisfied', 'resident', undefined],
      ['rate', 'resident', '很快'],
    ] as [ComplaintAction, Actor, string | undefined][]) {
      const result = complaintTransition(complaint, action, actor, { at: plus(T0, HOUR), reason });
      if (!result.ok) throw new Error(result.message);
      complaint = result.complaint;
    }
    expect(complaint).toMatchObject({ state: 'closed', level: 'community', escalations: 0, deadline: null });
  });
});

describe('the contract', () => {
  const file = complaintsActions.file.input;
  const complaint = { requestId: 'req-20241016-0001', category: 'heating', description: '暖气不热，室温只有十五度' };

  it('files with a category, a description, photos and the name choice; nothing else', () => {
    expect(file.safeParse(complaint).success).toBe(true);
    expect(file.safeParse({ ...complaint, photos: ['cloud://env/a.jpg'], publicName: true }).success).toBe(true);
    expect(file.safeParse({ ...complaint, companyId: 'someone-else' }).success).toBe(false);
    expect(fieldErrors(file, { ...complaint, category: 'weather' })).toEqual({ category: '请选择投诉类别' });
    expect(fieldErrors(file, { ...complaint, description: ' 冷 ' })).toEqual({
      description: '请描述问题（至少5个字）',
    });
  });

  it('asks for a reason to say 不满意 and stars to rate; bounds the hotspot query', () => {
    expect(fieldErrors(complaintsActions.notSatisfied.input, { complaintId: 'c1', reason: ' ' })).toEqual({
      reason: '请填写理由（至少2个字）',
    });
    expect(fieldErrors(complaintsActions.rate.input, { complaintId: 'c1', stars: 6 })).toEqual({ stars: '最多5星' });
    expect(fieldErrors(complaintsActions.hotspots.input, { communityId: 'xiongguan', threshold: 1 })).toEqual({
      threshold: '至少2户',
    });
    expect(complaintsActions.staffInbox.input.safeParse({ level: 'company', scopeId: 'x' }).success).toBe(false);
  });
});
