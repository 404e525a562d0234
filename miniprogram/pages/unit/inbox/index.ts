import { confirmAction, promptText, toast } from '../../../services/dialogs';
import { acceptOrder, completeOrder, publishTask, returnToCommunity, unitInbox } from '../../../services/orders';
import { photoUrl, uploadPhoto } from '../../../services/transport';
import type { OrderDetail } from '../../../shared/api/orders';
import type { Result } from '../../../shared/result';
import {
  afterAction,
  afterPublish,
  appendInboxPage,
  checkComplete,
  checkPublish,
  detailUrl,
  inboxError,
  INBOX_TABS,
  isInboxFilter,
  loadingInbox,
  MAX_PHOTOS,
  newCompleteForm,
  newPublishForm,
  pickerStart,
  publishInput,
  SLOT_RANGE,
  type CompleteForm,
  type InboxViewModel,
  type PublishForm,
} from './view-model';

type Tap<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.TouchEvent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  T
>;
type Change<
  D extends WechatMiniprogram.IAnyObject,
  T extends WechatMiniprogram.IAnyObject = WechatMiniprogram.IAnyObject,
> = WechatMiniprogram.CustomEvent<D, WechatMiniprogram.IAnyObject, T>;

/** Ignores answers to requests that a newer one (another tab, a refresh) has overtaken. */
let latestLoad = 0;

/** Lets the user pick photos; resolves with their temp paths ([] when cancelled). */
const choosePhotos = (count: number) =>
  new Promise<string[]>((resolve) =>
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (res) => resolve((res.tempFiles ?? []).map((f) => f.tempFilePath)),
      fail: () => resolve([]),
    }),
  );

// 单位接单 (unit members): 接单 or 退回社区; then 发布任务 for party members, and 办结 with notes and photos.
Component({
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
      this.setData({ vm: loadingInbox(this.data.vm.filter) });
      return this.load(true);
    },
    onTab(e: Change<{ value: string }>) {
      const filter = e.detail.value;
      if (!isInboxFilter(filter) || filter === this.data.vm.filter) return undefined;
      this.setData({ vm: loadingInbox(filter) });
      return this.load(true);
    },
    async load(replace: boolean) {
      const seq = ++latestLoad;
      const { vm, unitId } = this.data;
      const cursor = replace ? undefined : (vm.nextCursor ?? undefined);
      if (!replace) this.setData({ 'vm.loadingMore': true, 'vm.message': '' });
      const res = await unitInbox({ unitId, filter: vm.filter, cursor });
      if (seq !== latestLoad) return;
      this.setData({
        vm: res.ok ? appendInboxPage(this.data.vm, res.data, replace) : inboxError(this.data.vm, res.error.message),
      });
    },
    noop() {},
    openDetail(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: detailUrl(e.currentTarget.dataset.id) });
    },

    async accept(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      const ok = await confirmAction('接单', '接下这张工单？接单后须在时限内办结。', '接单');
      if (!ok) return;
      await this.act(orderId, () => acceptOrder(orderId), '已接单');
    },
    async returnOrder(e: Tap<{ id: string }>) {
      const orderId = e.currentTarget.dataset.id;
      const reason = await promptText('退回社区', '请说明理由，社区会看到');
      if (reason === null) return undefined;
      if (reason.length < 2) return toast('请填写理由（至少2个字）');
      await this.act(orderId, () => returnToCommunity({ orderId, reason }), '已退回社区');
      return undefined;
    },
    async act(orderId: string, run: () => Promise<Result<OrderDetail>>, done: string) {
      this.setData({ 'vm.busyId': orderId });
      const res = await run();
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(res.error.message);
        return false;
      }
      this.setData({ vm: afterAction(this.data.vm, res.data) });
      toast(done, 'success');
      return true;
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
        toast(res.error.message);
        return;
      }
      this.setData({ sheet: '', 'publish.submitting': false, vm: afterPublish(this.data.vm, res.data) });
      toast('任务已发布', 'success');
    },

    // 办结
    openComplete(e: Tap<{ id: string }>) {
      this.setData({ sheet: 'complete', complete: newCompleteForm(e.currentTarget.dataset.id) });
    },
    onCompleteNotes(e: Change<{ value: string }>) {
      this.setData({ 'complete.notes': e.detail.value, 'complete.error': '' });
    },
    async addPhotos() {
      const form = this.data.complete;
      if (form.uploading || form.photos.length >= MAX_PHOTOS) return;
      const paths = await choosePhotos(MAX_PHOTOS - form.photos.length);
      if (paths.length === 0) return;
      this.setData({ 'complete.uploading': true, 'complete.error': '' });
      const photos = [...form.photos];
      for (const path of paths) {
        const res = await uploadPhoto(path, `orders/${form.orderId}`);
        if (!res.ok) {
          this.setData({ 'complete.error': res.error.message });
          break;
        }
        photos.push({ fileID: res.data.fileID, url: photoUrl(res.data.fileID) });
      }
      this.setData({ 'complete.photos': photos, 'complete.uploading': false });
    },
    removePhoto(e: Tap<{ index: number }>) {
      const photos = this.data.complete.photos.filter((_, i) => i !== Number(e.currentTarget.dataset.index));
      this.setData({ 'complete.photos': photos });
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
      const orderId = form.orderId;
      const res = await completeOrder({ orderId, notes: form.notes.trim(), photos: form.photos.map((p) => p.fileID) });
      if (!res.ok) {
        this.setData({ 'complete.submitting': false, 'complete.error': res.error.message });
        return;
      }
      this.setData({ sheet: '', 'complete.submitting': false, vm: afterAction(this.data.vm, res.data) });
      toast('已办结，等待居民确认', 'success');
    },
  },
});
