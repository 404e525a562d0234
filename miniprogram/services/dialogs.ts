import { Reason } from '../shared/api/common';

/**
 * The confirmations and prompts pages ask before destructive or recorded actions, as promises.
 * Tests answer them through the wx mock's showModal.
 */

/** Asks a yes/no question; resolves true only on an explicit confirm. */
export function confirmAction(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  return new Promise((resolve) =>
    wx.showModal({
      title,
      content,
      confirmText,
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    }),
  );
}

/** Asks for a line of text (a reason, a note); resolves null when cancelled. */
export function promptText(title: string, placeholderText: string): Promise<string | null> {
  return new Promise((resolve) =>
    wx.showModal({
      title,
      editable: true,
      placeholderText,
      success: (res) => resolve(res.confirm ? (res.content ?? '').trim() : null),
      fail: () => resolve(null),
    }),
  );
}

/**
 * Asks for the reason of a refusal, a return or a cancellation (退回、驳回、不予采纳、取消会议…); resolves null
 * when cancelled, or when the reason breaks the contract's rule (`Reason`: 2–200 characters), whose message is
 * then shown — the one rule the server applies too.
 */
export async function promptReason(title: string, placeholderText: string): Promise<string | null> {
  const reason = await promptText(title, placeholderText);
  if (reason === null) return null;
  const checked = Reason.safeParse(reason);
  if (checked.success) return checked.data;
  toast(checked.error.issues[0].message);
  return null;
}

export const toast = (title: string, icon: 'success' | 'error' | 'none' = 'none') =>
  wx.showToast({ title, icon, duration: 2000 });
