import { errorText } from '../../../lib/errors';
import { listPendingApplications, reviewApplication } from '../../../services/people/index';
import { appendPage, loadingQueue, withoutItem, type ReviewQueueViewModel } from './view-model';
import type { Tap } from '../../../services/events';
import type { ReviewAction } from '../../../shared/applications';
import { textSizeBehavior } from '../../../behaviors/text-size';

const ask = (options: WechatMiniprogram.ShowModalOption) =>
  new Promise<WechatMiniprogram.ShowModalSuccessCallbackResult>((resolve) =>
    wx.showModal({
      ...options,
      success: resolve,
      fail: () => resolve({ confirm: false, cancel: true, content: '', errMsg: '' }),
    }),
  );

// 双报到审核 (community staff): approve, or reject with a reason the applicant will read.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingQueue() as ReviewQueueViewModel, communityId: '' },
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
      if (this.data.vm.nextCursor !== null && !this.data.vm.loadingMore) return this.load(false);
      return undefined;
    },
    async load(replace: boolean) {
      const cursor = replace ? undefined : (this.data.vm.nextCursor ?? undefined);
      if (!replace) this.setData({ 'vm.loadingMore': true });
      const res = await listPendingApplications(this.data.communityId, cursor);
      if (res.ok) this.setData({ vm: appendPage(this.data.vm, res.data, replace) });
      else this.setData({ vm: { ...this.data.vm, state: 'error', message: errorText(res.error), loadingMore: false } });
    },
    onAction(e: Tap<{ id: string; name: string; code: ReviewAction }>) {
      const { id, name, code } = e.currentTarget.dataset;
      return code === 'approve' ? this.approve(id, name) : this.reject(id, name);
    },
    async approve(id: string, name: string) {
      const answer = await ask({
        title: '通过申请',
        content: `确认 ${name} 到本社区报到？通过后他可以领取志愿服务任务。`,
      });
      if (!answer.confirm) return;
      await this.review(id, 'approve');
    },
    async reject(id: string, name: string) {
      const answer = await ask({
        title: `驳回 ${name} 的申请`,
        editable: true,
        placeholderText: '请填写理由，申请人会看到',
      });
      if (!answer.confirm) return;
      await this.review(id, 'reject', answer.content);
    },
    async review(applicationId: string, decision: 'approve' | 'reject', reason?: string) {
      this.setData({ 'vm.busyId': applicationId });
      const res = await reviewApplication({ applicationId, decision, ...(reason && { reason }) });
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        wx.showToast({ title: errorText(res.error), icon: 'none' });
        return;
      }
      this.setData({ vm: withoutItem(this.data.vm, applicationId) });
      wx.showToast({ title: decision === 'approve' ? '已通过' : '已驳回', icon: 'success' });
    },
  },
});
