import { listMeetings } from '../../../services/councils/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import type { Tap } from '../../../services/events';
import {
  MEETING_TABS,
  appendMeetings,
  emptyMeetingsText,
  isMeetingsTab,
  loadingMeetings,
  type MeetingsViewModel,
} from './view-model';
import { meetingUrl } from '../lib/meetings';
import { textSizeBehavior } from '../../../behaviors/text-size';

const load = pagedLoader(
  ({ vm, communityId }: { vm: MeetingsViewModel; communityId: string }, cursor?: number) =>
    listMeetings({ ...(communityId && { communityId }), filter: vm.tab, cursor }),
  appendMeetings,
);

// 议事会: the meetings I may join (即将召开 / 已结束); tap one to sign up. Organisers (`?communityId=`): the
// community's meetings, and a way to call a new one.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingMeetings() as MeetingsViewModel,
    /** Organisers: the community whose meetings they organise; '' for a resident. */
    communityId: '',
    tabs: MEETING_TABS,
    emptyText: emptyMeetingsText('upcoming'),
    shown: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = isMeetingsTab(query.tab) ? query.tab : 'upcoming';
      this.setData({
        vm: loadingMeetings(tab),
        emptyText: emptyMeetingsText(tab),
        communityId: query.communityId ?? '',
      });
      return this.load(true);
    },
    ...pagedListMethods(load, (data) => loadingMeetings(data.vm.tab)),
    /** Back from a meeting: my sign-up there may have changed. */
    onShow() {
      if (!this.data.shown) {
        this.setData({ shown: true });
        return undefined;
      }
      return this.load(true);
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const tab = e.detail.value;
      if (!isMeetingsTab(tab) || tab === this.data.vm.tab) return undefined;
      this.setData({ vm: loadingMeetings(tab), emptyText: emptyMeetingsText(tab) });
      return this.load(true);
    },
    openMeeting(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: meetingUrl(e.currentTarget.dataset.id) });
    },
    openTopics() {
      const { communityId } = this.data;
      wx.navigateTo({ url: `/pages/councils/topics/index${communityId ? `?communityId=${communityId}` : ''}` });
    },
    newMeeting() {
      wx.navigateTo({ url: `/pages/staff/meeting-form/index?communityId=${this.data.communityId}` });
    },
    openSignUps() {
      wx.navigateTo({ url: '/pages/councils/signups/index' });
    },
  },
});
