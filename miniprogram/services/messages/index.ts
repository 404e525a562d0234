import { TEMPLATE_IDS } from '../../config';
import { makeRequestId } from '../../shared/request-id';
import { MAX_TEMPLATES_PER_ASK, templateIdsFrom, type NoticeKind } from '../../shared/notices/templates';
import { callFunction } from '../transport';

/** 消息中心 and subscription asks: the mini-program's side of cloudfunctions/messages. */

export const listInbox = (cursor?: number) => callFunction('messages', 'listInbox', { cursor });
export const unreadCount = () => callFunction('messages', 'unreadCount', {});
export const markRead = (id: string) => callFunction('messages', 'markRead', { id });
export const markAllRead = () => callFunction('messages', 'markAllRead', {});

/** The template ids the mini-program asks about: JMT_TEMPLATE_IDS as configured (`npm run configure` checked it). */
const TEMPLATE_IDS_BY_KIND = templateIdsFrom(TEMPLATE_IDS);

/**
 * Asks the user, at a tap, to allow one message of each kind (wx.requestSubscribeMessage; WeChat shows at most 3
 * templates at once, so the first 3 kinds are asked) and resolves with the template ids he accepted once he has
 * answered; what he accepted is reported to the server meanwhile, so it may send that many. Never fails the tap it
 * is called from: a refusal, an error or an unreachable server only means fewer messages, so the caller awaits it
 * and then does what was tapped. Must be called synchronously in the tap handler (WeChat requires a user gesture).
 */
export function askSubscriptions(kinds: readonly NoticeKind[]): Promise<string[]> {
  const tmplIds = [...new Set(kinds)].slice(0, MAX_TEMPLATES_PER_ASK).map((kind) => TEMPLATE_IDS_BY_KIND[kind]);
  if (tmplIds.length === 0 || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => {
        const answers = res as unknown as Record<string, string>;
        const accepted = tmplIds.filter((id) => answers[id] === 'accept');
        if (accepted.length > 0)
          void callFunction('messages', 'reportGrants', { askId: makeRequestId(Date.now()), accepted });
        resolve(accepted);
      },
      fail: () => resolve([]),
    });
  });
}

/** The 消息 tab's position in app.json's tabBar (首页, 消息, 我的). */
const MESSAGES_TAB = 1;

/** Shows the unread count on the 消息 tab (99+ beyond), or removes the badge when nothing is unread. */
export function showUnreadBadge(unread: number): void {
  // Tab bar calls fail off a tab page; a badge not shown then is shown at the next refresh.
  const ignore = () => undefined;
  if (unread > 0) wx.setTabBarBadge({ index: MESSAGES_TAB, text: unread > 99 ? '99+' : String(unread), fail: ignore });
  else wx.removeTabBarBadge({ index: MESSAGES_TAB, fail: ignore });
}
