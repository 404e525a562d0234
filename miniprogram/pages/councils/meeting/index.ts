import { cancelMeeting, cancelSignUp, getMeeting, signUp } from '../../../services/councils/index';
import { drawQr } from '../lib/qr-canvas';
import { confirmAction, promptReason, toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import { askSubscriptions } from '../../../services/messages/index';
import type { Tap } from '../../../services/events';
import type { MeetingDetail } from '../../../shared/api/councils';
import { ASKS } from '../../../shared/notices/templates';
import type { Result } from '../../../shared/result';
import {
  loadingMeeting,
  meetingError,
  signUpDone,
  staffUrl,
  toMeetingViewModel,
  type MeetingViewModel,
  type OrganiserAction,
  type SignUpAction,
} from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

// 议事会详情: agenda, sign-up (报名 / 排候补 / 取消报名), my check-in code, minutes and resolutions; organisers'
// buttons from the server's `actions`.
Component({
  behaviors: [textSizeBehavior],
  data: {
    meetingId: '',
    vm: loadingMeeting() as MeetingViewModel,
    /** The action being sent ('' when none). */
    busy: '',
    actionError: '',
    shown: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ meetingId: query.id ?? '' });
      return this.load();
    },
    /** Back from the organiser's pages: the meeting may have changed there. */
    onShow() {
      if (!this.data.shown) {
        this.setData({ shown: true });
        return undefined;
      }
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      this.show(await getMeeting(this.data.meetingId), false);
    },
    retry() {
      this.setData({ vm: loadingMeeting() });
      return this.load();
    },
    show(res: Result<MeetingDetail>, afterAction: boolean) {
      if (res.ok) {
        const vm = toMeetingViewModel(res.data);
        this.setData({ vm, busy: '', actionError: '' }, () => {
          if (res.data.myCode) drawQr(this, 'qr', res.data.myCode.qr);
        });
      } else if (afterAction && this.data.vm.state === 'ready') {
        const message = errorText(res.error);
        this.setData({ busy: '', actionError: message });
        toast(message);
      } else {
        this.setData({ vm: meetingError(res.error), busy: '' });
      }
    },
    async onSignUp(e: Tap<{ action: SignUpAction }>) {
      if (this.data.busy) return;
      const action = e.currentTarget.dataset.action;
      const meetingId = this.data.meetingId;
      if (action === 'cancel') {
        const yes = await confirmAction('取消报名', '取消后名额会让给候补的邻居，确定取消吗？', '取消报名');
        if (!yes) return;
      }
      this.setData({ busy: action, actionError: '' });
      // 报名 / 排候补: may we tell him of his seat (or when one comes free) and remind him the day before — asked in
      // the tap; his answer, whatever it is, then signs up
      if (action === 'sign_up') await askSubscriptions(ASKS.signUp);
      if (action === 'join_waitlist') await askSubscriptions(ASKS.joinWaitlist);
      const res = action === 'cancel' ? await cancelSignUp(meetingId) : await signUp(meetingId);
      this.show(res, true);
      if (res.ok) toast(signUpDone(action, res.data), 'success');
    },
    async onOrganiser(e: Tap<{ action: OrganiserAction }>) {
      if (this.data.busy) return;
      const action = e.currentTarget.dataset.action;
      const meetingId = this.data.meetingId;
      if (action === 'edit') wx.navigateTo({ url: staffUrl('meeting-form', meetingId) });
      else if (action === 'attendance') wx.navigateTo({ url: staffUrl('attendance', meetingId) });
      else if (action === 'minutes') wx.navigateTo({ url: staffUrl('minutes', meetingId) });
      else {
        const reason = await promptReason('取消会议', '请填写取消的理由，已报名的居民会收到通知');
        if (reason === null) return;
        this.setData({ busy: 'cancel-meeting', actionError: '' });
        const res = await cancelMeeting({ meetingId, reason });
        this.show(res, true);
        if (res.ok) toast('会议已取消', 'success');
      }
    },
    openOrder(e: Tap<{ url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
