/** The orders function's timers: its outbox's delivery, and the sweep of overdue and lapsed orders. */
import { timerAction } from '../../miniprogram/shared/orders/machine';
import { COLLECTIONS } from '../lib/db';
import type { OrderDoc } from '../lib/orders';
import { deliveryTimer } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';
import { sweepTimer } from '../lib/workflow';
import { snapshot, WORKING } from './model';
import { step } from './step';

export const timers: Record<string, TimerSpec> = {
  deliver: deliveryTimer(COLLECTIONS.orders),
  sweep: sweepTimer({
    summary: '超时督办：超时上报街道（每单一次）、超时自动确认、评价期满自动办结',
    everyMinutes: 5,
    actions: ['escalate', 'auto_confirm', 'auto_close'],
    async due(db, at) {
      const _ = db.command;
      const iso = at.toISOString();
      const res = await db
        .collection(COLLECTIONS.orders)
        .where(
          _.or([
            { status: _.in(WORKING), escalatedAt: null, deadline: _.lt(iso) },
            { status: _.in(['completed', 'confirmed', 'resident_rated', 'community_rated']), deadline: _.lt(iso) },
          ]),
        )
        .limit(100)
        .get();
      return res.data as OrderDoc[];
    },
    dueAction: (order, at) => timerAction(snapshot(order), at),
    step,
  }),
};
