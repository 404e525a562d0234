import { getHome } from '../../services/community/index';
import { homeError, loadingHome, toggleContact, toHomeViewModel, type HomeViewModel } from './view-model';
import type { Tap } from '../../services/events';
import { textSizeBehavior } from '../../behaviors/text-size';

// 首页: the resident's community, grid and whom to call.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingHome() as HomeViewModel },
  methods: {
    onLoad() {
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const res = await getHome();
      this.setData({ vm: res.ok ? toHomeViewModel(res.data) : homeError(res.error) });
    },
    retry() {
      this.setData({ vm: loadingHome() });
      return this.load();
    },
    onContactTap(e: Tap<{ key: string }>) {
      this.setData({ vm: toggleContact(this.data.vm, e.currentTarget.dataset.key) });
    },
    onCall(e: Tap<{ phone: string }>) {
      wx.makePhoneCall({ phoneNumber: e.currentTarget.dataset.phone });
    },
    openService(e: Tap<{ url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    goRegister() {
      wx.navigateTo({ url: '/pages/onboarding/index' });
    },
  },
});
