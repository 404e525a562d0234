/**
 * 报名 and 取消报名: shared/councils/seats.ts decides, these write what it decided on the conditions it names — so
 * capacity is never exceeded whatever the concurrency, and a lost race reads again and decides again.
 */
import { randomInt } from 'node:crypto';
import { issueCode } from '../../../miniprogram/shared/councils/checkin';
import { checkMayJoin } from '../../../miniprogram/shared/councils/scope';
import {
  decideCancel,
  decideSignUp,
  seatWrite,
  signUpWrite,
  type Seats,
} from '../../../miniprogram/shared/councils/seats';
import { LOST, untilLanded } from '../../lib/cas';
import { COLLECTIONS, type Database } from '../../lib/db';
import { pushOutbox, type OutboxEntry } from '../../lib/outbox';
import { audienceOf, seesMeeting, type CouncilAction } from '../access';
import { agendaReads, topicMap } from '../agenda';
import { councilCaller, loadMeeting, refusalOf, seatMeeting, seatsOf, type MeetingDoc, type PersonDoc } from '../model';
import { seatNotices, whenAndWhere } from '../notices';
import { toDetail } from '../views';

/** Far more tries than a sign-up crowd at one door needs (each lost one re-reads the meeting). */
const SEAT_ATTEMPTS = 30;
const CROWDED = '报名人数较多，请稍后重试';

/**
 * Writes a cancel decision: both lists whole (seatWrite), on the meeting's version, with the records the change
 * owes in its outbox; a lost race reads again and decides again. `decide` throws the refusal.
 */
function seatChange(
  db: Database,
  initial: MeetingDoc,
  decide: (m: MeetingDoc) => { seats: Seats; records: OutboxEntry[] },
): Promise<MeetingDoc> {
  return untilLanded(SEAT_ATTEMPTS, CROWDED, async (attempt) => {
    // The first decision uses the meeting fetched with the caller; a lost race reads it again.
    const before = attempt === 0 ? initial : await loadMeeting(db, initial._id);
    const { seats, records } = decide(before);
    const { where, set } = seatWrite(seatsOf(before), seats);
    const { rev, ...lists } = set;
    const members = [...new Set([...before.members, ...seats.confirmed, ...seats.waitlist])];
    const res = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: before._id, version: where.rev, status: where.state })
      .update({ ...lists, version: rev, members, ...pushOutbox(db, records) });
    if (res.updated !== 1) return LOST;
    return { ...before, ...lists, version: rev, members };
  });
}

export const signUp: CouncilAction<'signUp'> = {
  access: seesMeeting,
  reads: agendaReads,
  async handler(_input, { caller, db, now, subject, loaded }) {
    const at = now();
    const m = subject as MeetingDoc;
    const may = checkMayJoin(audienceOf(m), councilCaller(caller));
    if (!may.ok) throw refusalOf(may);
    const person = { name: caller.user?.name ?? '', buildingId: caller.user?.buildingId ?? null, basis: may.as };
    const after = await takeSeat(db, m, caller.openid, at, person);
    return toDetail(after, caller, at, topicMap(loaded.agendaTopics));
  },
};

export const cancelSignUp: CouncilAction<'cancelSignUp'> = {
  access: seesMeeting,
  reads: agendaReads,
  async handler(input, { caller, db, now, subject, loaded }) {
    const at = now();
    const after = await seatChange(db, subject as MeetingDoc, (current) => {
      const decision = decideCancel(seatMeeting(current), caller.openid, at);
      if (!decision.ok) throw refusalOf(decision);
      // the first on the waitlist moves up and is told, in the same write
      const records = decision.promoted
        ? seatNotices(
            `${current._id}-v${current.version + 1}-promoted`,
            'meeting_promoted',
            current,
            [decision.promoted],
            `有人取消报名，您已获得座位。${current.place}`,
            at.toISOString(),
          )
        : [];
      return { seats: decision.seats, records };
    });
    return toDetail(after, caller, at, topicMap(loaded.agendaTopics));
  },
};

/**
 * Signing up in ONE conditional update, no read-modify-write of the lists: his id appended where decideSignUp put
 * him, on the conditions signUpWrite names (a seat still free, or none and room on the waitlist) — so N concurrent
 * sign-ups each land exactly once, in arrival order, and never past capacity. A write that finds the meeting moved
 * on (the last seat taken, a seat freed, the code taken) reads it again and decides again. The write returns the
 * meeting as it left it (`updateAndReturn`): the answer needs no read after it.
 */
function takeSeat(db: Database, initial: MeetingDoc, uid: string, at: Date, person: PersonDoc): Promise<MeetingDoc> {
  const _ = db.command;
  return untilLanded(SEAT_ATTEMPTS, CROWDED, async (attempt) => {
    const current = attempt === 0 ? initial : await loadMeeting(db, initial._id);
    const decision = decideSignUp(seatMeeting(current), uid, at);
    if (!decision.ok) throw refusalOf(decision);
    const { joins, requires } = signUpWrite(decision);
    const code = issueCode(current.codes, uid, () => randomInt(0, 1_000_000));
    const fresh = current.codes[uid] === undefined;
    const seated = joins === 'confirmed';
    // a seat is confirmed: he is told in the same write (a waitlisted sign-up hears when he moves up)
    const notices = seated
      ? seatNotices(
          `${current._id}-v${current.version}-seat-${uid}`,
          'meeting_seat',
          current,
          [uid],
          whenAndWhere(current),
          at.toISOString(),
        )
      : [];
    const res = (await db
      .collection(COLLECTIONS.meetings)
      .where({
        _id: current._id,
        status: 'scheduled',
        signUpDeadline: _.gt(at.toISOString()),
        confirmed: _.neq(uid),
        waitlist: _.neq(uid),
        ...(requires.freeSeats === 'some'
          ? { freeSeats: _.gt(0) }
          : { freeSeats: 0, waitlistCount: _.lt(requires.waitlistBelow) }),
        // a new code must be unlike every code issued for this meeting
        ...(fresh ? { codeList: _.neq(code) } : {}),
      })
      .updateAndReturn({
        members: _.addToSet(uid),
        codeList: _.addToSet(code),
        [`codes.${uid}`]: code,
        [`people.${uid}`]: _.set(person),
        version: _.inc(1),
        [joins]: _.push([uid]),
        ...(seated ? { confirmedCount: _.inc(1), freeSeats: _.inc(-1) } : { waitlistCount: _.inc(1) }),
        ...pushOutbox(db, notices),
      })) as { updated?: number; doc?: MeetingDoc | null };
    return res.updated === 1 && res.doc ? res.doc : LOST;
  });
}
