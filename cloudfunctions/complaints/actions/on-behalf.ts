/**
 * 代办投诉: community staff and grid workers take a complaint down for a member who phoned or came in. It is filed
 * exactly as his own (./file.ts `fileOrJoin`: numbered, or joining the open one of his compound and category as his
 * 附议), so it is in his 我的投诉 with his notices; staff's photos go with it, and it keeps how it was taken.
 *
 * Only for members: a complaint is his compound's matter, joined and answered in his name, and its flow (不满意,
 * 评价) is his to take — a resident who is not registered phones his community, who follow it up for him (orders'
 * 代办 records him by name and phone).
 */
import type { complaintsActions } from '../../../miniprogram/shared/api/complaints';
import { AppError } from '../../../miniprogram/shared/errors';
import { INTAKE_ROLES } from '../../../miniprogram/shared/intake';
import { ownPhotos, roles } from '../../lib/access';
import { COLLECTIONS, getDb } from '../../lib/db';
import { intakeMember, intakeReads, intakeScope, takenByOf, type IntakePlace } from '../../lib/intake';
import type { ActionImpl } from '../../lib/router';
import { OPEN_ORDER_STATES, type ComplaintDoc, type Filing } from '../model';
import { toDetail } from '../views';
import { fileOrJoin } from './file';

type Spec = typeof complaintsActions;

export const fileOnBehalf: ActionImpl<Spec['fileOnBehalf']> = {
  // The place the form names, covered by one of the caller's grants (its community, or its grid).
  access: roles(INTAKE_ROLES.slice(), intakeScope),
  // With the caller in one round trip: the places and the member, a complaint this request filed for him (a retry),
  // the latest of his compound in this category (to join or to number after) and its open proactive order.
  reads: (input) => ({
    ...intakeReads(input),
    mine: {
      collection: COLLECTIONS.complaints,
      where: { filerId: input.resident.memberId, requestId: input.requestId },
      limit: 1,
    },
    latest: {
      collection: COLLECTIONS.complaints,
      where: { compoundId: input.compoundId, category: input.category },
      orderBy: ['seq', 'desc'],
      limit: 1,
    },
    proactiveOrder: {
      collection: COLLECTIONS.orders,
      where: {
        'origin.compoundId': input.compoundId,
        'origin.complaintCategory': input.category,
        status: getDb().command.in(OPEN_ORDER_STATES),
      },
      limit: 1,
    },
  }),
  async handler(input, { caller, db, now, loaded, subject }) {
    const place = subject as IntakePlace;
    const member = intakeMember(caller, loaded, place);
    if (member.compoundId !== place.compound._id) throw new AppError('FORBIDDEN', '只能投诉居民所住小区的物业');
    const photos = ownPhotos(caller, input.photos);
    const at = now();
    const filed = loaded.mine[0] as ComplaintDoc | undefined;
    if (filed) return toDetail(filed, caller, at);
    const filing: Filing = {
      caller: { openid: member._id, user: member },
      requestId: input.requestId,
      category: input.category,
      description: input.description,
      photos,
      publicName: input.publicName ?? false,
      ...place,
      proactiveOrderId: (loaded.proactiveOrder[0] as { _id: string } | undefined)?._id ?? null,
      at,
    };
    const stored = { channel: input.channel, takenBy: takenByOf(caller, place, 'member') };
    return fileOrJoin(db, filing, loaded.latest[0] as ComplaintDoc | undefined, {
      uploader: caller,
      viewer: caller,
      stored,
    });
  },
};
