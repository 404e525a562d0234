import { confirmAction, toast } from '../../../services/dialogs';
import { checkInTask, myTasks, reportTask, withdrawTask } from '../../../services/orders';
import { photoUrl, uploadPhoto } from '../../../services/transport';
import type { Task } from '../../../shared/api/orders';
import type { Result } from '../../../shared/result';
import { detailUrl } from '../hall/view-model';
import {
  appendMyTasksPage,
  checkReportForm,
  loadingMyTasks,
  MAX_PHOTOS,
  myTasksError,
  newReportForm,
  withMyTask,
  type MyTasksViewModel,
  type ReportForm,
} from './view-model';

type Tap<T extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.TouchEvent<
  WechatMiniprogram.IAnyObject,
  WechatMiniprogram.IAnyObject,
  T
>;

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

// 我的任务 (party members): 退出 before the window, 签到 in it, then 提交完成情况 with notes and photos.
Component({
  data: {
    vm: loadingMyTasks() as MyTasksViewModel,
    report: newReportForm('') as ReportForm,
    reportVisible: false,
    maxPhotos: MAX_PHOTOS,
  },
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
      this.setData({ vm: loadingMyTasks() });
      return this.load(true);
    },
    async load(replace: boolean) {
      const seq = ++latestLoad;
      const { vm } = this.data;
      const cursor = replace ? undefined : (vm.nextCursor ?? undefined);
      if (!replace) this.setData({ 'vm.loadingMore': true, 'vm.message': '' });
      const res = await myTasks(cursor);
      if (seq !== latestLoad) return;
      this.setData({
        vm: res.ok
          ? appendMyTasksPage(this.data.vm, res.data, replace, new Date())
          : myTasksError(this.data.vm, res.error.message),
      });
    },
    noop() {},
    openDetail(e: Tap<{ orderId: string }>) {
      wx.navigateTo({ url: detailUrl(e.currentTarget.dataset.orderId) });
    },
    async act(taskId: string, run: () => Promise<Result<Task>>, done: string) {
      this.setData({ 'vm.busyId': taskId });
      const res = await run();
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(res.error.message);
        await this.load(true); // the task changed meanwhile (ended, started): show it as it is
        return false;
      }
      this.setData({ vm: withMyTask(this.data.vm, res.data, new Date()) });
      toast(done, 'success');
      return true;
    },
    async withdraw(e: Tap<{ id: string }>) {
      const taskId = e.currentTarget.dataset.id;
      const ok = await confirmAction('退出任务', '退出后名额会让给其他党员，确定退出？', '退出');
      if (!ok) return;
      await this.act(taskId, () => withdrawTask(taskId), '已退出');
    },
    async checkIn(e: Tap<{ id: string }>) {
      const taskId = e.currentTarget.dataset.id;
      await this.act(taskId, () => checkInTask(taskId), '已签到');
    },

    openReport(e: Tap<{ id: string }>) {
      this.setData({ report: newReportForm(e.currentTarget.dataset.id), reportVisible: true });
    },
    closeReport() {
      this.setData({ reportVisible: false });
    },
    onReportVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ reportVisible: false });
    },
    onReportNotes(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'report.notes': e.detail.value, 'report.error': '' });
    },
    async addPhotos() {
      const form = this.data.report;
      if (form.uploading || form.photos.length >= MAX_PHOTOS) return;
      const paths = await choosePhotos(MAX_PHOTOS - form.photos.length);
      if (paths.length === 0) return;
      this.setData({ 'report.uploading': true, 'report.error': '' });
      const photos = [...form.photos];
      for (const path of paths) {
        const res = await uploadPhoto(path, `tasks/${form.taskId}`);
        if (!res.ok) {
          this.setData({ 'report.error': res.error.message });
          break;
        }
        photos.push({ fileID: res.data.fileID, url: photoUrl(res.data.fileID) });
      }
      this.setData({ 'report.photos': photos, 'report.uploading': false });
    },
    removePhoto(e: Tap<{ index: number }>) {
      const photos = this.data.report.photos.filter((_, i) => i !== Number(e.currentTarget.dataset.index));
      this.setData({ 'report.photos': photos });
    },
    async submitReport() {
      const form = this.data.report;
      if (form.submitting || form.uploading) return;
      const error = checkReportForm(form);
      if (error) {
        this.setData({ 'report.error': error });
        return;
      }
      this.setData({ 'report.submitting': true });
      const res = await reportTask({
        taskId: form.taskId,
        notes: form.notes.trim(),
        photos: form.photos.map((p) => p.fileID),
      });
      if (!res.ok) {
        this.setData({ 'report.submitting': false, 'report.error': res.error.message });
        return;
      }
      this.setData({
        reportVisible: false,
        'report.submitting': false,
        vm: withMyTask(this.data.vm, res.data, new Date()),
      });
      toast('已提交', 'success');
    },
  },
});
