import { mySignUps } from '../../../services/councils/index';
import { drawQr } from '../lib/qr-canvas';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import type { Tap } from '../../../services/events';
import { meetingUrl } from '../lib/meetings';
import { appendSignUps, loadingSignUps, type SignUpsViewModel } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

const load = pagedLoader(
  (_data: { vm: SignUpsViewModel }, cursor?: number) => mySignUps({ filter: 'upcoming', cursor }),
  appendSignUps,
);

// 我的报名: the meetings I signed up for (seat or waitlist position) with my check-in code.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingSignUps() as SignUpsViewModel,
    shown: false,
  },
  methods: {
    onLoad() {
      return this.load(true);
    },
    ...pagedListMethods(load, loadingSignUps),
    /** Back from a meeting: I may have cancelled there. */
    onShow() {
      if (!this.data.shown) {
        this.setData({ shown: true });
        return undefined;
      }
      return this.load(true);
    },
    openMeeting(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: meetingUrl(e.currentTarget.dataset.id) });
    },
    /** Shows (or hides) the QR code of one sign-up: one canvas at a time. */
    toggleQr(e: Tap<{ id: string }>) {
      const id = e.currentTarget.dataset.id;
      const qrFor = this.data.vm.qrFor === id ? '' : id;
      const item = this.data.vm.items.find((s) => s.id === qrFor);
      this.setData({ 'vm.qrFor': qrFor }, () => {
        if (item) drawQr(this, 'qr', item.qr);
      });
    },
  },
});
