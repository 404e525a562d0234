import { hotspots, openProactiveOrder } from '../../../services/complaints/index';
import { confirmAction, promptText, toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import { makeRequestId } from '../../../shared/request-id';
import {
  DEFAULT_CONTROLS,
  LIMITS,
  clampControl,
  loadingHotspots,
  proactiveError,
  proactiveInput,
  toHotspotsViewModel,
  withOrder,
  type HotspotControls,
  type HotspotsViewModel,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

// 投诉热点 (未诉先办): the community's clusters of one kind of complaint in a compound or grid; staff choose the
// window and the threshold, and open one proactive order for a cluster, telling the households.
Component({
  behaviors: [textSizeBehavior],
  data: {
    communityId: '',
    controls: { ...DEFAULT_CONTROLS } as HotspotControls,
    limits: LIMITS,
    vm: loadingHotspots() as HotspotsViewModel,
    busyKey: '',
    /** One request id per hotspot, kept across retries: a retry opens one order. */
    requestIds: {} as Record<string, string>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ communityId: query.communityId ?? '' });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const { communityId, controls } = this.data;
      const res = await hotspots({ communityId, ...controls });
      if (controls !== this.data.controls) return; // the controls changed meanwhile: a newer load is on its way
      this.setData({
        vm: res.ok ? toHotspotsViewModel(res.data.items, controls) : { state: 'error', message: errorText(res.error) },
      });
    },
    retry() {
      this.setData({ vm: loadingHotspots() });
      return this.load();
    },
    onControl(
      e: WechatMiniprogram.CustomEvent<
        { value: number | string },
        WechatMiniprogram.IAnyObject,
        { which: keyof HotspotControls }
      >,
    ) {
      const which = e.currentTarget.dataset.which;
      const value = clampControl(which, Number(e.detail.value));
      if (value === this.data.controls[which]) return undefined;
      this.setData({ controls: { ...this.data.controls, [which]: value }, vm: loadingHotspots() });
      return this.load();
    },

    async openOrder(e: Tap<{ key: string }>) {
      const key = e.currentTarget.dataset.key;
      const vm = this.data.vm;
      const card = vm.state === 'ready' ? vm.items.find((c) => c.key === key) : undefined;
      if (!card || this.data.busyKey) return;
      const description = await promptText('未诉先办', `要为「${card.title}」办的事（至少5个字）`);
      if (description === null) return;
      const requestId = this.data.requestIds[key] ?? makeRequestId(Date.now());
      const input = proactiveInput(this.data.communityId, card, this.data.controls.windowDays, description, requestId);
      const problem = proactiveError(input);
      if (problem) {
        toast(problem);
        return;
      }
      const yes = await confirmAction(
        '开一张工单',
        `就「${card.title}」开一张工单，并告知反映过的${card.households}户？`,
        '开单',
      );
      if (!yes) return;
      this.setData({ busyKey: key, requestIds: { ...this.data.requestIds, [key]: requestId } });
      const res = await openProactiveOrder(input);
      if (!res.ok) {
        this.setData({ busyKey: '' });
        toast(errorText(res.error));
        return;
      }
      this.setData({ busyKey: '', vm: withOrder(this.data.vm, key, res.data.orderId) });
      toast('已开单并告知住户', 'success');
    },
    viewOrder(e: Tap<{ url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
