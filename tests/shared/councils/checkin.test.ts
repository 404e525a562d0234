import {
  attendanceOf,
  checkInOpensAt,
  issueCode,
  qrPayload,
  readCode,
  verifyCheckIn,
  type CheckInMeeting,
} from '../../../miniprogram/shared/councils/checkin';
import { decideCancel, decideSignUp, seatWrite, type SeatMeeting } from '../../../miniprogram/shared/councils/seats';

const MIN = 60 * 1000;
const START = '2026-11-05T11:00:00.000Z';
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
const DOOR = plus(START, -30 * MIN);

const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++];
};

describe('issuing codes', () => {
  it('six digits, unique in the meeting, kept for the person', () => {
    expect(issueCode({}, 'a', sequence(42))).toBe('000042');
    expect(issueCode({ a: '000042' }, 'b', sequence(42, 42, 999999))).toBe('999999');
    expect(issueCode({ a: '000042' }, 'a', sequence(7))).toBe('000042');
  });

  it('refuses a bad generator rather than making a bad code', () => {
    expect(() => issueCode({}, 'a', () => 1_000_000)).toThrow();
    expect(() => issueCode({}, 'a', () => 0.5)).toThrow();
    expect(() => issueCode({ a: '000001' }, 'b', () => 1)).toThrow('no free check-in code');
  });
});

describe('reading what staff scanned or typed', () => {
  it.each([
    ['typed', ' 123456 ', { ok: true, code: '123456' }],
    ['scanned here', qrPayload('m1', '123456'), { ok: true, code: '123456' }],
    [
      'scanned, another meeting',
      qrPayload('m2', '123456'),
      { ok: false, code: 'CONFLICT', message: '这是其他会议的签到码' },
    ],
    ['too short', '12345', { ok: false, code: 'VALIDATION_FAILED', message: '签到码应为6位数字' }],
    ['junk', 'JMT-YSH:m1:12ab56', { ok: false, code: 'VALIDATION_FAILED', message: '签到码应为6位数字' }],
  ])('%s', (_name, input, expected) => {
    expect(readCode(input, 'm1')).toEqual(expected);
  });
});

/** A meeting of 2 seats: a and b confirmed, c waiting; d signed up and cancelled (his code stays, dead). */
function fixture(): CheckInMeeting & SeatMeeting {
  let m: CheckInMeeting & SeatMeeting = {
    id: 'm1',
    rev: 0,
    capacity: 2,
    confirmed: [],
    waitlist: [],
    state: 'scheduled',
    startAt: START,
    endAt: plus(START, 120 * MIN),
    signUpDeadline: plus(START, -120 * MIN),
    codes: {},
    attended: [],
  };
  const early = plus(START, -24 * 60 * MIN);
  let n = 100000;
  for (const u of ['a', 'd', 'b', 'c']) {
    const d = decideSignUp(m, u, early);
    if (!d.ok) throw new Error(d.message);
    m = { ...m, ...seatWrite(m, d.seats).set, codes: { ...m.codes, [u]: issueCode(m.codes, u, () => (n += 1)) } };
  }
  const cancel = decideCancel(m, 'd', early);
  if (!cancel.ok) throw new Error(cancel.message);
  expect(cancel.promoted).toBe('b');
  return { ...m, ...seatWrite(m, cancel.seats).set };
}

describe('checking in', () => {
  const m = fixture();
  const code = (u: string) => m.codes[u];

  it('the fixture: a and b seated, c waiting, d cancelled', () => {
    expect(m.confirmed).toEqual(['a', 'b']);
    expect(m.waitlist).toEqual(['c']);
    expect(m.codes).toEqual({ a: '100001', d: '100002', b: '100003', c: '100004' });
  });

  it('a seated person’s code works, typed or scanned', () => {
    expect(verifyCheckIn(m, code('a'), DOOR)).toEqual({ ok: true, userId: 'a' });
    expect(verifyCheckIn(m, qrPayload('m1', code('b')), DOOR)).toEqual({ ok: true, userId: 'b' });
  });

  it.each([
    [
      'used once already',
      () => verifyCheckIn({ ...m, attended: ['a'] }, code('a'), DOOR),
      'CONFLICT',
      '该签到码已使用',
    ],
    ['after cancelling', () => verifyCheckIn(m, code('d'), DOOR), 'INVALID_STATE', '该报名已取消，签到码无效'],
    [
      'on the waitlist',
      () => verifyCheckIn(m, code('c'), DOOR),
      'INVALID_STATE',
      '该居民在候补名单第1位，尚未获得座位',
    ],
    [
      'another meeting’s QR',
      () => verifyCheckIn(m, qrPayload('m2', code('a')), DOOR),
      'CONFLICT',
      '这是其他会议的签到码',
    ],
    [
      'another meeting’s code typed here',
      () => verifyCheckIn({ ...m, codes: { a: '555555' } }, code('a'), DOOR),
      'NOT_FOUND',
      '签到码无效，请核对',
    ],
    ['unknown', () => verifyCheckIn(m, '000000', DOOR), 'NOT_FOUND', '签到码无效，请核对'],
    ['too early', () => verifyCheckIn(m, code('a'), plus(START, -61 * MIN)), 'INVALID_STATE', '签到尚未开始'],
    ['after the end', () => verifyCheckIn(m, code('a'), m.endAt), 'DEADLINE_PASSED', '会议已结束，不能签到'],
    [
      'a cancelled meeting',
      () => verifyCheckIn({ ...m, state: 'cancelled' }, code('a'), DOOR),
      'INVALID_STATE',
      '会议已取消，不能签到',
    ],
  ])('refused: %s', (_name, run, errorCode, message) => {
    expect(run()).toEqual({ ok: false, code: errorCode, message });
  });

  it('the door opens an hour before, but never while people can still cancel', () => {
    expect(checkInOpensAt(m).toISOString()).toBe(plus(START, -60 * MIN));
    expect(checkInOpensAt({ startAt: START, signUpDeadline: plus(START, -10 * MIN) }).toISOString()).toBe(
      plus(START, -10 * MIN),
    );
    expect(verifyCheckIn({ ...m, state: 'held' }, code('a'), plus(START, 30 * MIN)).ok).toBe(true);
  });

  it('live attendance', () => {
    expect(attendanceOf({ ...m, attended: ['b'] })).toEqual({
      capacity: 2,
      confirmed: 2,
      waitlisted: 1,
      checkedIn: 1,
      notYet: 1,
    });
  });
});
