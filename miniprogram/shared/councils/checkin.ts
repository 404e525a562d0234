/**
 * Check-in at the door: every person who signs up gets a personal code for that meeting; staff scan its QR code
 * or type the six digits; a code admits its holder once, only at that meeting, only while he holds a seat.
 *
 * THE CODE: six random digits (easy to read out at the door, for the elderly too), drawn by the server with a
 * cryptographic generator (`crypto.randomInt(0, 1_000_000)` as `draw`) when a person first signs up, unique within
 * the meeting. It is stored IN THE CLEAR, not hashed, on the meeting document (`codes.<uid>`): the owner must be
 * able to see it again (我的报名) and six digits are too few for a hash to hide anything. It is never removed and
 * never given to anyone else, so a cancelled person's code stays dead and a re-sign-up gets the same code back.
 * The server shows codes only to their owner; staff see names, never codes.
 *
 * THE QR CODE carries `JMT-YSH:<meetingId>:<code>`, so a code scanned at the wrong meeting is told apart from a
 * mistyped one.
 *
 * THE WRITE: after `verifyCheckIn`, one conditional update on the meeting document:
 *   where  { _id: meetingId, state: _.in(['scheduled', 'held']), confirmed: uid, attended: _.nin([uid]) }
 *   update { attended: _.push([uid]), ['checkedInAt.' + uid]: nowIso }
 * `updated === 0` → re-read and answer with verifyCheckIn's refusal (used meanwhile, or no longer confirmed).
 * It leaves `rev` alone: seat writes set confirmed/waitlist/capacity only, never attended; and cancelling closes
 * (sign-up deadline) before check-in opens, so a person cannot cancel after checking in.
 */
import type { ErrorCode } from '../errors';
import { isPast } from '../orders/catalogue';
import type { Refusal } from '../orders/machine';
import { MEETING_STATES, takesCheckIn, type MeetingState } from './machine';
import { seatOf, type Seats } from './seats';

export const CODE_DIGITS = 6;
export const QR_PREFIX = 'JMT-YSH';
/** Check-in opens an hour before the start (and never before sign-up closes); it closes when the meeting ends. */
export const CHECK_IN_OPENS_BEFORE_MS = 60 * 60 * 1000;

const CODE_SPACE = 10 ** CODE_DIGITS;
const CODE = new RegExp(`^\\d{${CODE_DIGITS}}$`);
const QR = new RegExp(`^${QR_PREFIX}:([A-Za-z0-9_-]{1,64}):(\\d{${CODE_DIGITS}})$`);

export const formatCode = (n: number): string => String(n).padStart(CODE_DIGITS, '0');
export const qrPayload = (meetingId: string, code: string): string => `${QR_PREFIX}:${meetingId}:${code}`;

/**
 * The person's code for this meeting: the one he already has, or a fresh one unlike any issued for it.
 * `draw` returns an integer in [0, 10^6) — the server passes a cryptographic generator, tests a fixed sequence.
 */
export function issueCode(codes: Readonly<Record<string, string>>, userId: string, draw: () => number): string {
  const mine = codes[userId];
  if (mine !== undefined) return mine;
  const taken = new Set(Object.values(codes));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const n = draw();
    if (!Number.isInteger(n) || n < 0 || n >= CODE_SPACE) throw new Error('draw must give an integer in [0, 10^6)');
    const code = formatCode(n);
    if (!taken.has(code)) return code;
  }
  throw new Error('no free check-in code');
}

const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** What staff scanned or typed, for this meeting: six digits, or the QR payload of this meeting. */
export function readCode(input: string, meetingId: string): { ok: true; code: string } | Refusal {
  const text = input.trim();
  if (CODE.test(text)) return { ok: true, code: text };
  const qr = QR.exec(text);
  if (qr === null) return refuse('VALIDATION_FAILED', `签到码应为${CODE_DIGITS}位数字`);
  if (qr[1] !== meetingId) return refuse('CONFLICT', '这是其他会议的签到码');
  return { ok: true, code: qr[2] };
}

export interface CheckInMeeting extends Pick<Seats, 'confirmed' | 'waitlist'> {
  id: string;
  state: MeetingState;
  startAt: string;
  endAt: string;
  signUpDeadline: string;
  codes: Readonly<Record<string, string>>;
  attended: readonly string[];
}

/** When the door opens: an hour before the start, but not before sign-up (and cancelling) has closed. */
export const checkInOpensAt = (meeting: Pick<CheckInMeeting, 'startAt' | 'signUpDeadline'>): Date =>
  new Date(
    Math.max(
      new Date(meeting.startAt).getTime() - CHECK_IN_OPENS_BEFORE_MS,
      new Date(meeting.signUpDeadline).getTime(),
    ),
  );

/** Check-in is open for the meeting now: scheduled or held, from the door's opening until the end. */
export function checkInWindow(meeting: CheckInMeeting, now: Date | string): Refusal | null {
  if (!takesCheckIn(meeting.state)) {
    return refuse('INVALID_STATE', `会议${MEETING_STATES[meeting.state].label}，不能签到`);
  }
  if (!isPast(checkInOpensAt(meeting), now)) return refuse('INVALID_STATE', '签到尚未开始');
  if (isPast(meeting.endAt, now)) return refuse('DEADLINE_PASSED', '会议已结束，不能签到');
  return null;
}

export const userByCode = (codes: Readonly<Record<string, string>>, code: string): string | null =>
  Object.keys(codes).find((uid) => codes[uid] === code) ?? null;

/**
 * Staff check someone in by code. Refusals, in order: the meeting is not open for check-in → INVALID_STATE /
 * DEADLINE_PASSED; malformed → VALIDATION_FAILED; another meeting's QR → CONFLICT; no such code here → NOT_FOUND;
 * the holder cancelled → INVALID_STATE; he is on the waitlist → INVALID_STATE; already used → CONFLICT.
 */
export function verifyCheckIn(
  meeting: CheckInMeeting,
  input: string,
  now: Date | string,
): { ok: true; userId: string } | Refusal {
  const closed = checkInWindow(meeting, now);
  if (closed) return closed;
  const read = readCode(input, meeting.id);
  if (!read.ok) return read;
  const userId = userByCode(meeting.codes, read.code);
  if (userId === null) return refuse('NOT_FOUND', '签到码无效，请核对');
  const seat = seatOf(meeting, userId);
  if (seat === null) return refuse('INVALID_STATE', '该报名已取消，签到码无效');
  if (seat.status === 'waitlisted')
    return refuse('INVALID_STATE', `该居民在候补名单第${seat.position}位，尚未获得座位`);
  if (meeting.attended.includes(userId)) return refuse('CONFLICT', '该签到码已使用');
  return { ok: true, userId };
}

/** Live attendance for staff. */
export function attendanceOf(
  meeting: Pick<CheckInMeeting, 'confirmed' | 'waitlist' | 'attended'> & { capacity: number },
) {
  const checkedIn = meeting.attended.filter((uid) => meeting.confirmed.includes(uid)).length;
  return {
    capacity: meeting.capacity,
    confirmed: meeting.confirmed.length,
    waitlisted: meeting.waitlist.length,
    checkedIn,
    notYet: meeting.confirmed.length - checkedIn,
  };
}
