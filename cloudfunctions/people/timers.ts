/** The people function's timers. */
import type { Caller } from '../lib/caller';
import { COLLECTIONS } from '../lib/db';
import type { TimerSpec } from '../lib/router';
import { grantPartyMember } from './grants';
import { grantEventId, type ApplicationDoc, type PersonDoc } from './model';

export const settleApprovals: TimerSpec = {
  summary: '补齐审核通过但未写入的党员角色（审核请求在两次写入之间中断时）',
  everyMinutes: 5,
  /**
   * An approval writes the application, then the grant. If the request died between the two and nobody sent
   * it again, the approved application of the last day whose round's grant event is missing gets it now, as
   * by its reviewer — the same idempotent grant a resent approval makes.
   */
  async run({ db, now }) {
    const _ = db.command;
    const since = new Date(now().getTime() - 24 * 3600_000);
    let granted = 0;
    // Page by page through the day's approvals (a 双报到 campaign day may approve hundreds).
    for (let offset = 0; ; offset += SETTLE_PAGE) {
      const approved = (
        await db
          .collection(COLLECTIONS.applications)
          .where({ status: 'approved', reviewedAt: _.gte(since) })
          .orderBy('reviewedAt', 'asc')
          .skip(offset)
          .limit(SETTLE_PAGE)
          .get()
      ).data as ApplicationDoc[];
      if (approved.length === 0) break;
      const userIds = [...new Set(approved.map((a) => a.userId))];
      const applicants = new Map(
        (
          (
            await db
              .collection(COLLECTIONS.users)
              .where({ _id: _.in(userIds) })
              .limit(userIds.length)
              .get()
          ).data as PersonDoc[]
        ).map((u) => [u._id, u]),
      );
      for (const application of approved) {
        const applicant = applicants.get(application.userId);
        // Nothing to do: no such person, this round's grant made, or he holds the role anyway.
        if (!applicant || (applicant.roleEvents ?? []).some((e) => e.id === grantEventId(application))) continue;
        if (applicant.roles.some((g) => g.role === 'party_member' && g.scopeId === application.communityId)) continue;
        const reviewer = {
          openid: application.reviewedBy ?? 'system',
          user: { name: application.reviewerName ?? '' },
        } as Caller;
        if (await grantPartyMember(db, application, reviewer, application.reviewedAt ?? now())) granted += 1;
      }
      if (approved.length < SETTLE_PAGE) break;
    }
    return { granted };
  },
};

/** Approvals one pass of settleApprovals reads at a time. */
const SETTLE_PAGE = 200;
