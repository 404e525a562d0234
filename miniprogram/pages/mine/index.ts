import { getHome } from '../../services/community';
import { isLocalBackend, listLocalDemoUsers, localOpenid, setLocalOpenid } from '../../services/transport';
import { loadingMine, mineError, toMineViewModel, type MineViewModel } from './view-model';

// 我的: the caller's profile; against the local backend, also the demo-identity switch.
Component({
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
      const [home, demo] = await Promise.all([getHome(), local ? listLocalDemoUsers() : Promise.resolve(null)]);
      if (!home.ok) {
        this.setData({ vm: mineError(home.error) });
        return;
      }
      const demoUsers = demo?.ok ? demo.data : null;
      this.setData({ vm: toMineViewModel(home.data, demoUsers, local ? localOpenid() : null) });
    },
    onDemoUserTap(
      e: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { openid: string }>,
    ) {
      setLocalOpenid(e.currentTarget.dataset.openid);
      wx.showToast({ title: '已切换身份', icon: 'success' });
      return this.load();
    },
  },
});
