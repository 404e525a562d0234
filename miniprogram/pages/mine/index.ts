import { getProfile, listMyApplications } from '../../services/people/index';
import { isLocalBackend, listLocalDemoUsers, localOpenid, setLocalOpenid } from '../../services/transport';
import { loadingMine, mineError, toMineViewModel, type MineViewModel } from './view-model';
import type { Tap } from '../../services/events';
import { setTextSize, textSizeBehavior } from '../../behaviors/text-size';

// 我的: profile, roles and their scopes, my applications; against the local backend, the demo-identity switch.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingMine() as MineViewModel },
  methods: {
    onShow() {
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const local = isLocalBackend();
      const [profile, applications, demo] = await Promise.all([
        getProfile(),
        listMyApplications(),
        local ? listLocalDemoUsers() : Promise.resolve(null),
      ]);
      if (!profile.ok) {
        this.setData({ vm: mineError(profile.error) });
        return;
      }
      const apps = applications.ok ? applications.data : [];
      const demoUsers = demo?.ok ? demo.data : null;
      this.setData({ vm: toMineViewModel(profile.data, apps, demoUsers, local ? localOpenid() : null) });
    },
    onEntryTap(e: Tap<{ url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onLargeText(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      setTextSize(e.detail.value ? 'large' : 'system');
    },
    onDemoUserTap(e: Tap<{ openid: string }>) {
      setLocalOpenid(e.currentTarget.dataset.openid);
      wx.showToast({ title: '已切换身份', icon: 'success' });
      return this.load();
    },
  },
});
