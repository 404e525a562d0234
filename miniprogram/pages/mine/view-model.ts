import type { HomeView } from '../../shared/api/community';
import type { ErrorBody } from '../../shared/errors';
import type { DemoUser } from '../../services/transport';

export interface DemoUserItem extends DemoUser {
  current: boolean;
  label: string;
}

/** 我的: who I am; in local mode, which demo user I am acting as. */
export interface MineViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  name: string;
  place: string;
  registered: boolean;
  /** Shown only against the local backend. */
  demoUsers: DemoUserItem[];
}

export const loadingMine = (): MineViewModel => ({
  state: 'loading',
  message: '',
  name: '',
  place: '',
  registered: false,
  demoUsers: [],
});

export function toMineViewModel(
  home: HomeView,
  demoUsers: DemoUser[] | null,
  currentOpenid: string | null,
): MineViewModel {
  const place = [home.community?.name, home.compound?.name, home.building?.name].filter(Boolean).join(' · ');
  return {
    state: 'ready',
    message: '',
    name: home.displayName ?? '未注册用户',
    place: place || '尚未绑定社区',
    registered: home.registered,
    demoUsers: (demoUsers ?? []).map((user) => ({
      ...user,
      current: user.openid === currentOpenid,
      label: user.name || '新用户',
    })),
  };
}

export const mineError = (error: ErrorBody): MineViewModel => ({
  ...loadingMine(),
  state: 'error',
  message: error.message,
});
