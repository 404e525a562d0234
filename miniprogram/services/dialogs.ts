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

export const toast = (title: string, icon: 'success' | 'error' | 'none' = 'none') =>
  wx.showToast({ title, icon, duration: 2000 });
