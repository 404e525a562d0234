/**
 * Sign-up for a council meeting: seats, a waitlist, and who moves up — pure decisions at a given `now`. The
 * `councils` function applies them: it writes what these functions decide, on the conditions they name.
 *
 * THE STORAGE: everything that decides a seat lives on the ONE meeting document:
 *   version (`rev` here)    bumped by every write that changes it
 *   state, capacity, signUpDeadline, startAt, endAt
 *   confirmed: string[]     user ids holding a seat, in the order they got it
 *   waitlist: string[]      user ids waiting, in arrival order (position 1 first)
 *   confirmedCount, waitlistCount, freeSeats   the lengths and capacity − confirmed, for the writes' conditions
 *   codes: { [uid]: code }  each person's check-in code, issued at his first sign-up and never removed (checkin.ts)
 *   attended: string[], checkedInAt: { [uid]: iso }   written by check-in only
 *
 * THE WRITES: read the document, decide here, then ONE conditional update.
 * - Sign-up appends (`signUpWrite`): his id pushed onto the list the decision chose, on condition that what the
 *   decision relied on still holds — open, he in neither list, and a seat still free (for a seat) or none free and
 *   room on the waitlist (for a place on it). Other sign-ups landing meanwhile do not void it, so a crowd at the
 *   door each lands once, in arrival order.
 * - Cancel and a capacity edit replace both lists whole (`seatWrite`), on condition that `rev` is the one decided
 *   from (promotion moves a person from one list to the other; MongoDB forbids $pull and $push on one field in one
 *   update).
 * A write that matches nothing lost a race: the function reads again and decides again. Every write lands only
 * where its decision still holds, and no decision here yields more than `capacity` confirmed — so capacity is
 * never exceeded, whatever the concurrency.
 */
import type { ErrorCode } from '../errors';
import { isPast } from '../orders/catalogue';
import type { Refusal } from '../orders/machine';
import { MEETING_STATES, type MeetingState } from './machine';

export const MAX_CAPACITY = 500;
/** The waitlist is as long as the hall is big, at most (a person 501st in line will not get in). */
export const MAX_WAITLIST = 500;

export interface Seats {
  rev: number;
  capacity: number;
  confirmed: readonly string[];
  waitlist: readonly string[];
}

/** What sign-up needs to know about a meeting. */
export interface SeatMeeting extends Seats {
  state: MeetingState;
  signUpDeadline: string;
}

/** A person's place: a seat, a waitlist position (1 = next to move up), or nothing. */
export type Seat = { status: 'confirmed'; position: null } | { status: 'waitlisted'; position: number } | null;

export function seatOf(seats: Pick<Seats, 'confirmed' | 'waitlist'>, userId: string): Seat {
  if (seats.confirmed.includes(userId)) return { status: 'confirmed', position: null };
  const i = seats.waitlist.indexOf(userId);
  return i < 0 ? null : { status: 'waitlisted', position: i + 1 };
}

export const seatsLeft = (seats: Pick<Seats, 'capacity' | 'confirmed'>): number =>
  Math.max(0, seats.capacity - seats.confirmed.length);

const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** Sign-up and cancel are open while the meeting is scheduled and until its sign-up deadline (exclusive). */
export function checkSignUpWindow(
  meeting: Pick<SeatMeeting, 'state' | 'signUpDeadline'>,
  now: Date | string,
): Refusal | null {
  if (meeting.state !== 'scheduled') {
    return refuse('INVALID_STATE', `会议${MEETING_STATES[meeting.state].label}，报名已关闭`);
  }
  if (isPast(meeting.signUpDeadline, now)) return refuse('DEADLINE_PASSED', '报名已截止');
  return null;
}

export type SignUpDecision =
  | { ok: true; outcome: 'confirmed'; position: null; seats: Seats }
  | { ok: true; outcome: 'waitlisted'; position: number; seats: Seats }
  | Refusal;

/**
 * Signing up (after the scope check, scope.ts): while open, once; a seat if one is free, else the end of the
 * waitlist. Refusals: closed → INVALID_STATE / DEADLINE_PASSED; already in → CONFLICT; waitlist full → FULL.
 */
export function decideSignUp(meeting: SeatMeeting, userId: string, now: Date | string): SignUpDecision {
  const closed = checkSignUpWindow(meeting, now);
  if (closed) return closed;
  const mine = seatOf(meeting, userId);
  if (mine !== null) {
    return refuse('CONFLICT', mine.status === 'confirmed' ? '您已报名' : `您已在候补名单第${mine.position}位`);
  }
  const rev = meeting.rev + 1;
  if (seatsLeft(meeting) > 0) {
    const seats = { ...pick(meeting), rev, confirmed: [...meeting.confirmed, userId] };
    return { ok: true, outcome: 'confirmed', position: null, seats };
  }
  if (meeting.waitlist.length >= MAX_WAITLIST) return refuse('FULL', '名额与候补均已满');
  const seats = { ...pick(meeting), rev, waitlist: [...meeting.waitlist, userId] };
  return { ok: true, outcome: 'waitlisted', position: seats.waitlist.length, seats };
}

/** How a sign-up decision is stored: appended, on condition that what it relied on still holds (top of file). */
export interface SignUpWrite {
  /** The list his id is pushed onto (its count bumped; a seat also takes one of `freeSeats`). */
  joins: 'confirmed' | 'waitlist';
  /** A seat needs one still free; a waitlist place needs none free and the waitlist still shorter than this. */
  requires: { freeSeats: 'some' } | { freeSeats: 'none'; waitlistBelow: number };
}

export function signUpWrite(decision: Extract<SignUpDecision, { ok: true }>): SignUpWrite {
  return decision.outcome === 'confirmed'
    ? { joins: 'confirmed', requires: { freeSeats: 'some' } }
    : { joins: 'waitlist', requires: { freeSeats: 'none', waitlistBelow: MAX_WAITLIST } };
}

export type CancelDecision =
  { ok: true; was: 'confirmed' | 'waitlisted'; promoted: string | null; seats: Seats } | Refusal;

/**
 * Cancelling one's sign-up (until the deadline): a seat given up goes to the first on the waitlist, who is told;
 * leaving the waitlist moves those behind up one. Refusals: closed → INVALID_STATE / DEADLINE_PASSED; not signed
 * up → INVALID_STATE.
 */
export function decideCancel(meeting: SeatMeeting, userId: string, now: Date | string): CancelDecision {
  const closed = checkSignUpWindow(meeting, now);
  if (closed) return closed;
  const mine = seatOf(meeting, userId);
  if (mine === null) return refuse('INVALID_STATE', '您未报名该会议');
  const rev = meeting.rev + 1;
  if (mine.status === 'waitlisted') {
    const seats = { ...pick(meeting), rev, waitlist: meeting.waitlist.filter((id) => id !== userId) };
    return { ok: true, was: 'waitlisted', promoted: null, seats };
  }
  const confirmed = meeting.confirmed.filter((id) => id !== userId);
  const promoted = meeting.waitlist.length > 0 && confirmed.length < meeting.capacity ? meeting.waitlist[0] : null;
  const seats = {
    ...pick(meeting),
    rev,
    confirmed: promoted === null ? confirmed : [...confirmed, promoted],
    waitlist: promoted === null ? [...meeting.waitlist] : meeting.waitlist.slice(1),
  };
  return { ok: true, was: 'confirmed', promoted, seats };
}

export type CapacityDecision = { ok: true; promoted: string[]; seats: Seats } | Refusal;

/**
 * Changing capacity on an edit (while scheduled, even after the sign-up deadline — raising it lets the waitlist in):
 * never below the seats already taken (CONFLICT); raising it promotes from the waitlist in order, each promoted
 * person is told. The write is the same conditional update as sign-up.
 */
export function decideCapacity(meeting: SeatMeeting, capacity: number): CapacityDecision {
  if (meeting.state !== 'scheduled')
    return refuse('INVALID_STATE', `会议${MEETING_STATES[meeting.state].label}，不能修改`);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
    return refuse('VALIDATION_FAILED', `名额应为1到${MAX_CAPACITY}人`);
  }
  const taken = meeting.confirmed.length;
  if (capacity < taken) return refuse('CONFLICT', `已有${taken}人报名成功，名额不能少于${taken}`);
  const promoted = meeting.waitlist.slice(0, capacity - taken);
  const seats = {
    rev: meeting.rev + 1,
    capacity,
    confirmed: [...meeting.confirmed, ...promoted],
    waitlist: meeting.waitlist.slice(promoted.length),
  };
  return { ok: true, promoted, seats };
}

const pick = (s: Seats): Seats => ({
  rev: s.rev,
  capacity: s.capacity,
  confirmed: [...s.confirmed],
  waitlist: [...s.waitlist],
});

/** The conditional update that stores a cancel or capacity decision: both lists whole (see the top of this file). */
export interface SeatWrite {
  where: { rev: number; state: 'scheduled' };
  set: {
    rev: number;
    capacity: number;
    confirmed: string[];
    waitlist: string[];
    confirmedCount: number;
    waitlistCount: number;
    freeSeats: number;
  };
}

export function seatWrite(before: Pick<Seats, 'rev'>, after: Seats): SeatWrite {
  if (after.rev !== before.rev + 1) throw new Error('a seat decision must bump rev by one');
  if (after.confirmed.length > after.capacity) throw new Error('capacity exceeded');
  return {
    where: { rev: before.rev, state: 'scheduled' },
    set: {
      rev: after.rev,
      capacity: after.capacity,
      confirmed: [...after.confirmed],
      waitlist: [...after.waitlist],
      confirmedCount: after.confirmed.length,
      waitlistCount: after.waitlist.length,
      freeSeats: seatsLeft(after),
    },
  };
}

/** Everyone to tell when the meeting is cancelled, or its time or place changes: seats and waitlist alike. */
export const everyoneSignedUp = (seats: Pick<Seats, 'confirmed' | 'waitlist'>): string[] => [
  ...seats.confirmed,
  ...seats.waitlist,
];

/**
 * The sign-up button a page shows: sign up (a seat is free), join the waitlist, cancel, or nothing — with a line
 * saying why. Scope is the server's check; this is only about seats and time.
 */
export function signUpOption(
  meeting: SeatMeeting,
  userId: string,
  now: Date | string,
): { action: 'sign_up' | 'join_waitlist' | 'cancel' | null; note: string } {
  const closed = checkSignUpWindow(meeting, now);
  const mine = seatOf(meeting, userId);
  const where = mine === null ? '' : mine.status === 'confirmed' ? '您已报名' : `您在候补名单第${mine.position}位`;
  if (closed) return { action: null, note: where ? `${where}，${closed.message}` : closed.message };
  if (mine !== null) return { action: 'cancel', note: where };
  if (seatsLeft(meeting) > 0) return { action: 'sign_up', note: `剩余${seatsLeft(meeting)}个名额` };
  if (meeting.waitlist.length >= MAX_WAITLIST) return { action: null, note: '名额与候补均已满' };
  return { action: 'join_waitlist', note: `名额已满，可排候补（前面有${meeting.waitlist.length}人）` };
}
