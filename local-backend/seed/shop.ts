/**
 * 积分超市 for the demo: 雄关社区's catalogue (added by its staff through the shop function), the party member's
 * points from earlier service (one 人工调整 line: the demo has no closed order of his), and one redemption of his
 * waiting to be picked up — so the volunteer's shop, his pickup code and the staff's hand-over have something to show.
 */
import { COLLECTIONS, getDb } from '../../cloudfunctions/lib/db';
import type { LedgerDoc } from '../../cloudfunctions/lib/orders';

type Call = (fn: string, openid: string, action: string, payload: Record<string, unknown>) => Promise<{ id?: unknown }>;

export const DEMO_SHOP_ITEMS = [
  { name: '洗衣液', description: '2 kg 装，社区党群服务中心领取', price: 30, stock: 10 },
  { name: '东北大米', description: '5 kg 装', price: 80, stock: 5 },
  { name: '雨伞', description: '折叠晴雨伞', price: 40, stock: 8 },
  { name: '保温杯', description: '500 ml 不锈钢', price: 60, stock: 0 },
];

export async function seedShop(call: Call, now: Date): Promise<void> {
  const earlier: LedgerDoc = {
    _id: 'pl-demo-earlier-service',
    userId: 'demo-party-member',
    kind: 'adjust',
    delta: 120,
    orderId: null,
    note: '往期志愿服务积分',
    at: now.toISOString(),
  };
  await getDb().collection(COLLECTIONS.pointsLedger).add(earlier);
  const ids: unknown[] = [];
  for (const [i, item] of DEMO_SHOP_ITEMS.entries()) {
    const added = await call('shop', 'demo-community-staff', 'addItem', {
      communityId: 'cm-xiongguan',
      requestId: `demo-shop-item-${i + 1}`,
      ...item,
    });
    ids.push(added.id);
  }
  await call('shop', 'demo-party-member', 'redeem', { itemId: ids[0], requestId: 'demo-shop-redeem-1' });
}
