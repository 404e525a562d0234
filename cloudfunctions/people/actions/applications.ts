/** 双报到: a party member applies to a community; its staff approve (granting the role) or reject with a reason. */
import { blocksNewApplication, reviewActions, type ApplicationState } from '../../../miniprogram/shared/applications';
import { AppError } from '../../../miniprogram/shared/errors';
import { registered, roles } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import { pageOf } from '../../lib/paging';
import { insertOnce, stableId } from '../../lib/records';
import { communityTarget, placeOf, reviewAccess } from '../access';
import { grantPartyMember } from '../grants';
import type { ApplicationDoc, Impl } from '../model';
import { toApplication } from '../views';

export const applyPartyMember: Impl<'applyPartyMember'> = {
  access: registered,
  // The community, and the caller's own application to it (one per person and community), come with him.
  reads: (input, { openid }) => ({
    community: { collection: COLLECTIONS.places, ids: [input.communityId] },
    mine: { collection: COLLECTIONS.applications, ids: [stableId('pa', openid, input.communityId)] },
  }),
  async handler(input, { caller, db, now, loaded }) {
    const user = caller.user!;
    if (user.roles.some((g) => g.role === 'party_member' && g.scopeId === input.communityId)) {
      throw new AppError('CONFLICT', '您已经是该社区报到的党员');
    }
    const community = placeOf(loaded.community, 'community');
    const at = now();
    const doc: ApplicationDoc = {
      _id: stableId('pa', user._id, community._id),
      userId: user._id,
      communityId: community._id,
      communityName: community.name,
      streetId: community.streetId,
      workUnit: input.workUnit,
      partyOrganization: input.partyOrganization,
      status: 'pending',
      reason: '',
      applicantName: user.name,
      applicantPhone: user.phone ?? '',
      createdAt: at,
      reviewedAt: null,
      reviewedBy: null,
      history: [],
    };
    const existing = (loaded.mine as ApplicationDoc[]).find((a) => a._id === doc._id);
    if (!existing) {
      // The id is the person and community: a second add fails, so two taps never make two applications.
      if (await insertOnce(db, COLLECTIONS.applications, doc)) return toApplication(doc, false);
      // None was there when he was read, so a twin request has just made it: it is pending.
      throw new AppError('CONFLICT', '您的申请正在审核中，请勿重复提交');
    }
    if (blocksNewApplication(existing.status)) {
      throw new AppError(
        'CONFLICT',
        existing.status === 'pending' ? '您的申请正在审核中，请勿重复提交' : '您已经是该社区报到的党员',
      );
    }
    // A re-application after a rejection reuses the document, moving the rejected outcome into its history. The
    // update is conditioned on the round that was read (rejected, with that many earlier outcomes): were it
    // re-applied and rejected again meanwhile, the outcome pushed here would be the wrong one.
    const _ = db.command;
    const { _id, history: _history, ...fresh } = doc;
    const res = await db
      .collection(COLLECTIONS.applications)
      .where({
        _id,
        status: 'rejected',
        history: existing.history ? _.size(existing.history.length) : _.exists(false),
      })
      .update({
        ...fresh,
        history: _.push([
          {
            status: existing.status,
            reason: existing.reason,
            createdAt: existing.createdAt,
            reviewedAt: existing.reviewedAt,
          },
        ]),
      });
    if (res.updated !== 1) throw new AppError('CONFLICT', '您的申请正在审核中，请勿重复提交');
    return toApplication(doc, false);
  },
};

export const listMyApplications: Impl<'listMyApplications'> = {
  access: registered,
  async handler(_input, { caller, db }) {
    const res = await db
      .collection(COLLECTIONS.applications)
      .where({ userId: caller.openid })
      .orderBy('createdAt', 'desc')
      .limit(50)
      .get();
    return (res.data as ApplicationDoc[]).map((doc) => toApplication(doc, false));
  },
};

export const listPendingApplications: Impl<'listPendingApplications'> = {
  access: roles(['community_staff', 'admin'], communityTarget),
  async handler(input, { db }) {
    const { docs, nextCursor } = await pageOf<ApplicationDoc>(
      db,
      COLLECTIONS.applications,
      { communityId: input.communityId, status: 'pending' },
      ['createdAt', 'asc'],
      input.cursor,
    );
    return { items: docs.map((doc) => toApplication(doc, true)), nextCursor };
  },
};

export const reviewApplication: Impl<'reviewApplication'> = {
  access: reviewAccess,
  reads: (input) => ({ application: { collection: COLLECTIONS.applications, ids: [input.applicationId] } }),
  /**
   * caller + application (1) → the decision (2) → on approval, the grant (3). Two documents change, and without
   * a transaction (5 round trips more) they change one after the other, so the order matters:
   * 1. the decision first, as one conditional update pending → approved/rejected: of two reviewers deciding at
   *    once exactly one decides, and the other changes nothing;
   * 2. then the grant with its event, idempotent (see grantPartyMember).
   * A request that dies between the two leaves an approved application whose grant is missing; sending the same
   * approval again (as a reviewer does after an error) finds it approved, makes the grant, and answers as if it
   * were the first time. It never grants twice, nor again after a revoke. A different decision on it is refused
   * (已经审核过了), as for any reviewed application.
   */
  async handler(input, { caller, db, now, subject }) {
    const application = subject as ApplicationDoc;
    if (application.status === 'approved' && input.decision === 'approve') {
      await grantPartyMember(db, application, caller, now());
      return toApplication(application, true);
    }
    if (!reviewActions(application.status).includes(input.decision))
      throw new AppError('INVALID_STATE', '这份申请已经审核过了');
    if (input.decision === 'reject' && !input.reason) {
      throw new AppError('VALIDATION_FAILED', '驳回时请说明理由', {
        issues: [{ path: 'reason', message: '驳回时请说明理由' }],
      });
    }
    const at = now();
    const status: ApplicationState = input.decision === 'approve' ? 'approved' : 'rejected';
    const reviewed = {
      ...application,
      status,
      reason: input.reason ?? '',
      reviewedAt: at,
      reviewedBy: caller.openid,
    };
    const res = await db
      .collection(COLLECTIONS.applications)
      .where({ _id: application._id, status: 'pending' })
      .update({
        status,
        reason: reviewed.reason,
        reviewedAt: at,
        reviewedBy: caller.openid,
        reviewerName: caller.user?.name ?? '',
      });
    if (res.updated !== 1) throw new AppError('INVALID_STATE', '这份申请已经审核过了');
    if (status === 'approved') await grantPartyMember(db, reviewed, caller, at);
    return toApplication(reviewed, true);
  },
};
