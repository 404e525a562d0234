import {
  CREDIT_WEIGHTS,
  HOUSEHOLD_PRIOR,
  PRIOR_WEIGHT,
  chinaMonth,
  complaintOutcome,
  creditScores,
  creditTrend,
  displayScore,
  shrink,
  type CreditComplaint,
} from '../../miniprogram/shared/complaints/credit';
import type { ComplaintStep } from '../../miniprogram/shared/complaints/machine';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
const AS_OF = '2024-12-31T00:00:00.000Z';
const FILED = '2024-11-01T00:00:00.000Z'; // well inside the 90-day window, every clock long run out

type Step = Pick<ComplaintStep, 'action' | 'fromLevel' | 'toLevel' | 'at'>;
const atCompany = (action: Step['action'], at: string): Step => ({
  action,
  fromLevel: 'company',
  toLevel: 'company',
  at,
});

interface Spec {
  ack?: 'on' | 'late';
  answer?: 'on' | 'late';
  verdict?: 'satisfied' | 'not_satisfied' | 'auto';
  stars?: number;
}

/**
 * A heating (24 h) complaint at `company`: acknowledged 1 h (on time) or 3 h (late) after filing, answered at 20 h
 * (on time) or 30 h (late), the verdict at 40 h (auto: 7 days after the answer), rated at 41 h.
 */
function complaint(companyId: string, spec: Spec, filedAt = FILED): CreditComplaint {
  const steps: Step[] = [];
  if (spec.ack) steps.push(atCompany('acknowledge', plus(filedAt, (spec.ack === 'on' ? 1 : 3) * HOUR)));
  if (spec.answer) {
    const answeredAt = plus(filedAt, (spec.answer === 'on' ? 20 : 30) * HOUR);
    steps.push(atCompany('answer', answeredAt));
    if (spec.verdict === 'satisfied') steps.push(atCompany('satisfied', plus(filedAt, 40 * HOUR)));
    if (spec.verdict === 'auto') steps.push(atCompany('auto_confirm', plus(answeredAt, 7 * DAY)));
    if (spec.verdict === 'not_satisfied') {
      steps.push({ action: 'not_satisfied', fromLevel: 'company', toLevel: 'community', at: plus(filedAt, 40 * HOUR) });
    }
  }
  if (spec.stars !== undefined) steps.push(atCompany('rate', plus(filedAt, 41 * HOUR)));
  return { companyId, tier: 'fast', filedAt, steps, stars: spec.stars ?? null };
}

/** n copies of a spec. */
const times = (n: number, companyId: string, spec: Spec): CreditComplaint[] =>
  Array.from({ length: n }, () => complaint(companyId, spec));

describe('what one complaint says about its company', () => {
  const perfect = complaint('a', { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 4 });

  it('reads on-time acknowledgement and answer, the verdict, and the stars as (stars − 1) / 4', () => {
    expect(complaintOutcome(perfect, AS_OF)).toEqual({
      acknowledgedOnTime: true,
      answeredOnTime: true,
      reopened: false,
      satisfaction: 0.75,
    });
    expect(complaintOutcome(complaint('a', { ack: 'late', answer: 'late', verdict: 'not_satisfied' }), AS_OF)).toEqual({
      acknowledgedOnTime: false,
      answeredOnTime: false,
      reopened: true,
      satisfaction: null,
    });
  });

  it('sees only what had happened by then, and leaves undecided measures out', () => {
    expect(complaintOutcome(perfect, plus(FILED, 30 * 60 * 1000))).toEqual({
      acknowledgedOnTime: null, // the 2 h clock still runs
      answeredOnTime: null,
      reopened: null,
      satisfaction: null,
    });
    expect(complaintOutcome(perfect, plus(FILED, 25 * HOUR))).toMatchObject({
      acknowledgedOnTime: true,
      answeredOnTime: true,
      reopened: null, // answered, no verdict yet
    });
    // Never acknowledged, and the deadline passed: late.
    expect(complaintOutcome(complaint('a', {}), plus(FILED, 3 * HOUR))).toMatchObject({ acknowledgedOnTime: false });
  });

  it('counts an escalation away from the company as late, and leaves out what it did not hold', () => {
    const escalated: CreditComplaint = {
      companyId: 'a',
      tier: 'fast',
      filedAt: FILED,
      steps: [
        { action: 'escalate', fromLevel: 'company', toLevel: 'community', at: plus(FILED, 2 * HOUR) },
        { action: 'answer', fromLevel: 'community', toLevel: 'community', at: plus(FILED, 3 * HOUR) },
        { action: 'satisfied', fromLevel: 'community', toLevel: 'community', at: plus(FILED, 4 * HOUR) },
        { action: 'rate', fromLevel: 'community', toLevel: 'community', at: plus(FILED, 5 * HOUR) },
      ],
      stars: 5,
    };
    expect(complaintOutcome(escalated, plus(FILED, 2 * HOUR))).toEqual({
      acknowledgedOnTime: false,
      answeredOnTime: false, // the company no longer holds it: it will never answer in time
      reopened: null,
      satisfaction: null, // the community solved it, not the company
    });
  });

  it('leaves out a complaint closed as 非物业责任', () => {
    const notMine = complaint('a', { ack: 'late' });
    const closed = {
      ...notMine,
      steps: [
        ...notMine.steps,
        {
          action: 'close_not_responsible' as const,
          fromLevel: 'company' as const,
          toLevel: 'company' as const,
          at: plus(FILED, 5 * HOUR),
        },
      ],
    };
    expect(complaintOutcome(closed, AS_OF)).toBeNull();
    expect(complaintOutcome(closed, plus(FILED, 4 * HOUR))).toMatchObject({ acknowledgedOnTime: false }); // not yet closed
  });
});

describe('the hand-checked fixture', () => {
  /*
   * Constants: PRIOR_WEIGHT m = 10, HOUSEHOLD_PRIOR k = 1000,
   * weights acknowledge .15, answer .25, satisfaction .25, reopen .15, volume .20.
   *
   * A (1000 households), 10 complaints: acknowledged on time 8/10, answered on time 6/10, all 10 satisfied
   *   (none sent back: 10/10 good), rated 6×5★ 2×4★ 2×2★ → Σ(stars−1)/4 = 6 + 1.5 + 0.5 = 8 over 10.
   * B (500 households), 30 complaints: acknowledged on time 27/30, answered on time 24/30, sent back 5
   *   (25/30 good), 16 satisfied and 9 confirmed by the timer; 10 rated 4×5★ 4×4★ 2×1★ → Σ = 4 + 3 + 0 = 7 over 10.
   * C (2500 households): no complaints.
   * Left out: one of A's closed as 非物业责任, one of B's filed before the window.
   *
   * City means: acknowledge 35/40 = .875, answer 30/40 = .75, satisfaction 15/20 = .75, reopen-good 35/40 = .875,
   * volume 40 complaints / 4000 households = .01 per household.
   *
   * A: ack (8 + 8.75)/20 = .8375; answer (6 + 7.5)/20 = .675; satisfaction (8 + 7.5)/20 = .775;
   *    reopen (10 + 8.75)/20 = .9375; rate r̂ = (10 + 1000·.01)/(1000 + 1000) = .01 → volume .01/(.01 + .01) = .5
   *    score = 100 × (.15·.8375 + .25·.675 + .25·.775 + .15·.9375 + .2·.5)
   *          = 100 × (.125625 + .16875 + .19375 + .140625 + .1) = 72.875
   * B: ack (27 + 8.75)/40 = .89375; answer (24 + 7.5)/40 = .7875; satisfaction (7 + 7.5)/20 = .725;
   *    reopen (25 + 8.75)/40 = .84375; r̂ = (30 + 10)/(500 + 1000) = 2/75 → volume .01/(.01 + 2/75) = 3/11
   *    score = 100 × (.1340625 + .196875 + .18125 + .1265625 + .2·3/11) = 63.875 + 5.4545… = 69.3295…
   * C: every share at the city mean; r̂ = 10/3500 = 1/350 → volume (1/100)/(1/100 + 1/350) = 7/9
   *    score = 100 × (.15·.875 + .25·.75 + .25·.75 + .15·.875 + .2·7/9) = 63.75 + 15.5555… = 79.3055…
   * Ranking: C, A, B.
   */
  const complaints = [
    ...times(6, 'A', { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 5 }),
    ...times(2, 'A', { ack: 'on', answer: 'late', verdict: 'satisfied', stars: 4 }),
    ...times(2, 'A', { ack: 'late', answer: 'late', verdict: 'satisfied', stars: 2 }),
    { ...complaint('A', { ack: 'late' }), steps: [atCompany('close_not_responsible', plus(FILED, 4 * HOUR))] },
    ...times(4, 'B', { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 5 }),
    ...times(4, 'B', { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 4 }),
    ...times(2, 'B', { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 1 }),
    ...times(9, 'B', { ack: 'on', answer: 'on', verdict: 'auto' }),
    ...times(3, 'B', { ack: 'on', answer: 'late', verdict: 'satisfied' }),
    ...times(3, 'B', { ack: 'late', answer: 'late', verdict: 'satisfied' }),
    ...times(5, 'B', { ack: 'on', answer: 'on', verdict: 'not_satisfied' }),
    complaint('B', { ack: 'late', answer: 'late', verdict: 'not_satisfied' }, '2024-09-01T00:00:00.000Z'),
  ];
  const companies = [
    { id: 'A', households: 1000 },
    { id: 'B', households: 500 },
    { id: 'C', households: 2500 },
  ];
  const city = creditScores(companies, complaints, { asOf: AS_OF });
  const byId = (id: string) => city.ranking.find((c) => c.companyId === id)!;

  it('uses the documented constants', () => {
    expect([PRIOR_WEIGHT, HOUSEHOLD_PRIOR]).toEqual([10, 1000]);
    expect(CREDIT_WEIGHTS).toEqual({ acknowledge: 0.15, answer: 0.25, satisfaction: 0.25, reopen: 0.15, volume: 0.2 });
    expect(Object.values(CREDIT_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('has the city means computed by hand', () => {
    expect(city.windowDays).toBe(90);
    expect(city.means.acknowledge).toBeCloseTo(0.875, 12);
    expect(city.means.answer).toBeCloseTo(0.75, 12);
    expect(city.means.satisfaction).toBeCloseTo(0.75, 12);
    expect(city.means.reopen).toBeCloseTo(0.875, 12);
    expect(city.means.volume).toBeCloseTo(0.01, 12);
  });

  it('has every measure and score computed by hand', () => {
    const values = (id: string) => Object.fromEntries(Object.entries(byId(id).measures).map(([m, r]) => [m, r.value]));
    const expectClose = (actual: Record<string, number>, want: Record<string, number>) => {
      for (const [k, v] of Object.entries(want)) expect([k, actual[k]]).toEqual([k, expect.closeTo(v, 10)]);
    };
    expectClose(values('A'), { acknowledge: 0.8375, answer: 0.675, satisfaction: 0.775, reopen: 0.9375, volume: 0.5 });
    expectClose(values('B'), {
      acknowledge: 0.89375,
      answer: 0.7875,
      satisfaction: 0.725,
      reopen: 0.84375,
      volume: 3 / 11,
    });
    expectClose(values('C'), { acknowledge: 0.875, answer: 0.75, satisfaction: 0.75, reopen: 0.875, volume: 7 / 9 });
    expect(byId('A').score).toBeCloseTo(72.875, 10);
    expect(byId('B').score).toBeCloseTo(63.875 + 20 * (3 / 11), 10);
    expect(byId('C').score).toBeCloseTo(63.75 + 20 * (7 / 9), 10);
    expect(city.ranking.map((c) => c.companyId)).toEqual(['C', 'A', 'B']);
    expect(displayScore(byId('B').score)).toBe(69.3);
  });

  it('reports the evidence: counts and raw values, complaints per 1000 households', () => {
    expect(byId('A')).toMatchObject({ complaints: 10, households: 1000 });
    expect(byId('A').measures.acknowledge).toMatchObject({ x: 8, n: 10, raw: 0.8 });
    expect(byId('B').measures.reopen).toMatchObject({ x: 25, n: 30 });
    expect(byId('B').measures.volume).toMatchObject({ x: 30, n: 500, raw: 60 });
    expect(byId('C').measures.acknowledge).toMatchObject({ x: 0, n: 0, raw: null });
  });
});

describe('smoothing: three complaints are not ranked above or below three hundred by chance', () => {
  /*
   * Everything is perfect except acknowledgement; 100 households per complaint, so every company's complaint rate
   * equals the city's (.01) and its volume value is .5. Then score = 100 × (.15·ack + .25 + .25 + .15 + .2·.5)
   * = 75 + 15·ack.
   *   S  3 complaints,   3 on time (raw 1.000) — lucky small
   *   U  3 complaints,   2 on time (raw 0.667) — unlucky small
   *   G  300 complaints, 285 on time (raw 0.950) — consistently good large
   *   W  300 complaints, 240 on time (raw 0.800) — consistently poor large
   *   M  394 complaints, 370 on time (raw 0.939)
   * City mean: 900/1000 = .9, so m·p̄ = 9.
   *   S (3 + 9)/13 = .923077 → 88.846    U (2 + 9)/13 = .846154 → 87.692
   *   G (285 + 9)/310 = .948387 → 89.226  W (240 + 9)/310 = .803226 → 87.048
   *   M (370 + 9)/404 = .938119 → 89.072
   * Raw order S > G > M > W > U; smoothed G > M > S > U > W.
   */
  const perfect = { answer: 'on', verdict: 'satisfied', stars: 5 } as const;
  const company = (id: string, n: number, onTime: number) => [
    ...times(onTime, id, { ...perfect, ack: 'on' }),
    ...times(n - onTime, id, { ...perfect, ack: 'late' }),
  ];
  const complaints = [
    ...company('S', 3, 3),
    ...company('U', 3, 2),
    ...company('G', 300, 285),
    ...company('W', 300, 240),
    ...company('M', 394, 370),
  ];
  const households = { S: 300, U: 300, G: 30000, W: 30000, M: 39400 };
  const city = creditScores(
    Object.entries(households).map(([id, h]) => ({ id, households: h })),
    complaints,
    { asOf: AS_OF },
  );
  const score = (id: string) => city.ranking.find((c) => c.companyId === id)!.score;

  it('has the scores computed by hand', () => {
    expect(score('S')).toBeCloseTo(75 + (15 * 12) / 13, 10);
    expect(score('U')).toBeCloseTo(75 + (15 * 11) / 13, 10);
    expect(score('G')).toBeCloseTo(75 + (15 * 294) / 310, 10);
    expect(score('W')).toBeCloseTo(75 + (15 * 249) / 310, 10);
    expect(score('M')).toBeCloseTo(75 + (15 * 379) / 404, 10);
    expect(city.ranking.map((c) => c.companyId)).toEqual(['G', 'M', 'S', 'U', 'W']);
  });

  it('a lucky 3/3 stays below a consistently good large company; an unlucky 2/3 above a consistently poor one', () => {
    expect(score('S')).toBeLessThan(score('G'));
    expect(score('U')).toBeGreaterThan(score('W'));
  });

  it('pulls a small sample toward the mean by n / (n + m) of its distance, a large one hardly at all', () => {
    // S is 0.1 above the mean on 3 complaints: it keeps 3/13 of that. G keeps 300/310.
    expect(shrink({ x: 3, n: 3 }, 0.9) - 0.9).toBeCloseTo((0.1 * 3) / 13, 12);
    expect(shrink({ x: 285, n: 300 }, 0.9) - 0.9).toBeCloseTo((0.05 * 300) / 310, 12);
  });
});

describe('fair to company size', () => {
  it('the same complaints per household score the same, whatever the size', () => {
    const spec = { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 4 } as const;
    const city = creditScores(
      [
        { id: 'small', households: 1000 },
        { id: 'large', households: 10000 },
      ],
      [...times(10, 'small', spec), ...times(100, 'large', spec)],
      { asOf: AS_OF },
    );
    // city rate 110/11000 = .01; small r̂ = (10 + 10)/2000 = .01, large r̂ = (100 + 10)/11000 = .01: both .5
    const [a, b] = city.ranking;
    expect(a.measures.volume.value).toBeCloseTo(0.5, 12);
    expect(b.measures.volume.value).toBeCloseTo(0.5, 12);
    expect(city.ranking.map((c) => c.companyId)).toEqual(['large', 'small']); // equal shares: more evidence first
  });
});

describe('the trend', () => {
  it('names months in China time', () => {
    expect(chinaMonth('2024-10-31T15:59:59.999Z')).toBe('2024-10');
    expect(chinaMonth('2024-10-31T16:00:00.000Z')).toBe('2024-11'); // 00:00 on 1 November in 嘉峪关
  });

  it('gives the score as it stood at the end of each of the last N months, the current month as of now', () => {
    const late = { ack: 'late', answer: 'late', verdict: 'not_satisfied' } as const;
    const good = { ack: 'on', answer: 'on', verdict: 'satisfied', stars: 5 } as const;
    const complaints = [
      complaint('A', late, '2024-10-05T00:00:00.000Z'),
      complaint('A', late, '2024-10-06T00:00:00.000Z'),
      complaint('B', good, '2024-10-07T00:00:00.000Z'),
      complaint('A', good, '2024-12-05T00:00:00.000Z'),
      complaint('A', good, '2024-12-06T00:00:00.000Z'),
    ];
    const companies = [
      { id: 'A', households: 500 },
      { id: 'B', households: 500 },
    ];
    const now = '2024-12-20T04:00:00.000Z';
    const trend = creditTrend('A', companies, complaints, { asOf: now, months: 4 });
    expect(trend.map((p) => [p.month, p.complaints])).toEqual([
      ['2024-09', 0],
      ['2024-10', 2],
      ['2024-11', 2],
      ['2024-12', 4],
    ]);
    // September: nobody had complaints, so nothing is known to be wrong anywhere.
    expect(trend[0].score).toBeCloseTo(100, 10);
    // November's point is the score as of 23:59:59.999 on 30 November (China time); December's as of now.
    const endOfNovember = '2024-11-30T15:59:59.999Z';
    expect(trend[2].score).toBeCloseTo(
      creditScores(companies, complaints, { asOf: endOfNovember }).ranking.find((c) => c.companyId === 'A')!.score,
      10,
    );
    expect(trend[3].score).toBeCloseTo(
      creditScores(companies, complaints, { asOf: now }).ranking.find((c) => c.companyId === 'A')!.score,
      10,
    );
    expect(trend[3].score!).toBeGreaterThan(trend[2].score!); // two good answers since
    expect(creditTrend('nobody', companies, complaints, { asOf: now, months: 1 })).toEqual([
      { month: '2024-12', score: null, complaints: 0 },
    ]);
  });
});
