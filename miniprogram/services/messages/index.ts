import { makeRequestId } from '../../shared/request-id';
import {
  DEV_TEMPLATE_IDS,
  MAX_TEMPLATES_PER_ASK,
  type NoticeKind,
  type TemplateIds,
} from '../../shared/notices/templates';
import { callFunction } from '../transport';

/** 消息中心 and subscription asks: the mini-program's side of cloudfunctions/messages. */

export const listInbox = (cursor?: number) => callFunction('messages', 'listInbox', { cursor });
export const unreadCount = () => callFunction('messages', 'unreadCount', {});
export const markRead = (id: string) => callFunction('messages', 'markRead', { id });
export const markAllRead = () => callFunction('messages', 'markAllRead', {});

/** The template ids the mini-program asks about (the dev ids until the configuration provides real ones). */
const TEMPLATE_IDS: TemplateIds = DEV_TEMPLATE_IDS;

/**
 * Asks the user, at a tap, to allow one message of each kind (wx.requestSubscribeMessage; WeChat shows at most 3
 * templates at once, so the first 3 kinds are asked) and reports what he accepted, so the server may send that
 * many. Never fails the tap it is called from: a refusal, an error or an unreachable server only means fewer
 * messages. Must be called synchronously in the tap handler (WeChat requires a user gesture).
 */
export function askSubscriptions(kinds: readonly NoticeKind[]): Promise<string[]> {
  const tmplIds = [...new Set(kinds)].slice(0, MAX_TEMPLATES_PER_ASK).map((kind) => TEMPLATE_IDS[kind]);
  if (tmplIds.length === 0 || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => {
        const answers = res as unknown as Record<string, string>;
        const accepted = tmplIds.filter((id) => answers[id] === 'accept');
        if (accepted.length === 0) return resolve([]);
        void callFunction('messages', 'reportGrants', { askId: makeRequestId(Date.now()), accepted }).then(() =>
          resolve(accepted),
        );
      },
      fail: () => resolve([]),
    });
  });
}
