import { listMyComplaints } from '../../../services/complaints/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { complaintDetailUrl } from '../../../lib/links';
import {
  COMPLAINT_TABS,
  NEW_COMPLAINT_URL,
  SCORE_URL,
  appendMine,
  isComplaintsTab,
  loadingMine,
  type MyComplaintsViewModel,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

const load = pagedLoader(
  ({ vm }: { vm: MyComplaintsViewModel }, cursor?: number) => listMyComplaints({ filter: vm.tab, cursor }),
  appendMine,
);

// 我的投诉: filed and joined (附议), with who holds each now and whether it is overdue; tap for its progress.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingMine() as MyComplaintsViewModel,
    tabs: COMPLAINT_TABS,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ vm: loadingMine(isComplaintsTab(query.tab) ? query.tab : 'open') });
      return this.load(true);
    },
    /** Back from a complaint's page (the list was shown before): it may have changed there. */
    onShow() {
      return this.data.vm.state === 'ready' ? this.load(true) : undefined;
    },
    ...pagedListMethods(load, (data) => loadingMine(data.vm.tab)),
    onTab(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = e.detail.value;
      if (!isComplaintsTab(tab) || tab === this.data.vm.tab) return undefined;
      this.setData({ vm: loadingMine(tab) });
      return this.load(true);
    },
    openComplaint(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: complaintDetailUrl(e.currentTarget.dataset.id) });
    },
    newComplaint() {
      wx.navigateTo({ url: NEW_COMPLAINT_URL });
    },
    openScore() {
      wx.navigateTo({ url: SCORE_URL });
    },
  },
});
