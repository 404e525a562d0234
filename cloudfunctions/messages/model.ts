import type { NoticeKind } from '../../miniprogram/shared/notices/templates';
import { templateIdsFrom, type TemplateIds } from '../../miniprogram/shared/notices/templates';
import type { NotificationDoc } from '../lib/notify';
import { stableId } from '../lib/records';

/** A notification record as the messages timer sees it: with how far its fan-out has come. */
export interface NotificationRecord extends NotificationDoc {
  /** The last user id the fan-out reached (members are expanded in id order, a page at a time). */
  fanoutAfter?: string | null;
}

/** One message in one person's inbox (消息中心). */
export type InboxDoc = {
  _id: string;
  userId: string;
  notificationId: string;
  kind: NoticeKind | null;
  subject: NotificationDoc['subject'];
  /** Whom the notification addressed (`party_members:cm-1`): it decides the page the message opens. */
  audience?: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
};

/** One attempt to send a subscription message, as WeChat answered it. */
export interface Attempt {
  at: string;
  errcode: number;
  errmsg: string;
}

/**
 * The subscription message of one notification to one person. Its id comes from both, so the fan-out that runs
 * again after a failure never queues (or sends) a second one.
 * - pending: waiting for its (next) attempt at `nextAttemptAt`;
 * - sent: WeChat accepted it;
 * - refused: WeChat said the user refused or unsubscribed (43101) — never retried;
 * - no_grant: the grant was used up by the time it was due — nothing sent;
 * - failed: a permanent error (bad data, bad page) or too many transient ones.
 */
export type DeliveryDoc = {
  _id: string;
  userId: string;
  notificationId: string;
  kind: NoticeKind;
  status: 'pending' | 'sent' | 'refused' | 'no_grant' | 'failed';
  /** Whether this message has already spent its grant (a retry does not spend another). */
  grantSpent: boolean;
  attempts: Attempt[];
  nextAttemptAt: string;
  createdAt: string;
};

/** How many one-time grants one person has for one template (订阅消息一次性授权): one grant, one message. */
export interface GrantDoc {
  _id: string;
  userId: string;
  kind: NoticeKind;
  count: number;
  /** The last ask counted, so reporting the same ask twice adds nothing. */
  lastAskId: string;
  updatedAt: string;
}

export const inboxId = (notificationId: string, userId: string) => stableId('inb', notificationId, userId);
export const deliveryId = (notificationId: string, userId: string) => stableId('dlv', notificationId, userId);
export const grantId = (userId: string, kind: NoticeKind) => stableId('grt', userId, kind);

/**
 * The template ids in use: JMT_TEMPLATE_IDS (the function's environment variable, JSON kind → id from the WeChat
 * admin console) over the dev ids the local emulator knows.
 */
export const templateIds = (): TemplateIds => templateIdsFrom(process.env.JMT_TEMPLATE_IDS);
