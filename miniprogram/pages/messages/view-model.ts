import { errorText } from '../../lib/errors';
import type { InboxItem } from '../../shared/api/messages';
import type { ErrorBody } from '../../shared/errors';
import type { NoticeSubject } from '../../shared/notices/templates';
import { loadingList, mergeRows, withRows, type PagedList } from '../../lib/paging';
import { shortTime } from '../../shared/time';

/** 消息: what happened to my orders, complaints and meetings (and, for staff, to what they handle), newest first. */

export interface MessageRow {
  id: string;
  title: string;
  body: string;
  /** What it is about: 工单, 投诉, 议事会, 议题. */
  subjectLabel: string;
  time: string;
  read: boolean;
  /** The page a tap opens. */
  url: string;
}

export interface MessagesViewModel extends PagedList<MessageRow> {
  unread: number;
  /** 「3 条未读」, or 「全部已读」. */
  summary: string;
  /** What the empty inbox says. */
  emptyText: string;
}

const SUBJECT_LABELS: Record<NoticeSubject['type'], string> = {
  order: '工单',
  complaint: '投诉',
  meeting: '议事会',
  topic: '议题',
  redemption: '积分兑换',
};

const summaryOf = (unread: number) => (unread > 0 ? `${unread} 条未读` : '全部已读');

export const EMPTY_INBOX = '还没有消息。工单、投诉和议事会有了进展，会在这里告诉您。';

export const loadingMessages = (): MessagesViewModel => ({
  ...loadingList<MessageRow>(),
  unread: 0,
  summary: '',
  emptyText: EMPTY_INBOX,
});

export const toMessageRow = (item: InboxItem): MessageRow => ({
  id: item.id,
  title: item.title,
  body: item.body,
  subjectLabel: SUBJECT_LABELS[item.subject.type],
  time: shortTime(item.createdAt),
  read: item.read,
  url: `/${item.page}`,
});

export function appendInboxPage(
  vm: MessagesViewModel,
  page: { items: InboxItem[]; nextCursor: number | null; unread: number },
  replace: boolean,
): MessagesViewModel {
  const rows = mergeRows(vm.items, page.items.map(toMessageRow), replace);
  return { ...withRows(vm, rows, page.nextCursor), unread: page.unread, summary: summaryOf(page.unread) };
}

/** Why the inbox could not be shown: an unregistered person is told what it is for and where to register. */
export const inboxErrorText = (error: ErrorBody): string =>
  error.code === 'UNAUTHENTICATED'
    ? '注册后，工单、投诉和议事会的消息会在这里告诉您。请先到「我的」注册。'
    : errorText(error);

/** One message read (opened), with the unread count the server now has. */
export function withRead(vm: MessagesViewModel, id: string, unread: number): MessagesViewModel {
  return {
    ...vm,
    items: vm.items.map((row) => (row.id === id ? { ...row, read: true } : row)),
    unread,
    summary: summaryOf(unread),
  };
}

/** Every message read. */
export const allRead = (vm: MessagesViewModel, unread: number): MessagesViewModel => ({
  ...vm,
  items: vm.items.map((row) => (row.read ? row : { ...row, read: true })),
  unread,
  summary: summaryOf(unread),
});

/** The confirmation before 全部已读: how many it marks. */
export const markAllPrompt = (unread: number) => `将 ${unread} 条未读消息全部标为已读？`;
