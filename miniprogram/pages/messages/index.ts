import { confirmAction, toast } from '../../services/dialogs';
import { errorText } from '../../lib/errors';
import type { Tap } from '../../services/events';
import { pagedListMethods } from '../../services/list-page';
import { listInbox, markAllRead, markRead, showUnreadBadge } from '../../services/messages/index';
import { pagedLoader } from '../../services/paging';
import { listUpdate } from '../../lib/paging';
import {
  allRead,
  appendInboxPage,
  inboxErrorText,
  loadingMessages,
  markAllPrompt,
  withRead,
  type MessagesViewModel,
} from './view-model';
import { textSizeBehavior } from '../../behaviors/text-size';

type Data = { vm: MessagesViewModel };

/** The inbox a page at a time, newest first; an unregistered person is told where to register. */
const loadInbox = pagedLoader(async (_data: Data, cursor?: number) => {
  const res = await listInbox(cursor);
  return res.ok ? res : { ...res, error: { ...res.error, message: inboxErrorText(res.error) } };
}, appendInboxPage);

// 消息: the messages of my orders, complaints and meetings (staff: of what they handle); the tab's badge is the
// unread count, refreshed each time the tab is shown.
Component({
  behaviors: [textSizeBehavior],
  data: { vm: loadingMessages() as MessagesViewModel, marking: false },
  methods: {
    onShow() {
      return this.load(true);
    },
    ...pagedListMethods<Data>(async (page, replace) => {
      await loadInbox(page, replace);
      if (page.data.vm.state === 'ready') showUnreadBadge(page.data.vm.unread);
    }, loadingMessages),
    /** Opens what the message is about; an unread one is marked read on the way. */
    openMessage(e: Tap<{ id: string }>) {
      const row = this.data.vm.items.find((r) => r.id === e.currentTarget.dataset.id);
      if (!row) return;
      wx.navigateTo({ url: row.url });
      if (row.read) return;
      return markRead(row.id).then((res) => {
        if (!res.ok) return; // still unread: it shows so when the tab is shown again
        this.setData(listUpdate(this.data.vm, withRead(this.data.vm, row.id, res.data.unread)));
        showUnreadBadge(res.data.unread);
      });
    },
    async markAll() {
      const { unread } = this.data.vm;
      if (this.data.marking || unread === 0) return;
      if (!(await confirmAction('全部已读', markAllPrompt(unread), '全部已读'))) return;
      this.setData({ marking: true });
      const res = await markAllRead();
      this.setData({ marking: false });
      if (!res.ok) {
        toast(errorText(res.error));
        return;
      }
      this.setData(listUpdate(this.data.vm, allRead(this.data.vm, res.data.unread)));
      showUnreadBadge(res.data.unread);
      toast('已全部标为已读', 'success');
    },
  },
});
