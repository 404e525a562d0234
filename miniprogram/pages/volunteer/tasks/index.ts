import { errorText } from '../../../lib/errors';
import { confirmAction, toast } from '../../../services/dialogs';
import { checkInTask, checkOutTask, myTasks, reportTask, withdrawTask } from '../../../services/orders/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import { addFormPhotos } from '../../../services/photos';
import type { Task } from '../../../shared/api/orders';
import { MAX_PHOTOS } from '../../../shared/photos';
import { withoutPhoto } from '../../../lib/photos';
import type { Result } from '../../../shared/result';
import { orderDetailUrl } from '../../../lib/links';
import {
  appendMyTasksPage,
  checkReportForm,
  loadingMyTasks,
  newReportForm,
  reportInput,
  withMyTask,
  type MyTasksViewModel,
  type ReportForm,
} from './view-model';
import type { Tap } from '../../../services/events';
import { listUpdate } from '../../../lib/paging';
import { textSizeBehavior } from '../../../behaviors/text-size';

/** The page's `load(replace)`: the tasks I claimed, a page at a time. */
const load = pagedLoader(
  (_data: { vm: MyTasksViewModel }, cursor?: number) => myTasks(cursor),
  (vm, page, replace) => appendMyTasksPage(vm, page, replace, new Date()),
);

// 我的任务 (party members): 退出 before the window, 签到 in it, then 提交完成情况 with notes and photos.
Component({
  behaviors: [textSizeBehavior],
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
    ...pagedListMethods(load, () => loadingMyTasks()),
    noop() {},
    openDetail(e: Tap<{ orderId: string }>) {
      wx.navigateTo({ url: orderDetailUrl(e.currentTarget.dataset.orderId) });
    },
    async act(taskId: string, run: () => Promise<Result<Task>>, done: string) {
      this.setData({ 'vm.busyId': taskId });
      const res = await run();
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(errorText(res.error));
        await this.load(true); // the task changed meanwhile (ended, started): show it as it is
        return false;
      }
      this.setData(listUpdate(this.data.vm, withMyTask(this.data.vm, res.data, new Date())));
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
    async checkOut(e: Tap<{ id: string }>) {
      const taskId = e.currentTarget.dataset.id;
      await this.act(taskId, () => checkOutTask(taskId), '已签退');
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
    addPhotos() {
      return addFormPhotos(this, 'report', `tasks/${this.data.report.taskId}`);
    },
    removePhoto(e: Tap<{ index: number }>) {
      this.setData({ 'report.photos': withoutPhoto(this.data.report.photos, Number(e.currentTarget.dataset.index)) });
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
      const res = await reportTask(reportInput(form));
      if (!res.ok) {
        this.setData({ 'report.submitting': false, 'report.error': errorText(res.error) });
        return;
      }
      this.setData({
        reportVisible: false,
        'report.submitting': false,
        ...listUpdate(this.data.vm, withMyTask(this.data.vm, res.data, new Date())),
      });
      toast('已提交', 'success');
    },
  },
});
