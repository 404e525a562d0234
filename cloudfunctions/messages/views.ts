import type { InboxItem } from '../../miniprogram/shared/api/messages';
import { subjectPage } from '../../miniprogram/shared/notices/templates';
import type { InboxDoc } from './model';

/** An inbox entry as the 消息 page shows it. */
export const toInboxItem = (doc: InboxDoc): InboxItem => ({
  id: doc._id,
  title: doc.title,
  body: doc.body,
  subject: doc.subject,
  page: subjectPage(doc.subject, doc.audience),
  createdAt: doc.createdAt,
  read: doc.readAt !== null,
});
