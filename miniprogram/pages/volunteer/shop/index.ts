import { errorText } from '../../../lib/errors';
import { listUpdate } from '../../../lib/paging';
import { cancelPrompt } from '../../../lib/shop-cards';
import { confirmAction, toast } from '../../../services/dialogs';
import type { Tap } from '../../../services/events';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { cancelRedemption, listShopItems, myRedemptions, redeemItem } from '../../../services/shop/index';
import { makeRequestId } from '../../../shared/request-id';
import { textSizeBehavior } from '../../../behaviors/text-size';
import {
  appendShopPage,
  isShopTab,
  loadingShop,
  redeemPrompt,
  SHOP_TABS,
  withRedemption,
  type ItemCard,
  type ShopViewModel,
} from './view-model';

/** The page's `load(replace)`: the tab's list, a page at a time. */
const load = pagedLoader(
  ({ vm }: { vm: ShopViewModel }, cursor?: number) =>
    vm.tab === 'items' ? listShopItems({ cursor }) : myRedemptions(cursor),
  appendShopPage,
);

// 积分超市 (volunteers): redeem an item with his points; his redemptions with the pickup code to show at the office.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingShop() as ShopViewModel, tabs: SHOP_TABS },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (isShopTab(query.tab)) this.setData({ vm: loadingShop(query.tab) });
      return this.load(true);
    },
    ...pagedListMethods(load, ({ vm }) => loadingShop(vm.tab, vm.spendable)),
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = e.detail.value;
      if (!isShopTab(tab) || tab === this.data.vm.tab) return undefined;
      this.setData({ vm: loadingShop(tab, this.data.vm.spendable) });
      return this.load(true);
    },
    async redeem(e: Tap<{ id: string }>) {
      const { vm } = this.data;
      const card = vm.items.find((row) => row.id === e.currentTarget.dataset.id) as ItemCard | undefined;
      if (!card || !card.canRedeem || vm.busyId) return;
      if (!(await confirmAction('兑换', redeemPrompt(card, vm.spendable), '兑换'))) return;
      this.setData({ 'vm.busyId': card.id });
      const res = await redeemItem({ itemId: card.id, requestId: makeRequestId(Date.now()) });
      this.setData({ 'vm.busyId': '' });
      if (!res.ok) {
        toast(errorText(res.error));
        await this.load(true);
        return;
      }
      toast('兑换成功', 'success');
      // his new redemption, with its code, on top of 我的兑换
      this.setData({ vm: loadingShop('mine', vm.spendable - card.price) });
      await this.load(true);
    },
    async cancel(e: Tap<{ id: string }>) {
      const { vm } = this.data;
      const card = vm.items.find((row) => row.id === e.currentTarget.dataset.id);
      if (!card || !('canCancel' in card) || !card.canCancel || vm.busyId) return;
      if (!(await confirmAction('取消兑换', cancelPrompt(card), '取消兑换'))) return;
      this.setData({ 'vm.busyId': card.id });
      const res = await cancelRedemption(card.id);
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(errorText(res.error));
        await this.load(true);
        return;
      }
      this.setData(listUpdate(vm, withRedemption(vm, res.data)));
      toast('已取消，积分已退回', 'success');
    },
  },
});
