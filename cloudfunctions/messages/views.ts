import type { InboxItem } from '../../miniprogram/shared/api/messages';
import type { InboxDoc } from './model';

/** An inbox entry as the 消息 page shows it. */
export const toInboxItem = (doc: InboxDoc): InboxItem => ({
  id: doc._id,
  title: doc.title,
  body: doc.body,
  subject: doc.subject,
  createdAt: doc.createdAt,
  read: doc.readAt !== null,
});
