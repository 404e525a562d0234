import {
  MAX_WAITLIST,
  decideCancel,
  decideCapacity,
  decideSignUp,
  everyoneSignedUp,
  seatOf,
  seatWrite,
  signUpOption,
  signUpWrite,
  type SeatMeeting,
  type SignUpWrite,
} from '../../../miniprogram/shared/councils/seats';

const DEADLINE = '2026-11-05T10:00:00.000Z';
const BEFORE = '2026-11-04T08:00:00.000Z';
const uid = (i: number) => `u${String(i).padStart(2, '0')}`;
const meeting = (capacity: number, extra: Partial<SeatMeeting> = {}): SeatMeeting => ({
  rev: 0,
  capacity,
  confirmed: [],
  waitlist: [],
  state: 'scheduled',
  signUpDeadline: DEADLINE,
  ...extra,
});

/** Apply a decision as the server's conditional update would: only if rev still matches. */
function signUpAll(m: SeatMeeting, users: string[], now = BEFORE) {
  const outcomes: (string | number)[] = [];
  for (const u of users) {
    const d = decideSignUp(m, u, now);
    if (!d.ok) throw new Error(d.message);
    const w = seatWrite(m, d.seats);
    expect(w.where.rev).toBe(m.rev);
    m = { ...m, ...w.set };
    outcomes.push(d.outcome === 'confirmed' ? 'confirmed' : d.position);
  }
  return { m, outcomes };
}

const forty = Array.from({ length: 40 }, (_, i) => uid(i + 1));

describe('sign-up: 10 seats, 40 people in order', () => {
  const { m, outcomes } = signUpAll(meeting(10), forty);

  it('the first 10 get seats, the other 30 wait in arrival order', () => {
    expect(m.confirmed).toEqual(forty.slice(0, 10));
    expect(m.waitlist).toEqual(forty.slice(10));
    expect(outcomes).toEqual([...Array(10).fill('confirmed'), ...Array.from({ length: 30 }, (_, i) => i + 1)]);
    expect(m.rev).toBe(40);
    expect(seatOf(m, 'u11')).toEqual({ status: 'waitlisted', position: 1 });
    expect(seatOf(m, 'u40')).toEqual({ status: 'waitlisted', position: 30 });
    expect(seatOf(m, 'u03')).toEqual({ status: 'confirmed', position: null });
    expect(seatOf(m, 'u99')).toBeNull();
  });

  it('cancellations promote the waitlist in order, one each', () => {
    let cur = m;
    const promoted: (string | null)[] = [];
    for (const u of ['u03', 'u07', 'u01']) {
      const d = decideCancel(cur, u, BEFORE);
      if (!d.ok) throw new Error(d.message);
      promoted.push(d.promoted);
      cur = { ...cur, ...seatWrite(cur, d.seats).set };
      expect(cur.confirmed.length).toBe(10);
    }
    expect(promoted).toEqual(['u11', 'u12', 'u13']);
    expect(cur.confirmed).toEqual(['u02', 'u04', 'u05', 'u06', 'u08', 'u09', 'u10', 'u11', 'u12', 'u13']);
    expect(cur.waitlist).toEqual(forty.slice(13));
    expect(seatOf(cur, 'u14')).toEqual({ status: 'waitlisted', position: 1 });
  });

  it('leaving the waitlist promotes nobody and moves those behind up', () => {
    const d = decideCancel(m, 'u15', BEFORE);
    expect(d).toMatchObject({ ok: true, was: 'waitlisted', promoted: null });
    if (!d.ok) return;
    expect(d.seats.confirmed).toEqual(m.confirmed);
    expect(seatOf(m, 'u16')).toEqual({ status: 'waitlisted', position: 6 });
    expect(seatOf(d.seats, 'u16')).toEqual({ status: 'waitlisted', position: 5 });
    expect(seatOf(d.seats, 'u14')).toEqual({ status: 'waitlisted', position: 4 });
  });

  it('a seat given up with nobody waiting stays free', () => {
    const small = signUpAll(meeting(3), ['a', 'b']).m;
    const d = decideCancel(small, 'a', BEFORE);
    expect(d).toMatchObject({ ok: true, was: 'confirmed', promoted: null, seats: { confirmed: ['b'], waitlist: [] } });
  });
});

describe('capacity is never exceeded', () => {
  it('under any interleaving of sign-ups and cancellations (seeded random walk)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let m = meeting(5);
    for (let i = 0; i < 2000; i += 1) {
      const u = uid(Math.floor(rand() * 30));
      const d = rand() < 0.6 ? decideSignUp(m, u, BEFORE) : decideCancel(m, u, BEFORE);
      if (d.ok) m = { ...m, ...seatWrite(m, d.seats).set };
      expect(m.confirmed.length).toBeLessThanOrEqual(m.capacity);
      // a free seat never sits next to someone waiting
      if (m.waitlist.length > 0) expect(m.confirmed.length).toBe(m.capacity);
      expect(new Set([...m.confirmed, ...m.waitlist]).size).toBe(m.confirmed.length + m.waitlist.length);
    }
  });

  it('two requests decided from the same document: the second write is refused by its rev condition', () => {
    const m = signUpAll(meeting(1), []).m;
    const a = decideSignUp(m, 'a', BEFORE);
    const b = decideSignUp(m, 'b', BEFORE);
    if (!a.ok || !b.ok) throw new Error('both decide a seat from the same read');
    const stored = { ...m, ...seatWrite(m, a.seats).set };
    expect(seatWrite(m, b.seats).where.rev).not.toBe(stored.rev); // the conditional update matches nothing
    const retry = decideSignUp(stored, 'b', BEFORE);
    expect(retry).toMatchObject({ ok: true, outcome: 'waitlisted', position: 1 });
  });

  it('seatWrite itself refuses a decision over capacity or one that does not bump rev', () => {
    expect(() => seatWrite({ rev: 0 }, { rev: 1, capacity: 1, confirmed: ['a', 'b'], waitlist: [] })).toThrow();
    expect(() => seatWrite({ rev: 0 }, { rev: 0, capacity: 1, confirmed: [], waitlist: [] })).toThrow();
  });
});

/** A sign-up write as the function's conditional update applies it: only where its conditions hold. */
function applySignUp(stored: SeatMeeting, userId: string, write: SignUpWrite): SeatMeeting | null {
  const free = stored.capacity - stored.confirmed.length;
  if (stored.confirmed.includes(userId) || stored.waitlist.includes(userId)) return null;
  const holds =
    write.requires.freeSeats === 'some'
      ? free > 0
      : free === 0 && stored.waitlist.length < write.requires.waitlistBelow;
  return holds ? { ...stored, rev: stored.rev + 1, [write.joins]: [...stored[write.joins], userId] } : null;
}

describe('sign-up writes: appended where the decision still holds', () => {
  it('a seat needs one still free; a waitlist place needs none free and room on the waitlist', () => {
    const open = meeting(1);
    const full = signUpAll(meeting(1), ['a']).m;
    const seat = decideSignUp(open, 'b', BEFORE);
    const wait = decideSignUp(full, 'b', BEFORE);
    if (!seat.ok || !wait.ok) throw new Error('both decide');
    expect(signUpWrite(seat)).toEqual({ joins: 'confirmed', requires: { freeSeats: 'some' } });
    expect(signUpWrite(wait)).toEqual({
      joins: 'waitlist',
      requires: { freeSeats: 'none', waitlistBelow: MAX_WAITLIST },
    });
    // decided from the open meeting, landing on the full one: refused, and decided again it waits
    expect(applySignUp(full, 'b', signUpWrite(seat))).toBeNull();
    expect(applySignUp(full, 'b', signUpWrite(wait))).toMatchObject({ confirmed: ['a'], waitlist: ['b'] });
  });

  it('decided from stale reads, interleaved with cancels: capacity is never exceeded (seeded random walk)', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let stored = meeting(4);
    const reads: SeatMeeting[] = [stored];
    for (let i = 0; i < 2000; i += 1) {
      const u = uid(Math.floor(rand() * 20));
      // what this request read: the document as it is, or as it was a few writes ago
      const read = reads[Math.max(0, reads.length - 1 - Math.floor(rand() * 3))];
      if (rand() < 0.6) {
        let d = decideSignUp(read, u, BEFORE);
        let landed = d.ok ? applySignUp(stored, u, signUpWrite(d)) : null;
        if (d.ok && landed === null) {
          // lost: the function reads again and decides again
          d = decideSignUp(stored, u, BEFORE);
          landed = d.ok ? applySignUp(stored, u, signUpWrite(d)) : null;
          if (d.ok) expect(landed).not.toBeNull();
        }
        if (landed) stored = landed;
      } else {
        const d = decideCancel(read, u, BEFORE);
        const w = d.ok ? seatWrite(read, d.seats) : null;
        if (w && w.where.rev === stored.rev) stored = { ...stored, ...w.set };
      }
      reads.push(stored);
      expect(stored.confirmed.length).toBeLessThanOrEqual(stored.capacity);
      if (stored.waitlist.length > 0) expect(stored.confirmed.length).toBe(stored.capacity);
      expect(new Set([...stored.confirmed, ...stored.waitlist]).size).toBe(
        stored.confirmed.length + stored.waitlist.length,
      );
    }
  });

  it('seatWrite keeps the free seats the sign-up condition reads', () => {
    const m = signUpAll(meeting(3), ['a', 'b']).m;
    const d = decideCancel(m, 'a', BEFORE);
    if (!d.ok) throw new Error(d.message);
    expect(seatWrite(m, d.seats).set).toMatchObject({ confirmedCount: 1, waitlistCount: 0, freeSeats: 2 });
  });
});

describe('refusals', () => {
  const m = signUpAll(meeting(2), ['a', 'b', 'c']).m;

  it.each([
    ['sign-up twice (seat)', () => decideSignUp(m, 'a', BEFORE), 'CONFLICT', '您已报名'],
    ['sign-up twice (waitlist)', () => decideSignUp(m, 'c', BEFORE), 'CONFLICT', '您已在候补名单第1位'],
    ['sign-up at the deadline', () => decideSignUp(m, 'd', DEADLINE), 'DEADLINE_PASSED', '报名已截止'],
    [
      'cancel after the deadline',
      () => decideCancel(m, 'a', '2026-11-05T10:00:01.000Z'),
      'DEADLINE_PASSED',
      '报名已截止',
    ],
    ['cancel without a sign-up', () => decideCancel(m, 'z', BEFORE), 'INVALID_STATE', '您未报名该会议'],
    [
      'sign-up to a cancelled meeting',
      () => decideSignUp({ ...m, state: 'cancelled' }, 'd', BEFORE),
      'INVALID_STATE',
      '会议已取消，报名已关闭',
    ],
    [
      'cancel once it is held',
      () => decideCancel({ ...m, state: 'held' }, 'a', BEFORE),
      'INVALID_STATE',
      '会议已召开，报名已关闭',
    ],
    [
      'a full waitlist',
      () => decideSignUp({ ...m, waitlist: Array.from({ length: MAX_WAITLIST }, (_, i) => `w${i}`) }, 'd', BEFORE),
      'FULL',
      '名额与候补均已满',
    ],
  ])('%s', (_name, run, code, message) => {
    expect(run()).toEqual({ ok: false, code, message });
  });
});

describe('capacity edit', () => {
  const m = signUpAll(meeting(3), ['a', 'b', 'c', 'd', 'e', 'f']).m;

  it.each([
    [3, { promoted: [], confirmed: ['a', 'b', 'c'], waitlist: ['d', 'e', 'f'] }],
    [5, { promoted: ['d', 'e'], confirmed: ['a', 'b', 'c', 'd', 'e'], waitlist: ['f'] }],
    [20, { promoted: ['d', 'e', 'f'], confirmed: ['a', 'b', 'c', 'd', 'e', 'f'], waitlist: [] }],
  ])('to %i', (capacity, expected) => {
    const d = decideCapacity(m, capacity);
    expect(d).toMatchObject({ ok: true, promoted: expected.promoted });
    if (!d.ok) return;
    expect(d.seats).toEqual({ rev: m.rev + 1, capacity, confirmed: expected.confirmed, waitlist: expected.waitlist });
  });

  it('never below the seats already taken', () => {
    const fewer = signUpAll(meeting(10), ['a', 'b', 'c', 'd']).m;
    expect(decideCapacity(fewer, 4).ok).toBe(true);
    expect(decideCapacity(fewer, 3)).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '已有4人报名成功，名额不能少于4',
    });
    expect(decideCapacity(fewer, 0)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(decideCapacity(fewer, 2.5)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(decideCapacity({ ...fewer, state: 'cancelled' }, 20)).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('is allowed after the sign-up deadline, to let the waitlist in', () => {
    expect(decideCapacity({ ...m, signUpDeadline: '2020-01-01T00:00:00Z' }, 4)).toMatchObject({ promoted: ['d'] });
  });
});

describe('the sign-up button', () => {
  const m = signUpAll(meeting(2), ['a', 'b', 'c']).m;
  it.each([
    ['free seats', meeting(5), 'x', BEFORE, { action: 'sign_up', note: '剩余5个名额' }],
    ['full', m, 'x', BEFORE, { action: 'join_waitlist', note: '名额已满，可排候补（前面有1人）' }],
    ['signed up', m, 'a', BEFORE, { action: 'cancel', note: '您已报名' }],
    ['waiting', m, 'c', BEFORE, { action: 'cancel', note: '您在候补名单第1位' }],
    ['closed, signed up', m, 'a', DEADLINE, { action: null, note: '您已报名，报名已截止' }],
    ['closed', m, 'x', DEADLINE, { action: null, note: '报名已截止' }],
  ] as const)('%s', (_name, mt, user, now, expected) => {
    expect(signUpOption(mt, user, now)).toEqual(expected);
  });

  it('cancelling a meeting tells seats and waitlist alike', () => {
    expect(everyoneSignedUp(m)).toEqual(['a', 'b', 'c']);
  });
});
