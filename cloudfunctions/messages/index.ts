import { messagesActions } from '../../miniprogram/shared/api/messages';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { onMediaVerdict } from '../lib/media';
import { isMediaCheckPush } from '../lib/wechat';
import { getDb } from '../lib/db';
import { listInbox, markAllRead, markRead, unreadCount } from './actions/inbox';
import { reportGrants } from './actions/report-grants';
import { sendTimer } from './timers';

/** 消息: the in-app inbox, subscription grants, and the timer that fans notices out and sends them. */
export const messages = defineFunction(
  'messages',
  messagesActions,
  { reportGrants, listInbox, unreadCount, markRead, markAllRead },
  { send: sendTimer },
);

const handle = cloudMain(messages);

/**
 * The deployed entry: WeChat's message push (消息推送, configured to this function) brings mediaCheckAsync
 * verdicts, answered `success` as WeChat expects of a push it should not repeat (a verdict the function could not
 * record throws, so WeChat pushes it again); everything else is a call or the timer.
 */
export const main = async (event: unknown) => {
  if (!isMediaCheckPush(event)) return handle(event);
  await onMediaVerdict(getDb(), event);
  return 'success';
};
