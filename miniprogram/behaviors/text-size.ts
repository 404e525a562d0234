/**
 * 大字模式 and WeChat's font size (适老化). Every page opens with `<page-meta root-font-size="{{rootFontSize}}" />`
 * and sizes its text in rem, so text follows WeChat's own font setting (关怀模式 makes it 23.8 px on iOS) — or, for
 * those who never change that setting, the in-app 大字模式 switch in 我的, remembered on the phone.
 */
export type TextSize = 'system' | 'large';

const STORAGE_KEY = 'jmt.textSize';
/** The root size 大字模式 sets: WeChat's care-mode body size, rounded. */
const LARGE_ROOT = '24px';

export const rootFontSizeOf = (size: TextSize): string => (size === 'large' ? LARGE_ROOT : 'system');

export const currentTextSize = (): TextSize => (wx.getStorageSync(STORAGE_KEY) === 'large' ? 'large' : 'system');

/** The pages alive now (tab pages stay alive): each follows a change at once. */
const followers = new Set<(rootFontSize: string) => void>();

export function setTextSize(size: TextSize): void {
  wx.setStorageSync(STORAGE_KEY, size);
  for (const follow of followers) follow(rootFontSizeOf(size));
}

const following = new WeakMap<object, (rootFontSize: string) => void>();

/** Gives a page `rootFontSize` for its page-meta, kept to the switch. */
export const textSizeBehavior = Behavior({
  data: { rootFontSize: 'system' },
  lifetimes: {
    attached() {
      const follow = (rootFontSize: string) => this.setData({ rootFontSize });
      following.set(this, follow);
      followers.add(follow);
      follow(rootFontSizeOf(currentTextSize()));
    },
    detached() {
      const follow = following.get(this);
      if (follow) followers.delete(follow);
    },
  },
});
