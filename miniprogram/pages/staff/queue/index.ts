import { errorText } from '../../../lib/errors';
import { confirmAction, promptReason, toast } from '../../../services/dialogs';
import { dispatchOptions, dispatchOrder, handleSelf, rejectOrder, staffQueue } from '../../../services/orders/index';
import { inboxMethods, pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import {
  afterAction,
  appendQueuePage,
  detailUrl,
  isQueueFilter,
  loadingQueue,
  pickedUnit,
  QUEUE_TABS,
  toDispatchPicker,
  type DispatchPicker,
  type QueueViewModel,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

const noPicker = (): DispatchPicker => ({ orderId: '', options: [], value: '', suggestedId: '' });

/** The page's `load(replace)`: the community's orders in the tab, a page at a time. */
const load = pagedLoader(
  ({ vm, communityId }: { vm: QueueViewModel; communityId: string }, cursor?: number) =>
    staffQueue({ communityId, filter: vm.filter, cursor }),
  appendQueuePage,
);

// 社区发单 (community staff): the community's orders; 派单 to a unit, 社区自办, or 驳回 with a reason.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingQueue() as QueueViewModel,
    tabs: QUEUE_TABS,
    communityId: '',
    picker: noPicker(),
    pickerVisible: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const filter = isQueueFilter(query.filter) ? query.filter : 'new';
      this.setData({ communityId: query.communityId ?? '', vm: loadingQueue(filter) });
      return this.load(true);
    },
    ...pagedListMethods(load, (data) => loadingQueue(data.vm.filter)),
    ...inboxMethods({ isFilter: isQueueFilter, fresh: loadingQueue, detailUrl, after: afterAction }),

    async openDispatch(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      this.setData({ 'vm.busyId': orderId });
      const res = await dispatchOptions(orderId);
      this.setData({ 'vm.busyId': '' });
      if (!res.ok) return toast(errorText(res.error));
      if (res.data.units.length === 0) return toast('本街道没有可派单的单位');
      this.setData({ picker: toDispatchPicker(orderId, res.data), pickerVisible: true });
      return undefined;
    },
    closePicker() {
      this.setData({ pickerVisible: false });
    },
    onPickerVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ pickerVisible: false });
    },
    onChooseUnit(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'picker.value': pickedUnit(this.data.picker, e.detail.value) });
    },
    async onPickUnit() {
      const { picker } = this.data;
      const unitId = pickedUnit(picker, picker.value);
      this.setData({ pickerVisible: false });
      if (!unitId) return;
      await this.act(picker.orderId, () => dispatchOrder({ orderId: picker.orderId, unitId }), '已派单');
    },
    async handleSelf(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      const ok = await confirmAction('社区自办', '由社区自己办理这张工单？办结前需要填写办理情况。', '社区自办');
      if (!ok) return;
      await this.act(orderId, () => handleSelf({ orderId }), '已转为社区自办');
    },
    async reject(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      const reason = await promptReason('驳回工单', '请填写理由，居民会看到');
      if (reason === null) return;
      await this.act(orderId, () => rejectOrder({ orderId, reason }), '已驳回');
      return undefined;
    },
  },
});
