/** 居民下单: the catalogue, a resident's new order, his orders, an order's detail, 撤销. */
import { AppError } from '../../../miniprogram/shared/errors';
import { SERVICE_CATEGORIES, tierLimitLabel } from '../../../miniprogram/shared/orders/catalogue';
import { anyone, registered, resident } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import { stableId } from '../../lib/records';
import { viewer, type OnOrder } from '../access';
import { CLOSED_STATES, OPEN_STATES, summaryPage, type OrdersImpl } from '../model';
import { openRequested, orderPlace } from '../opening';
import { stepAction } from '../step';
import { toDetail, toSummary } from '../views';

export const intakeActions = {
  listCategories: {
    access: anyone,
    async handler() {
      return SERVICE_CATEGORIES.map((c) => ({
        id: c.id,
        label: c.label,
        group: c.group,
        hint: c.hint,
        tier: c.tier,
        limitLabel: tierLimitLabel(c.tier),
        defaultHandler: c.defaultHandler,
      }));
    },
  },

  create: {
    access: resident,
    // The building (his own unless he names another), his community and compound, with him in one round trip.
    reads: (input) => ({
      building: input.buildingId
        ? { collection: COLLECTIONS.places, ids: [input.buildingId] }
        : { collection: COLLECTIONS.places, callerField: 'buildingId', field: '_id' },
      community: { collection: COLLECTIONS.places, callerField: 'communityId', field: '_id' },
      compound: { collection: COLLECTIONS.places, callerField: 'compoundId', field: '_id' },
    }),
    async handler(input, { caller, db, now, loaded }) {
      const user = caller.user!;
      // The request id makes the order's id: a retried create finds the order the first one made.
      const id = stableId('ord', caller.openid, input.requestId);
      if (!input.buildingId && !user.buildingId) throw new AppError('VALIDATION_FAILED', '请选择楼栋');
      const place = orderPlace(
        { building: loaded.building[0], community: loaded.community[0], compound: loaded.compound[0] },
        '只能为您所在社区的楼栋下单',
      );
      const resident = { id: caller.openid, name: user.name, phone: user.phone ?? '' };
      return openRequested(db, caller, now(), { id, resident }, place, input);
    },
  },

  listMine: {
    access: registered,
    async handler(input, { caller, db, now }) {
      const _ = db.command;
      const where: Record<string, unknown> = { residentId: caller.openid };
      if (input.filter) where.status = _.in(input.filter === 'open' ? OPEN_STATES : CLOSED_STATES);
      const { docs, nextCursor } = await summaryPage(db, where, ['createdAt', 'desc'], input.cursor);
      const at = now();
      return { items: docs.map((d) => toSummary(d, caller, at)), nextCursor };
    },
  },

  getDetail: {
    access: viewer,
    async handler(_input, { caller, now, subject }) {
      return toDetail((subject as OnOrder).doc, caller, now());
    },
  },

  cancel: stepAction<{ orderId: string; reason?: string }>('cancel', async (input) => ({ reason: input.reason })),
} satisfies OrdersImpl;
