/** 单位接单: the unit's inbox, 接单、退回社区、发布任务 and 办结. */
import { AppError } from '../../../miniprogram/shared/errors';
import { checkPublishTask } from '../../../miniprogram/shared/orders/tasks';
import { roles } from '../../lib/access';
import { actorName } from '../../lib/caller';
import { stepPhotos } from '../../lib/media';
import { orderPhotos, type TaskDoc } from '../../lib/orders';
import { onOrder, type OnOrder } from '../access';
import { allClaims, CLOSED_STATES, OPEN_STATES, summaryPage, taskIdOf, type OrdersImpl } from '../model';
import { step, stepAction } from '../step';
import { toSummary, toTask } from '../views';

export const unitActions = {
  unitInbox: {
    access: roles(['unit_member'], async (input: { unitId: string }) => ({
      target: { unitId: input.unitId },
      subject: null,
    })),
    async handler(input, { caller, db, now }) {
      const _ = db.command;
      const filter = input.filter ?? 'open';
      const where: Record<string, unknown> = { unitId: input.unitId };
      if (filter === 'dispatched') where.status = 'dispatched';
      else if (filter === 'closed') where.status = _.in(CLOSED_STATES);
      else where.status = _.in(OPEN_STATES);
      const sort: [string, 'asc' | 'desc'] = filter === 'closed' ? ['updatedAt', 'desc'] : ['deadline', 'asc'];
      const { docs, nextCursor } = await summaryPage(db, where, sort, input.cursor);
      const at = now();
      return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
    },
  },

  accept: stepAction('accept'),

  returnToCommunity: stepAction<{ orderId: string; reason: string }>('return_to_community', async (input) => ({
    reason: input.reason,
    set: { unitId: null, unitName: '' },
  })),

  publishTask: {
    access: onOrder('publish_task'),
    async handler(input, { caller, db, now, subject }) {
      const { doc: order, actor } = subject as OnOrder;
      const at = now();
      const check = checkPublishTask({ slots: input.slots, startAt: input.startAt, endAt: input.endAt }, at);
      if (!check.ok) throw new AppError(check.code, check.message);
      const publications = order.timeline.filter((e) => e.action === 'publish_task').length;
      // 发回重办 publishes the task again: a new round of claims; the earlier rounds' reports and claimants stay.
      const earlier = order.task;
      const task: TaskDoc = {
        id: taskIdOf(order._id, publications + 1),
        title: input.title,
        description: input.description,
        place: input.place,
        slots: input.slots,
        free: input.slots,
        startAt: new Date(input.startAt).toISOString(),
        endAt: new Date(input.endAt).toISOString(),
        claimants: earlier?.claimants ?? [],
        active: [],
        claims: {},
        earlierReports: earlier ? allClaims(earlier).filter((claim) => claim.state === 'reported') : [],
        publisherName: actor === 'unit_member' ? order.unitName : order.communityName,
        createdAt: at.toISOString(),
      };
      const updated = await step(db, order, 'publish_task', actor, at, {
        actorId: caller.openid,
        actorName: actorName(caller),
        reason: `${input.title}，${input.slots}个名额`,
        set: { task },
      });
      return toTask(updated, updated.task!, caller, at);
    },
  },

  complete: stepAction<{ orderId: string; notes: string; photos?: string[] }>(
    'complete',
    async (input, { caller, db, doc, now }) => {
      // The completion keeps its photos (not the timeline event).
      const { photos, allowedSet } = stepPhotos(db, caller, orderPhotos(doc._id), input.photos, now);
      return { set: { completion: { notes: input.notes, photos, at: now.toISOString() } }, allowedSet };
    },
  ),
} satisfies OrdersImpl;
