import { confirmAction, toast } from '../../../services/dialogs';
import { claimTask, taskHall } from '../../../services/orders';
import {
  appendHallPage,
  claimPrompt,
  claimRefusalIsStale,
  detailUrl,
  hallError,
  loadingHall,
  withTask,
  type HallViewModel,
} from './view-model';

type Tap<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.TouchEvent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  T
>;

let latestLoad = 0;

// 任务大厅 (party members of a community): 领单 while slots last; the server decides the race.
Component({
  data: { vm: loadingHall() as HallViewModel, communityId: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ communityId: query.communityId ?? '' });
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
      this.setData({ vm: loadingHall() });
      return this.load(true);
    },
    async load(replace: boolean) {
      const seq = ++latestLoad;
      const { vm, communityId } = this.data;
      const cursor = replace ? undefined : (vm.nextCursor ?? undefined);
      if (!replace) this.setData({ 'vm.loadingMore': true, 'vm.message': '' });
      const res = await taskHall({ communityId, cursor });
      if (seq !== latestLoad) return;
      this.setData({
        vm: res.ok
          ? appendHallPage(this.data.vm, res.data, replace, new Date())
          : hallError(this.data.vm, res.error.message),
      });
    },
    noop() {},
    openDetail(e: Tap<{ orderId: string }>) {
      wx.navigateTo({ url: detailUrl(e.currentTarget.dataset.orderId) });
    },
    async claim(e: Tap<{ id: string }>) {
      const card = this.data.vm.items.find((c) => c.id === e.currentTarget.dataset.id);
      if (!card || !card.canClaim || this.data.vm.busyId) return;
      const ok = await confirmAction('领单', claimPrompt(card), '领单');
      if (!ok) return;
      this.setData({ 'vm.busyId': card.id });
      const res = await claimTask(card.id);
      if (res.ok) {
        this.setData({ vm: withTask(this.data.vm, res.data, new Date()) });
        toast('领单成功', 'success');
        return;
      }
      this.setData({ 'vm.busyId': '' });
      toast(res.error.message);
      if (claimRefusalIsStale(res.error.code)) await this.load(true);
    },
  },
});
