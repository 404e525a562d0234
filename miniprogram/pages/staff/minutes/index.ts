import { getMeeting, publishMinutes, resolutionToOrder } from '../../../services/councils/index';
import { confirmAction, toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import { listCategories } from '../../../services/orders/index';
import type { Change, Tap } from '../../../services/events';
import type { MeetingDetail } from '../../../shared/api/councils';
import type { Category } from '../../../shared/api/orders';
import { makeRequestId } from '../../../shared/request-id';
import {
  categoryNames,
  emptyMinutesForm,
  hasErrors,
  publishErrors,
  publishedResolutions,
  toPublishInput,
  topicOptions,
  withRow,
  withoutRow,
  type MinutesForm,
  type PublishedResolution,
} from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

// 会议纪要 (organisers): the minutes and resolutions, published once the meeting has started; then each
// resolution can become a service order (转为工单), tracked on the meeting page by 五步工作法.
Component({
  behaviors: [textSizeBehavior],
  data: {
    meetingId: '',
    title: '',
    state: 'loading' as 'loading' | 'edit' | 'published' | 'closed' | 'error',
    message: '',
    form: emptyMinutesForm() as MinutesForm,
    topics: [] as { id: string | null; label: string }[],
    topicNames: [] as string[],
    errors: { minutes: '', rows: [] as string[], other: '' },
    formError: '',
    submitting: false,
    minutesText: '',
    resolutions: [] as PublishedResolution[],
    categories: [] as Category[],
    categoryNames: [] as string[],
    /** The resolution being turned into an order ('' when none). */
    busyId: '',
    /** One request id per resolution, kept across retries. */
    requestIds: {} as Record<string, string>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ meetingId: query.id ?? '' });
      return this.load();
    },
    async load() {
      const res = await getMeeting(this.data.meetingId);
      if (!res.ok) return this.setData({ state: 'error', message: errorText(res.error) });
      return this.show(res.data);
    },
    retry() {
      this.setData({ state: 'loading' });
      return this.load();
    },
    async show(m: MeetingDetail) {
      if (m.status === 'minutes_published') {
        this.setData({
          state: 'published',
          title: m.title,
          minutesText: m.minutes?.text ?? '',
          resolutions: publishedResolutions(m),
          busyId: '',
        });
        if (this.data.categories.length === 0) {
          const categories = await listCategories();
          if (categories.ok)
            this.setData({ categories: categories.data, categoryNames: categoryNames(categories.data) });
        }
        return;
      }
      if (m.status === 'cancelled') {
        this.setData({ state: 'closed', title: m.title, message: '会议已取消，没有纪要' });
        return;
      }
      const topics = topicOptions(m);
      this.setData({ state: 'edit', title: m.title, topics, topicNames: topics.map((t) => t.label) });
    },

    // ── writing ──
    onMinutes(e: Change<string, { index: number; id: string }>) {
      this.setData({ 'form.minutes': e.detail.value, 'errors.minutes': '' });
    },
    addRow() {
      this.setData({ form: withRow(this.data.form) });
    },
    removeRow(e: Tap<{ index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ form: withoutRow(this.data.form, index), 'errors.rows': [] });
    },
    onRowText(e: Change<string, { index: number; id: string }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`form.resolutions[${index}].text`]: e.detail.value, [`errors.rows[${index}]`]: '' });
    },
    onRowTopic(e: Change<string, { index: number; id: string }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`form.resolutions[${index}].topicIndex`]: Number(e.detail.value) });
    },
    async publish() {
      if (this.data.submitting) return;
      const input = toPublishInput(this.data.meetingId, this.data.form, this.data.topics);
      const errors = publishErrors(input);
      if (hasErrors(errors)) {
        this.setData({ errors, formError: errors.other });
        return;
      }
      const count = input.resolutions.length;
      const ok = await confirmAction(
        '公开纪要',
        `公开后到会居民和议题的发起人、附议人会收到通知${count ? `，${count}项决议可转为工单办理` : ''}。纪要公开后不能修改。`,
        '公开',
      );
      if (!ok) return;
      this.setData({ submitting: true, formError: '' });
      const res = await publishMinutes(input);
      this.setData({ submitting: false });
      if (!res.ok) {
        this.setData({ formError: errorText(res.error) });
        return;
      }
      toast('纪要已公开', 'success');
      await this.show(res.data);
    },

    // ── after publishing: 转为工单 ──
    async onCategory(e: Change<string, { index: number; id: string }>) {
      const resolutionId = e.currentTarget.dataset.id;
      const category = this.data.categories[Number(e.detail.value)];
      if (!category || this.data.busyId) return;
      const requestId = this.data.requestIds[resolutionId] ?? makeRequestId(Date.now());
      this.setData({ busyId: resolutionId, [`requestIds.${resolutionId}`]: requestId });
      const res = await resolutionToOrder({
        requestId,
        meetingId: this.data.meetingId,
        resolutionId,
        categoryId: category.id,
      });
      if (!res.ok) {
        this.setData({ busyId: '' });
        toast(errorText(res.error));
        return;
      }
      toast('已转为工单', 'success');
      await this.load();
    },
    openOrder(e: Tap<{ url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
