/** 积分: his balance and ledger. */
import { LEDGER_KINDS } from '../../../miniprogram/shared/orders/points';
import { registered } from '../../lib/access';
import { COLLECTIONS } from '../../lib/db';
import type { LedgerDoc } from '../../lib/orders';
import { PAGE_SIZE } from '../../lib/paging';
import type { OrdersImpl } from '../model';

export const pointsActions = {
  myPoints: {
    access: registered,
    async handler(input, { caller, db }) {
      const offset = input.cursor ?? 0;
      const ledger = db.collection(COLLECTIONS.pointsLedger);
      const [lines, sum] = await Promise.all([
        ledger
          .where({ userId: caller.openid })
          .orderBy('at', 'desc')
          .skip(offset)
          .limit(PAGE_SIZE + 1)
          .get(),
        ledger
          .aggregate()
          .match({ userId: caller.openid })
          .group({ _id: null, balance: db.command.aggregate.sum('$delta') })
          .end(),
      ]);
      const docs = lines.data as LedgerDoc[];
      const total = (sum.data[0] as { balance?: number } | undefined)?.balance ?? 0;
      return {
        balance: total,
        items: docs.slice(0, PAGE_SIZE).map((d) => ({
          id: d._id,
          kind: d.kind,
          kindLabel: LEDGER_KINDS[d.kind].label,
          delta: d.delta,
          orderId: d.orderId,
          note: d.note,
          at: d.at,
        })),
        nextCursor: docs.length > PAGE_SIZE ? offset + PAGE_SIZE : null,
      };
    },
  },
} satisfies OrdersImpl;
