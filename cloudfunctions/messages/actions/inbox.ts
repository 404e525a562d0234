import type { messagesActions } from '../../../miniprogram/shared/api/messages';
import { COLLECTIONS, type Database } from '../../lib/db';
import { pageOf } from '../../lib/paging';
import type { ActionImpl } from '../../lib/router';
import { ownInbox } from '../access';
import type { InboxDoc } from '../model';
import { toInboxItem } from '../views';

type Actions = typeof messagesActions;

/** How many of the caller's messages are unread (one count on the user_read index). */
export const unreadOf = async (db: Database, userId: string): Promise<number> =>
  (await db.collection(COLLECTIONS.inbox).where({ userId, readAt: null }).count()).total;

export const listInbox: ActionImpl<Actions['listInbox']> = {
  access: ownInbox,
  async handler({ cursor }, { db, caller }) {
    const [page, unread] = await Promise.all([
      pageOf<InboxDoc>(db, COLLECTIONS.inbox, { userId: caller.openid }, ['createdAt', 'desc'], cursor),
      unreadOf(db, caller.openid),
    ]);
    return { items: page.docs.map(toInboxItem), nextCursor: page.nextCursor, unread };
  },
};

export const unreadCount: ActionImpl<Actions['unreadCount']> = {
  access: ownInbox,
  handler: async (_input, { db, caller }) => ({ unread: await unreadOf(db, caller.openid) }),
};

/** Marks one of the caller's messages read; someone else's id (or a missing one) changes nothing. */
export const markRead: ActionImpl<Actions['markRead']> = {
  access: ownInbox,
  async handler({ id }, { db, caller, now }) {
    await db
      .collection(COLLECTIONS.inbox)
      .where({ _id: id, userId: caller.openid, readAt: null })
      .update({ readAt: now().toISOString() });
    return { unread: await unreadOf(db, caller.openid) };
  },
};

export const markAllRead: ActionImpl<Actions['markAllRead']> = {
  access: ownInbox,
  async handler(_input, { db, caller, now }) {
    const res = await db
      .collection(COLLECTIONS.inbox)
      .where({ userId: caller.openid, readAt: null })
      .update({ readAt: now().toISOString() });
    return { marked: res.updated ?? 0, unread: await unreadOf(db, caller.openid) };
  },
};
