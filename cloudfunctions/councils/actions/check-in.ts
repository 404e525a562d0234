/** 签到: staff admit a signed-up person by his code, once; attendance as it stands. */
import { attendanceOf, verifyCheckIn } from '../../../miniprogram/shared/councils/checkin';
import { AppError } from '../../../miniprogram/shared/errors';
import { COLLECTIONS } from '../../lib/db';
import { organisesMeeting, type CouncilAction, type Organising } from '../access';
import { refusalOf, type MeetingDoc } from '../model';
import { attendeeOf, buildingNames } from '../views';

export const checkIn: CouncilAction<'checkIn'> = {
  access: organisesMeeting,
  async handler(input, { db, now, subject }) {
    const { doc: m } = subject as Organising<MeetingDoc>;
    const at = now();
    const verdict = verifyCheckIn({ ...m, id: m._id, state: m.status }, input.code, at);
    if (!verdict.ok) throw refusalOf(verdict);
    const uid = verdict.userId;
    const _ = db.command;
    // A code admits once: only a write that still sees him confirmed and not yet in lands.
    const res = await db
      .collection(COLLECTIONS.meetings)
      .where({ _id: m._id, status: _.in(['scheduled', 'held']), confirmed: uid, attended: _.nin([uid]) })
      .update({ attended: _.push([uid]), [`checkedInAt.${uid}`]: at.toISOString() });
    if (res.updated !== 1) throw new AppError('CONFLICT', '该签到码已使用');
    const after = {
      ...m,
      attended: [...m.attended, uid],
      checkedInAt: { ...m.checkedInAt, [uid]: at.toISOString() },
    };
    return {
      attendee: attendeeOf(after, uid, await buildingNames(db, after, [uid])),
      attendance: attendanceOf(after),
    };
  },
};

export const attendance: CouncilAction<'attendance'> = {
  access: organisesMeeting,
  async handler(_input, { db, subject }) {
    const { doc: m } = subject as Organising<MeetingDoc>;
    const buildings = await buildingNames(db, m, m.confirmed);
    return { attendance: attendanceOf(m), attendees: m.confirmed.map((uid) => attendeeOf(m, uid, buildings)) };
  },
};
