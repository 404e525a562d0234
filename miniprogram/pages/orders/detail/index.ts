import { errorText } from '../../../lib/errors';
import { confirmAction, promptText, toast } from '../../../services/dialogs';
import { cancelOrder, confirmOrder, getOrder, notFixed, rateOrder, recordRating } from '../../../services/orders/index';
import { photoUrl } from '../../../services/transport';
import type { OrderDetail } from '../../../shared/api/orders';
import type { Result } from '../../../shared/result';
import {
  ACTION_DONE,
  STAR_TEXTS,
  detailError,
  emptyRating,
  loadingDetail,
  notFixedReasonError,
  ratingError,
  toDetailViewModel,
  type DetailViewModel,
  type RatingForm,
  type ResidentAction,
} from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

// 工单详情: where the order stands, its history, and what the resident can do now (the server's `actions`).
Component({
  behaviors: [textSizeBehavior],
  data: {
    orderId: '',
    vm: loadingDetail() as DetailViewModel,
    /** The action being sent ('' when none): its button shows loading, the others are disabled. */
    busy: '',
    /** The last action's refusal, as the server worded it. */
    actionError: '',
    rating: emptyRating() as RatingForm,
    starText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ orderId: query.id ?? '' });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const res = await getOrder(this.data.orderId);
      this.show(res, false);
    },
    retry() {
      this.setData({ vm: loadingDetail() });
      return this.load();
    },
    /** Shows the order as the server answered (after a load or an action); an action's refusal keeps the page. */
    show(res: Result<OrderDetail>, afterAction: boolean) {
      if (res.ok) {
        this.setData({ vm: toDetailViewModel(res.data, Date.now(), photoUrl), busy: '', actionError: '' });
      } else if (afterAction && this.data.vm.state === 'ready') {
        this.setData({ busy: '', actionError: errorText(res.error) });
        toast(errorText(res.error));
      } else {
        this.setData({ vm: detailError(res.error), busy: '' });
      }
    },
    async onAction(e: Tap<{ action: ResidentAction }>) {
      if (this.data.busy) return;
      const action = e.currentTarget.dataset.action;
      const orderId = this.data.orderId;
      let send: (() => Promise<Result<OrderDetail>>) | null = null;
      if (action === 'cancel') {
        const yes = await confirmAction('撤销工单', '撤销后社区将不再办理这张工单，确定撤销吗？', '撤销');
        if (yes) send = () => cancelOrder({ orderId });
      } else if (action === 'confirm') {
        const yes = await confirmAction('确认解决', '问题已经解决了吗？确认后请为这次服务评价。', '已解决');
        if (yes) send = () => confirmOrder(orderId);
      } else if (action === 'not_fixed') {
        const reason = await promptText('发回重办', '请说明哪里还没有解决（必填）');
        if (reason === null) return;
        const problem = notFixedReasonError(orderId, reason);
        if (problem) {
          this.setData({ actionError: problem });
          toast(problem);
          return;
        }
        send = () => notFixed({ orderId, reason });
      }
      if (!send) return;
      await this.run(action, send);
    },
    async run(action: ResidentAction | 'rate', send: () => Promise<Result<OrderDetail>>) {
      this.setData({ busy: action, actionError: '' });
      const res = await send();
      this.show(res, true);
      if (res.ok) toast(ACTION_DONE[action], 'success');
      return res.ok;
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
      const { stars, comment } = this.data.rating;
      const orderId = this.data.orderId;
      const error = ratingError(orderId, { stars, comment });
      if (error) {
        this.setData({ 'rating.error': error });
        return;
      }
      const trimmed = comment.trim();
      const rating = { orderId, stars, ...(trimmed && { comment: trimmed }) };
      // 代录: the rating a resident who is not registered gave staff by phone.
      const recording = this.data.vm.state === 'ready' && this.data.vm.order.recordsRating;
      const ok = await this.run('rate', () =>
        recording ? recordRating(rating) : rateOrder({ ...rating, as: 'resident' }),
      );
      if (ok) this.setData({ rating: emptyRating(), starText: '' });
    },
  },
});
