import { errorText } from '../../../lib/errors';
import { confirmAction, toast } from '../../../services/dialogs';
import { askSubscriptions } from '../../../services/messages/index';
import { claimTask, taskHall } from '../../../services/orders/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import {
  appendHallPage,
  claimPrompt,
  claimRefusalIsStale,
  detailUrl,
  loadingHall,
  withTask,
  type HallViewModel,
} from './view-model';
import type { Tap } from '../../../services/events';
import { listUpdate } from '../../../lib/paging';
import { ASKS } from '../../../shared/notices/templates';
import { textSizeBehavior } from '../../../behaviors/text-size';

/** The page's `load(replace)`: the community's tasks, a page at a time. */
const load = pagedLoader(
  ({ communityId }: { vm: HallViewModel; communityId: string }, cursor?: number) => taskHall({ communityId, cursor }),
  (vm, page, replace) => appendHallPage(vm, page, replace),
);

// 任务大厅 (party members of a community): 领单 while slots last; the server decides the race.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingHall() as HallViewModel, communityId: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ communityId: query.communityId ?? '' });
      return this.load(true);
    },
    ...pagedListMethods(load, () => loadingHall()),
    noop() {},
    openDetail(e: Tap<{ orderId: string }>) {
      wx.navigateTo({ url: detailUrl(e.currentTarget.dataset.orderId) });
    },
    async claim(e: Tap<{ id: string }>) {
      const card = this.data.vm.items.find((c) => c.id === e.currentTarget.dataset.id);
      if (!card || !card.canClaim || this.data.vm.busyId) return;
      // asked in the tap, before the confirmation (WeChat allows the ask only in a tap): tell him of the next task
      await askSubscriptions(ASKS.claimTask);
      const ok = await confirmAction('领单', claimPrompt(card), '领单');
      if (!ok) return;
      this.setData({ 'vm.busyId': card.id });
      const res = await claimTask(card.id);
      if (res.ok) {
        this.setData(listUpdate(this.data.vm, withTask(this.data.vm, res.data)));
        toast('领单成功', 'success');
        return;
      }
      this.setData({ 'vm.busyId': '' });
      toast(errorText(res.error));
      if (claimRefusalIsStale(res.error.code)) await this.load(true);
    },
  },
});
