import * as z from 'zod/mini';
import { action } from './action';
import { Cursor } from './common';
import { NOTICE_KINDS, SUBJECT_TYPES, TEMPLATE_ID_FORMAT } from '../notices/templates';

/** 消息中心 and subscription grants (cloudfunctions/messages). */

const Kind = z.enum(NOTICE_KINDS);
const TemplateId = z.string().check(z.regex(TEMPLATE_ID_FORMAT));

/** One message in a person's inbox. */
export const InboxItem = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  subject: z.object({ type: z.enum(SUBJECT_TYPES), id: z.string() }),
  /** The page the message opens (`pages/…?id=`, no leading slash): see `subjectPage`. */
  page: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
});

const Unread = z.object({ unread: z.number() });

export const messagesActions = {
  reportGrants: action({
    summary: '上报订阅结果：用户在 wx.requestSubscribeMessage 中接受的模板（每接受一次可发一条）',
    input: z.strictObject({
      /** One ask (a tap); reporting it again adds nothing. */
      askId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/)),
      accepted: z.array(TemplateId).check(z.maxLength(3)),
    }),
    output: z.object({ grants: z.array(z.object({ kind: Kind, count: z.number() })) }),
  }),
  listInbox: action({
    summary: '我的消息：最新的在前，分页',
    input: z.strictObject({ cursor: Cursor }),
    output: z.object({ items: z.array(InboxItem), nextCursor: z.nullable(z.number()), unread: z.number() }),
  }),
  unreadCount: action({ summary: '未读消息数（消息页角标）', input: z.strictObject({}), output: Unread }),
  markRead: action({
    summary: '标为已读（打开一条消息）',
    input: z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(64)) }),
    output: Unread,
  }),
  markAllRead: action({
    summary: '全部标为已读',
    input: z.strictObject({}),
    output: z.object({ marked: z.number(), unread: z.number() }),
  }),
};

export type InboxItem = z.infer<typeof InboxItem>;
