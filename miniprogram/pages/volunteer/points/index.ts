import { myPoints } from '../../../services/orders/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { orderDetailUrl } from '../../../lib/links';
import { appendPointsPage, loadingPoints, type PointsViewModel } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

/** The page's `load(replace)`: the ledger, newest first, a page at a time. */
const load = pagedLoader((_data: { vm: PointsViewModel }, cursor?: number) => myPoints(cursor), appendPointsPage);

// 我的积分: balance and ledger.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingPoints() as PointsViewModel },
  methods: {
    onLoad() {
      return this.load(true);
    },
    ...pagedListMethods(load, () => loadingPoints()),
    openShop() {
      wx.navigateTo({ url: '/pages/volunteer/shop/index' });
    },
    openOrder(
      e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { orderId: string }>,
    ) {
      const { orderId } = e.currentTarget.dataset;
      if (orderId) wx.navigateTo({ url: orderDetailUrl(orderId) });
    },
  },
});
