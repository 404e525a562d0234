import {
  acknowledgeComplaint,
  closeNotResponsible,
  getComplaint,
  notSatisfied,
  rateComplaint,
  referComplaint,
  satisfied,
} from '../../../services/complaints/index';
import { confirmAction, promptText, toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import { photoUrl } from '../../../services/transport';
import type { ComplaintDetail } from '../../../shared/api/complaints';
import type { Result } from '../../../shared/result';
import {
  ACTION_DONE,
  JOINED_NOTICE,
  REASON_PROMPTS,
  STAR_TEXTS,
  detailError,
  emptyRating,
  loadingDetail,
  rateInput,
  ratingError,
  reasonError,
  toDetailViewModel,
  type ButtonAction,
  type DetailViewModel,
  type RatingForm,
  type ReasonAction,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

/** Sends an action that needs a reason. */
const WITH_REASON: Record<ReasonAction, (complaintId: string, reason: string) => Promise<Result<ComplaintDetail>>> = {
  not_satisfied: (complaintId, reason) => notSatisfied({ complaintId, reason }),
  refer: (complaintId, reason) => referComplaint({ complaintId, reason }),
  close_not_responsible: (complaintId, reason) => closeNotResponsible({ complaintId, reason }),
};

// 投诉详情: where the complaint stands and who holds it, the timeline with every escalation, and what the caller
// may do now — the resident (满意、不满意、评价) or whoever holds it (受理、答复、上报、非物业责任) — from `actions`.
Component({
  behaviors: [textSizeBehavior],
  data: {
    complaintId: '',
    vm: loadingDetail() as DetailViewModel,
    joinedNotice: '',
    /** The action being sent ('' when none): its button shows loading, the others are disabled. */
    busy: '',
    actionError: '',
    rating: emptyRating() as RatingForm,
    starText: '',
    /** Set while the 答复 sheet is open (the complaint's id). */
    sheetFor: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ complaintId: query.id ?? '', joinedNotice: query.joined ? JOINED_NOTICE : '' });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      this.show(await getComplaint(this.data.complaintId), false);
    },
    retry() {
      this.setData({ vm: loadingDetail() });
      return this.load();
    },
    /** Shows the complaint as the server answered; an action's refusal keeps the page and says why. */
    show(res: Result<ComplaintDetail>, afterAction: boolean) {
      if (res.ok) {
        this.setData({ vm: toDetailViewModel(res.data, photoUrl), busy: '', actionError: '' });
      } else if (afterAction && this.data.vm.state === 'ready') {
        const message = errorText(res.error);
        this.setData({ busy: '', actionError: message });
        toast(message);
      } else {
        this.setData({ vm: detailError(res.error), busy: '' });
      }
    },
    async onAction(e: Tap<{ action: ButtonAction }>) {
      if (this.data.busy) return;
      const action = e.currentTarget.dataset.action;
      const complaintId = this.data.complaintId;
      if (action === 'answer') {
        this.setData({ sheetFor: complaintId });
        return;
      }
      if (action === 'satisfied' || action === 'acknowledge') {
        const yes =
          action === 'satisfied'
            ? await confirmAction('满意', '问题已经解决了吗？确认后请为办理评价。', '满意')
            : await confirmAction('受理', '受理这条投诉？受理后请在时限内答复居民。', '受理');
        if (!yes) return;
        await this.run(action, () =>
          action === 'satisfied' ? satisfied(complaintId) : acknowledgeComplaint({ complaintId }),
        );
        return;
      }
      const prompt = REASON_PROMPTS[action];
      const reason = await promptText(prompt.title, prompt.placeholder);
      if (reason === null) return;
      const problem = reasonError(action, complaintId, reason);
      if (problem) {
        this.setData({ actionError: problem });
        toast(problem);
        return;
      }
      if (
        action === 'close_not_responsible' &&
        !(await confirmAction('认定非物业责任', `理由：${reason}\n投诉将就此结束，居民会看到理由。`, '确定'))
      ) {
        return;
      }
      await this.run(action, () => WITH_REASON[action](complaintId, reason));
    },
    async run(action: ButtonAction | 'rate', send: () => Promise<Result<ComplaintDetail>>) {
      this.setData({ busy: action, actionError: '' });
      const res = await send();
      this.show(res, true);
      if (res.ok) toast(ACTION_DONE[action], 'success');
      return res.ok;
    },
    closeAnswer() {
      this.setData({ sheetFor: '' });
    },
    onAnswered(e: WechatMiniprogram.CustomEvent<ComplaintDetail>) {
      this.setData({ sheetFor: '', vm: toDetailViewModel(e.detail, photoUrl) });
    },

    onStarsChange(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      const stars = Number(e.detail.value) || 0;
      this.setData({ 'rating.stars': stars, 'rating.error': '', starText: STAR_TEXTS[stars] ?? '' });
    },
    onCommentChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'rating.comment': e.detail.value });
    },
    async submitRating() {
      if (this.data.busy) return;
      const complaintId = this.data.complaintId;
      const error = ratingError(complaintId, this.data.rating);
      if (error) {
        this.setData({ 'rating.error': error });
        return;
      }
      const ok = await this.run('rate', () => rateComplaint(rateInput(complaintId, this.data.rating)));
      if (ok) this.setData({ rating: emptyRating(), starText: '' });
    },
    openOrder() {
      if (this.data.vm.state === 'ready' && this.data.vm.complaint.orderUrl)
        wx.navigateTo({ url: this.data.vm.complaint.orderUrl });
    },
  },
});
