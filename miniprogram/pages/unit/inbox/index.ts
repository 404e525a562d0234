import { errorText } from '../../../lib/errors';
import { confirmAction, promptReason, toast } from '../../../services/dialogs';
import { acceptOrder, completeOrder, publishTask, returnToCommunity, unitInbox } from '../../../services/orders/index';
import { inboxMethods, pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { addFormPhotos } from '../../../services/photos';
import { MAX_PHOTOS } from '../../../shared/photos';
import { withoutPhoto } from '../../../lib/photos';
import {
  afterAction,
  afterPublish,
  appendInboxPage,
  checkComplete,
  checkPublish,
  completeInput,
  detailUrl,
  INBOX_TABS,
  isInboxFilter,
  loadingInbox,
  newCompleteForm,
  newPublishForm,
  pickerStart,
  publishInput,
  SLOT_RANGE,
  type CompleteForm,
  type InboxViewModel,
  type PublishForm,
} from './view-model';
import type { Tap } from '../../../services/events';
import { listUpdate } from '../../../lib/paging';
import { textSizeBehavior } from '../../../behaviors/text-size';

type Change<
  D extends WechatMiniprogram.IAnyObject,
  T extends WechatMiniprogram.IAnyObject = WechatMiniprogram.IAnyObject,
> = WechatMiniprogram.CustomEvent<D, WechatMiniprogram.IAnyObject, T>;

/** The page's `load(replace)`: the inbox's tab of the unit, a page at a time. */
const load = pagedLoader(
  ({ vm, unitId }: { vm: InboxViewModel; unitId: string }, cursor?: number) =>
    unitInbox({ unitId, filter: vm.filter, cursor }),
  appendInboxPage,
);

// 单位接单 (unit members): 接单 or 退回社区; then 发布任务 for party members, and 办结 with notes and photos.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingInbox() as InboxViewModel,
    tabs: INBOX_TABS,
    unitId: '',
    sheet: '' as '' | 'publish' | 'complete',
    publish: newPublishForm('', '', new Date(0)) as PublishForm,
    complete: newCompleteForm('') as CompleteForm,
    slotRange: SLOT_RANGE,
    maxPhotos: MAX_PHOTOS,
    timePicker: { visible: false, which: 'start' as 'start' | 'end', value: '', start: '' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const filter = isInboxFilter(query.filter) ? query.filter : 'dispatched';
      this.setData({ unitId: query.unitId ?? '', vm: loadingInbox(filter) });
      return this.load(true);
    },
    ...pagedListMethods(load, (data) => loadingInbox(data.vm.filter)),
    ...inboxMethods({ isFilter: isInboxFilter, fresh: loadingInbox, detailUrl, after: afterAction }),

    async accept(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      const ok = await confirmAction('接单', '接下这张工单？接单后须在时限内办结。', '接单');
      if (!ok) return;
      await this.act(orderId, () => acceptOrder(orderId), '已接单');
    },
    async returnOrder(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      const reason = await promptReason('退回社区', '请说明理由，社区会看到');
      if (reason === null) return undefined;
      await this.act(orderId, () => returnToCommunity({ orderId, reason }), '已退回社区');
      return undefined;
    },

    // ── sheets ──
    closeSheet() {
      this.setData({ sheet: '' });
    },
    onSheetVisible(e: Change<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ sheet: '' });
    },

    // 发布任务
    openPublish(e: Tap<{ id: string; place: string }>) {
      const { id, place } = e.currentTarget.dataset;
      this.setData({ sheet: 'publish', publish: newPublishForm(id, place, new Date()) });
    },
    onPublishInput(e: Change<{ value: string }, { field: 'title' | 'place' | 'description' }>) {
      const { field } = e.currentTarget.dataset;
      this.setData({ [`publish.${field}`]: e.detail.value, [`publish.errors.${field}`]: '' });
    },
    onSlots(e: Change<{ value: number | string }>) {
      this.setData({ 'publish.slots': Number(e.detail.value), 'publish.errors.slots': '' });
    },
    openTimePicker(e: Tap<{ which: 'start' | 'end' }>) {
      const { which } = e.currentTarget.dataset;
      this.setData({
        timePicker: { visible: true, which, value: this.data.publish[which], start: pickerStart(new Date()) },
      });
    },
    closeTimePicker() {
      this.setData({ 'timePicker.visible': false });
    },
    onTimePicked(e: Change<{ value: string }>) {
      const { which } = this.data.timePicker;
      this.setData({
        'timePicker.visible': false,
        [`publish.${which}`]: String(e.detail.value),
        'publish.errors.startAt': '',
        'publish.errors.endAt': '',
      });
    },
    async submitPublish() {
      const form = this.data.publish;
      if (form.submitting) return;
      const errors = checkPublish(form, new Date());
      if (Object.keys(errors).length > 0) {
        this.setData({ 'publish.errors': errors });
        return;
      }
      this.setData({ 'publish.submitting': true, 'publish.errors': {} });
      const res = await publishTask(publishInput(form));
      if (!res.ok) {
        this.setData({ 'publish.submitting': false });
        toast(errorText(res.error));
        return;
      }
      this.setData({
        sheet: '',
        'publish.submitting': false,
        ...listUpdate(this.data.vm, afterPublish(this.data.vm, res.data)),
      });
      toast('任务已发布', 'success');
    },

    // 办结
    openComplete(e: Tap<{ id: string }>) {
      this.setData({ sheet: 'complete', complete: newCompleteForm(e.currentTarget.dataset.id) });
    },
    onCompleteNotes(e: Change<{ value: string }>) {
      this.setData({ 'complete.notes': e.detail.value, 'complete.error': '' });
    },
    addPhotos() {
      return addFormPhotos(this, 'complete', `orders/${this.data.complete.orderId}`);
    },
    removePhoto(e: Tap<{ index: number }>) {
      this.setData({
        'complete.photos': withoutPhoto(this.data.complete.photos, Number(e.currentTarget.dataset.index)),
      });
    },
    async submitComplete() {
      const form = this.data.complete;
      if (form.submitting || form.uploading) return;
      const error = checkComplete(form);
      if (error) {
        this.setData({ 'complete.error': error });
        return;
      }
      this.setData({ 'complete.submitting': true });
      const res = await completeOrder(completeInput(form));
      if (!res.ok) {
        this.setData({ 'complete.submitting': false, 'complete.error': errorText(res.error) });
        return;
      }
      this.setData({
        sheet: '',
        'complete.submitting': false,
        ...listUpdate(this.data.vm, afterAction(this.data.vm, res.data)),
      });
      toast('已办结，等待居民确认', 'success');
    },
  },
});
