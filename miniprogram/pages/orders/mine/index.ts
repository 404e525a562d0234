import { listMyOrders } from '../../../services/orders/index';
import { canLoadMore } from '../../../shared/paging';
import {
  NEW_ORDER_URL,
  ORDER_TABS,
  appendOrders,
  appendPatch,
  detailUrl,
  emptyText,
  loadingOrders,
  ordersError,
  type MyOrdersViewModel,
  type OrdersTab,
} from './view-model';
import type { Tap } from '../../../services/events';

// 我的工单: 进行中 / 已办结, newest first; tap an order for its progress.
Component({
  data: {
    vm: loadingOrders() as MyOrdersViewModel,
    tabs: ORDER_TABS,
    emptyText: emptyText('open'),
    shown: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab: OrdersTab = query.tab === 'closed' ? 'closed' : 'open';
      this.setData({ vm: loadingOrders(tab), emptyText: emptyText(tab) });
      return this.load(true);
    },
    /** Back from an order's page: its state may have changed there. */
    onShow() {
      if (!this.data.shown) {
        this.setData({ shown: true });
        return undefined;
      }
      return this.load(true);
    },
    async onPullDownRefresh() {
      await this.load(true);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      if (canLoadMore(this.data.vm)) return this.load(false);
      return undefined;
    },
    async load(replace: boolean) {
      const tab = this.data.vm.tab;
      const cursor = replace ? undefined : (this.data.vm.nextCursor ?? undefined);
      if (!replace) this.setData({ 'vm.loadingMore': true, 'vm.moreError': '' });
      const res = await listMyOrders({ filter: tab, cursor });
      if (this.data.vm.tab !== tab) return; // the tab changed meanwhile: that answer is for the other list
      if (!res.ok) {
        this.setData({ vm: ordersError(this.data.vm, res.error, replace) });
        return;
      }
      const next = appendOrders(this.data.vm, res.data, replace, Date.now());
      this.setData(replace ? { vm: next } : appendPatch(this.data.vm, next));
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: OrdersTab }>) {
      const tab = e.detail.value;
      if (tab === this.data.vm.tab) return undefined;
      this.setData({ vm: loadingOrders(tab), emptyText: emptyText(tab) });
      return this.load(true);
    },
    retry() {
      this.setData({ vm: loadingOrders(this.data.vm.tab) });
      return this.load(true);
    },
    loadMore() {
      return this.onReachBottom();
    },
    openOrder(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: detailUrl(e.currentTarget.dataset.id) });
    },
    newOrder() {
      wx.navigateTo({ url: NEW_ORDER_URL });
    },
  },
});
