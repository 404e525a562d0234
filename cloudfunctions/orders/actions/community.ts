/** 社区发单: the community's queue, the units to dispatch to, 派单、社区自办、驳回. */
import { AppError } from '../../../miniprogram/shared/errors';
import { suggestUnit } from '../../../miniprogram/shared/orders/catalogue';
import type { Unit } from '../../../miniprogram/shared/schemas/places';
import { roles } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import { communityTarget, onOrder, type OnOrder } from '../access';
import { CLOSED_STATES, summaryPage, WORKING, type OrdersImpl } from '../model';
import { stepAction } from '../step';
import { toSummary } from '../views';

export const communityActions = {
  staffQueue: {
    access: roles(['community_staff'], communityTarget),
    async handler(input, { caller, db, now }) {
      const _ = db.command;
      const filter = input.filter ?? 'open';
      const at = now();
      const where: Record<string, unknown> = { communityId: input.communityId };
      if (filter === 'new') where.status = 'submitted';
      else if (filter === 'closed') where.status = _.in(CLOSED_STATES);
      else where.status = _.in(WORKING);
      if (filter === 'overdue') where.deadline = _.lt(at.toISOString());
      // The working states' deadlines are all 受理/接单/办结 clocks: the earliest deadline is the most overdue.
      const sort: [string, 'asc' | 'desc'] = filter === 'closed' ? ['updatedAt', 'desc'] : ['deadline', 'asc'];
      const { docs, nextCursor } = await summaryPage(db, where, sort, input.cursor);
      return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
    },
  },

  dispatchOptions: {
    access: onOrder('dispatch'),
    async handler(_input, { db, subject }) {
      const { doc: order } = subject as OnOrder;
      const res = await db.collection(COLLECTIONS.units).where({ streetIds: order.streetId }).limit(100).get();
      const units = (res.data as Unit[]).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
      return {
        suggestedUnitId: suggestUnit(
          order.categoryId,
          units.map((u) => ({ id: u._id, kind: u.kind })),
          order.propertyCompanyId,
        ),
        units: units.map((u) => ({ id: u._id, name: u.name, kind: u.kind, phone: u.phone })),
      };
    },
  },

  dispatch: stepAction<{ orderId: string; unitId: string; note?: string }>(
    'dispatch',
    async (input, { doc: order, loaded }) => {
      const unit = loaded.unit[0] as Unit | undefined;
      if (!unit) throw new AppError('NOT_FOUND', '找不到这个单位');
      if (!unit.streetIds.includes(order.streetId)) throw new AppError('FORBIDDEN', '该单位不服务本街道，不能派单');
      return { reason: input.note, set: { unitId: unit._id, unitName: unit.name } };
    },
    (input) => ({ unit: { collection: COLLECTIONS.units, ids: [input.unitId] } }),
  ),

  handleSelf: stepAction<{ orderId: string; note?: string }>('handle_self', async (input) => ({
    reason: input.note,
  })),

  reject: stepAction<{ orderId: string; reason: string }>('reject', async (input) => ({ reason: input.reason })),
} satisfies OrdersImpl;
