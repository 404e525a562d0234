/** The orders function's timers. */
import { timerAction } from '../../miniprogram/shared/orders/machine';
import { COLLECTIONS } from '../lib/db';
import type { OrderDoc } from '../lib/orders';
import { deliveryTimer } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';
import { BY_SYSTEM, takeDueSteps } from '../lib/workflow';
import { snapshot, WORKING } from './model';
import { step } from './step';

export const timers: Record<string, TimerSpec> = {
  deliver: deliveryTimer(COLLECTIONS.orders),
  sweep: {
    summary: '超时督办：超时上报街道（每单一次）、超时自动确认、评价期满自动办结',
    everyMinutes: 5,
    async run({ db, now }) {
      const _ = db.command;
      const at = now();
      const iso = at.toISOString();
      const due = await db
        .collection(COLLECTIONS.orders)
        .where(
          _.or([
            { status: _.in(WORKING), escalatedAt: null, deadline: _.lt(iso) },
            { status: _.in(['completed', 'confirmed', 'resident_rated', 'community_rated']), deadline: _.lt(iso) },
          ]),
        )
        .limit(100)
        .get();
      return {
        escalate: 0,
        auto_confirm: 0,
        auto_close: 0,
        ...(await takeDueSteps(
          due.data as OrderDoc[],
          (order) => timerAction(snapshot(order), at),
          (order, action) => step(db, order, action, 'system', at, BY_SYSTEM),
        )),
      };
    },
  },
};
