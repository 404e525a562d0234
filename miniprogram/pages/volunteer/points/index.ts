import { myPoints } from '../../../services/orders';
import { detailUrl } from '../hall/view-model';
import { appendPointsPage, loadingPoints, pointsError, type PointsViewModel } from './view-model';

let latestLoad = 0;

// 我的积分: balance and ledger.
Component({
  data: { vm: loadingPoints() as PointsViewModel },
  methods: {
    onLoad() {
      return this.load(true);
    },
    async onPullDownRefresh() {
      await this.load(true);
      wx.stopPullDownRefresh();
    },
    onReachBottom() {
      return this.loadMore();
    },
    loadMore() {
      const { vm } = this.data;
      if (vm.state !== 'ready' || vm.nextCursor === null || vm.loadingMore) return undefined;
      return this.load(false);
    },
    retry() {
      this.setData({ vm: loadingPoints() });
      return this.load(true);
    },
    async load(replace: boolean) {
      const seq = ++latestLoad;
      const cursor = replace ? undefined : (this.data.vm.nextCursor ?? undefined);
      if (!replace) this.setData({ 'vm.loadingMore': true, 'vm.message': '' });
      const res = await myPoints(cursor);
      if (seq !== latestLoad) return;
      this.setData({
        vm: res.ok ? appendPointsPage(this.data.vm, res.data, replace) : pointsError(this.data.vm, res.error.message),
      });
    },
    openOrder(
      e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { orderId: string }>,
    ) {
      const { orderId } = e.currentTarget.dataset;
      if (orderId) wx.navigateTo({ url: detailUrl(orderId) });
    },
  },
});
