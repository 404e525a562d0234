import { errorText } from '../../../lib/errors';
import { grantRole, listMembers, listRoleEvents, revokeRole } from '../../../services/people/index';
import { loadingRoles, toEventItem, toMemberItem, type RolesViewModel } from './view-model';
import type { Tap } from '../../../services/events';
import { textSizeBehavior } from '../../../behaviors/text-size';

const chooseFrom = (itemList: string[]) =>
  new Promise<number | null>((resolve) =>
    wx.showActionSheet({ itemList, success: (res) => resolve(res.tapIndex), fail: () => resolve(null) }),
  );

const askReason = (title: string) =>
  new Promise<string | null>((resolve) =>
    wx.showModal({
      title,
      editable: true,
      placeholderText: '请填写理由（会被记录）',
      success: (res) => resolve(res.confirm ? res.content : null),
      fail: () => resolve(null),
    }),
  );

/** The latest load of each page instance: a search answered late must not replace a newer one's answer. */
const latestLoad = new WeakMap<object, number>();

// 人员与角色 (community staff): grant and revoke roles inside the community; every change is on record.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingRoles() as RolesViewModel, communityId: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ communityId: query.communityId ?? '' });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const seq = (latestLoad.get(this) ?? 0) + 1;
      latestLoad.set(this, seq);
      const communityId = this.data.communityId;
      const [members, events] = await Promise.all([
        listMembers({ communityId, ...(this.data.vm.keyword && { keyword: this.data.vm.keyword }) }),
        listRoleEvents(communityId),
      ]);
      if (latestLoad.get(this) !== seq) return; // the person typed on: a newer load answers instead
      if (!members.ok) {
        this.setData({ vm: { ...this.data.vm, state: 'error', message: errorText(members.error) } });
        return;
      }
      this.setData({
        vm: {
          ...this.data.vm,
          state: 'ready',
          message: '',
          members: members.data.items.map(toMemberItem),
          nextCursor: members.data.nextCursor,
          events: events.ok ? events.data.items.map(toEventItem) : [],
        },
      });
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'vm.keyword': e.detail.value });
      return this.load();
    },
    async onMemberTap(e: Tap<{ id: string }>) {
      const member = this.data.vm.members.find((m) => m.id === e.currentTarget.dataset.id);
      if (!member) return;
      // What the server offers for him, as his list item carries it.
      const index = await chooseFrom(member.actions.map((a) => a.label));
      if (index === null) return;
      const chosen = member.actions[index];
      const reason = await askReason(`${chosen.label}：${member.name}`);
      if (reason === null) return;
      const input = { userId: member.id, role: chosen.role, scopeId: chosen.scopeId, reason };
      const res = chosen.code === 'grant' ? await grantRole(input) : await revokeRole(input);
      if (!res.ok) {
        wx.showToast({ title: errorText(res.error), icon: 'none' });
        return;
      }
      wx.showToast({ title: chosen.code === 'grant' ? '已授予' : '已撤销', icon: 'success' });
      await this.load();
    },
  },
});
