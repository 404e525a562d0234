/** What a caller reads: meetings he may join or organises, one meeting's page, his own sign-ups. */
import { qrPayload } from '../../../miniprogram/shared/councils/checkin';
import { scopeKeysOf } from '../../../miniprogram/shared/councils/scope';
import { seatOf } from '../../../miniprogram/shared/councils/seats';
import { registered } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import { pageOf } from '../../lib/paging';
import { organisedWhere, seesMeeting, type CouncilAction } from '../access';
import { agendaReads, topicMap } from '../agenda';
import { councilCaller, type MeetingDoc } from '../model';
import { resolutionOrders, toDetail, toSummary } from '../views';

export const listMeetings: CouncilAction<'listMeetings'> = {
  access: registered,
  async handler(input, { caller, db, now }) {
    const _ = db.command;
    const at = now();
    const iso = at.toISOString();
    const c = councilCaller(caller);
    let scopeWhere: Record<string, unknown>[];
    if (input.communityId) {
      scopeWhere = [organisedWhere(db, caller, input.communityId)];
    } else {
      const binding = c.binding;
      const partyOf = c.grants.filter((g) => g.role === 'party_member').map((g) => g.scopeId);
      const units = c.grants.filter((g) => g.role === 'unit_member').map((g) => g.scopeId);
      scopeWhere = [
        ...(binding ? [{ scopeKey: _.in(scopeKeysOf(binding)) }] : []),
        ...partyOf.map((communityId) => ({ communityId, 'audience.partyMembers': true })),
        ...(units.length ? [{ 'audience.unitIds': _.in(units) }] : []),
      ];
      if (scopeWhere.length === 0) return { items: [], nextCursor: null };
    }
    const upcoming = (input.filter ?? 'upcoming') === 'upcoming';
    const time = upcoming
      ? { status: _.in(['scheduled', 'held']), endAt: _.gte(iso) }
      : { status: _.in(['held', 'minutes_published', 'cancelled']) };
    const where = _.or(scopeWhere.map((w) => ({ ...w, ...time })));
    const { docs, nextCursor } = await pageOf<MeetingDoc>(
      db,
      COLLECTIONS.meetings,
      where as unknown as Record<string, unknown>,
      ['startAt', upcoming ? 'asc' : 'desc'],
      input.cursor,
    );
    return { items: docs.map((m) => toSummary(m, caller, at)), nextCursor };
  },
};

export const getMeeting: CouncilAction<'getMeeting'> = {
  access: seesMeeting,
  reads: agendaReads,
  async handler(_input, { caller, db, now, subject, loaded }) {
    const m = subject as MeetingDoc;
    return toDetail(m, caller, now(), topicMap(loaded.agendaTopics), await resolutionOrders(db, m));
  },
};

export const mySignUps: CouncilAction<'mySignUps'> = {
  access: registered,
  async handler(input, { caller, db, now }) {
    const _ = db.command;
    const at = now();
    const upcoming = (input.filter ?? 'upcoming') === 'upcoming';
    const page = await pageOf<MeetingDoc>(
      db,
      COLLECTIONS.meetings,
      { members: caller.openid, endAt: upcoming ? _.gte(at.toISOString()) : _.lt(at.toISOString()) },
      ['startAt', upcoming ? 'asc' : 'desc'],
      input.cursor,
    );
    // members are everyone ever signed up: a cancelled sign-up is not his any more
    const docs = page.docs.filter((m) => seatOf(m, caller.openid) !== null);
    return {
      items: docs.map((m) => {
        const seat = seatOf(m, caller.openid)!;
        const code = m.codes[caller.openid];
        return {
          meeting: toSummary(m, caller, at),
          status: seat.status,
          position: seat.position,
          code,
          qr: qrPayload(m._id, code),
          checkedInAt: m.checkedInAt[caller.openid] ?? null,
        };
      }),
      nextCursor: page.nextCursor,
    };
  },
};
