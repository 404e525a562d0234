import { listMyOrders } from '../../../services/orders/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import {
  NEW_ORDER_URL,
  ORDER_TABS,
  appendOrders,
  detailUrl,
  emptyText,
  loadingOrders,
  type MyOrdersViewModel,
  type OrdersTab,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

/** The page's `load(replace)`: the tab's orders, a page at a time. */
const load = pagedLoader(
  ({ vm }: { vm: MyOrdersViewModel }, cursor?: number) => listMyOrders({ filter: vm.tab, cursor }),
  (vm, page, replace) => appendOrders(vm, page, replace, Date.now()),
);

// 我的工单: 进行中 / 已办结, newest first; tap an order for its progress.
Component({
  behaviors: [textSizeBehavior],
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
    ...pagedListMethods(load, (data) => loadingOrders(data.vm.tab)),
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: OrdersTab }>) {
      const tab = e.detail.value;
      if (tab === this.data.vm.tab) return undefined;
      this.setData({ vm: loadingOrders(tab), emptyText: emptyText(tab) });
      return this.load(true);
    },
    openOrder(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: detailUrl(e.currentTarget.dataset.id) });
    },
    newOrder() {
      wx.navigateTo({ url: NEW_ORDER_URL });
    },
  },
});
