/** 居民确认与联合评单: 确认解决、发回重办、评价. */
import { actorName } from '../../lib/caller';
import { stepPhotos } from '../../lib/media';
import { orderPhotos, type RatingDoc } from '../../lib/orders';
import { onOrder, type OnOrder } from '../access';
import type { OrdersImpl } from '../model';
import { step, stepAction } from '../step';
import { toDetail } from '../views';

export const closingActions = {
  confirm: stepAction('confirm'),

  // What he shows of what is still wrong stays with the step, in the timeline.
  notFixed: stepAction<{ orderId: string; reason: string; photos?: string[] }>(
    'not_fixed',
    async (input, { caller, db, doc, now }) => ({
      reason: input.reason,
      ...stepPhotos(db, caller, orderPhotos(doc._id), input.photos, now),
    }),
  ),

  rate: {
    access: onOrder((input: { as: 'resident' | 'community' }) =>
      input.as === 'resident' ? 'rate_by_resident' : 'rate_by_community',
    ),
    async handler(input, { caller, db, now, subject }) {
      const { doc: order, actor } = subject as OnOrder;
      const at = now();
      const rating: RatingDoc = { stars: input.stars, comment: input.comment ?? '', at: at.toISOString() };
      const updated = await step(
        db,
        order,
        input.as === 'resident' ? 'rate_by_resident' : 'rate_by_community',
        actor,
        at,
        {
          actorId: caller.openid,
          actorName: actorName(caller),
          reason: `${'★'.repeat(input.stars)}${rating.comment ? ` ${rating.comment}` : ''}`,
          set: { [`ratings.${input.as}`]: rating },
        },
      );
      return toDetail(updated, caller, at);
    },
  },
} satisfies OrdersImpl;
