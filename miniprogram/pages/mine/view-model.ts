import { errorText } from '../../lib/errors';
import { dashboardUrl } from '../../lib/links';
import type { Application, Profile } from '../../shared/api/people';
import { APPLICATION_STATES } from '../../shared/applications';
import type { ErrorBody } from '../../shared/errors';
import type { DemoUser } from '../../services/transport';

export interface DemoUserItem extends DemoUser {
  current: boolean;
  label: string;
}

export interface Entry {
  key: string;
  title: string;
  description: string;
  url: string;
}

export interface ApplicationItem {
  id: string;
  title: string;
  statusLabel: string;
  /** tdesign tag theme: waiting, done, refused. */
  theme: 'warning' | 'success' | 'danger';
  note: string;
}

/** 我的: who I am, what roles I hold where, my applications, and where I can go from here. */
export interface MineViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  registered: boolean;
  name: string;
  phone: string;
  place: string;
  roles: Array<{ key: string; label: string; scope: string }>;
  applications: ApplicationItem[];
  entries: Entry[];
  /** Shown only against the local backend. */
  demoUsers: DemoUserItem[];
}

export const loadingMine = (): MineViewModel => ({
  state: 'loading',
  message: '',
  registered: false,
  name: '',
  phone: '',
  place: '',
  roles: [],
  applications: [],
  entries: [],
  demoUsers: [],
});

export const mineError = (error: ErrorBody): MineViewModel => ({
  ...loadingMine(),
  state: 'error',
  message: errorText(error),
});

const TAG_THEME = { pending: 'warning', approved: 'success', rejected: 'danger' } as const;

export function toApplicationItem(app: Application): ApplicationItem {
  const note =
    app.status === 'rejected'
      ? `未通过：${app.reason}`
      : APPLICATION_STATES[app.status].open
        ? '社区工作人员审核中'
        : '已成为该社区报到党员';
  return {
    id: app.id,
    title: `${app.community.name} · 双报到`,
    statusLabel: app.statusLabel,
    theme: TAG_THEME[app.status],
    note,
  };
}

/** 数据导出 of the scope a grant holds: its orders and complaints as Excel or CSV. */
const exportEntry = (scope: 'community' | 'street' | 'city', id: string, name: string): Entry => ({
  key: `export-${scope}-${id}`,
  title: '数据导出',
  description: `${name} · 工单、投诉导出为 Excel`,
  url: `/pages/staff/export/index?scope=${scope}&id=${encodeURIComponent(id)}&name=${encodeURIComponent(name)}`,
});

/** 代办下单: the order form filled in for a resident who phoned or came in, in the community or grid he serves. */
const intakeEntry = (role: Profile['roles'][number]): Entry => ({
  key: `intake-${role.scopeId}`,
  title: '代办下单',
  description: `${role.scopeName} · 电话、窗口代办`,
  url: `/pages/orders/new/index?onBehalf=${role.scopeId}`,
});

/** The work pages a role opens, each for the scope it holds. */
function roleEntries(role: Profile['roles'][number]): Entry[] {
  const id = role.scopeId;
  switch (role.role) {
    case 'community_staff':
      return [
        dashboardEntry(role, `community:${id}`),
        {
          key: `queue-${id}`,
          title: '社区发单',
          description: role.scopeName,
          url: `/pages/staff/queue/index?communityId=${id}`,
        },
        intakeEntry(role),
        {
          key: `escalated-${id}`,
          title: '升级投诉',
          description: `${role.scopeName} · 社区呼叫`,
          url: `/pages/staff/complaints/index?level=community&scopeId=${id}`,
        },
        {
          key: `hotspots-${id}`,
          title: '投诉热点',
          description: '未诉先办',
          url: `/pages/staff/hotspots/index?communityId=${id}`,
        },
        {
          key: `councils-${id}`,
          title: '议事会组织',
          description: '召集议事会、签到、纪要',
          url: `/pages/councils/meetings/index?communityId=${id}`,
        },
        {
          key: `topic-queue-${id}`,
          title: '议题征集',
          description: '列入议程或不予采纳',
          url: `/pages/councils/topics/index?communityId=${id}`,
        },
        {
          key: `ranking-${id}`,
          title: '物业信用排名',
          description: '物业服务企业信用评价',
          url: '/pages/staff/ranking/index',
        },
        {
          key: `review-${id}`,
          title: '双报到审核',
          description: role.scopeName,
          url: `/pages/staff/applications/index?communityId=${id}`,
        },
        {
          key: `roles-${id}`,
          title: '人员与角色',
          description: role.scopeName,
          url: `/pages/staff/roles/index?communityId=${id}`,
        },
        {
          key: `shop-${id}`,
          title: '积分超市管理',
          description: '物品目录、凭码交付',
          url: `/pages/staff/shop/index?communityId=${id}`,
        },
        exportEntry('community', id, role.scopeName),
      ];
    case 'unit_member':
      return [
        {
          key: `inbox-${id}`,
          title: '单位接单',
          description: role.scopeName,
          url: `/pages/unit/inbox/index?unitId=${id}`,
        },
        // A property company answers complaints in its inbox; a department those reported to it (部门报到).
        {
          key: `complaints-${id}`,
          title: '投诉待办',
          description: role.scopeName,
          url: `/pages/unit/complaints/index?unitId=${id}`,
        },
        {
          key: `reported-${id}`,
          title: '部门报到',
          description: `${role.scopeName} · 街道吹哨的投诉`,
          url: `/pages/staff/complaints/index?level=department&scopeId=${id}`,
        },
      ];
    case 'street_staff':
      return [
        dashboardEntry(role, `street:${id}`),
        {
          key: `escalated-${id}`,
          title: '升级投诉',
          description: `${role.scopeName} · 街道吹哨`,
          url: `/pages/staff/complaints/index?level=street&scopeId=${id}`,
        },
        {
          key: `ranking-${id}`,
          title: '物业信用排名',
          description: role.scopeName,
          url: `/pages/staff/ranking/index?streetId=${id}`,
        },
        exportEntry('street', id, role.scopeName),
      ];
    case 'admin':
      return [dashboardEntry(role, 'city'), exportEntry('city', id, '全市')];
    case 'grid_worker':
      return [intakeEntry(role)];
    case 'party_member':
      return [
        {
          key: `hall-${id}`,
          title: '任务大厅',
          description: role.scopeName,
          url: `/pages/volunteer/hall/index?communityId=${id}`,
        },
        { key: `tasks-${id}`, title: '我的任务', description: '已领取的志愿服务', url: '/pages/volunteer/tasks/index' },
        { key: `points-${id}`, title: '我的积分', description: '志愿服务积分', url: '/pages/volunteer/points/index' },
      ];
    default:
      return [];
  }
}

/** 工作台: the measures and rankings of the scope the role holds. */
const dashboardEntry = (role: Profile['roles'][number], scope: string): Entry => ({
  key: `dashboard-${role.scopeId}`,
  title: '工作台',
  description: `${role.scopeName} · 三率与排名`,
  url: dashboardUrl(scope),
});

function entriesFor(profile: Profile): Entry[] {
  if (!profile.registered) {
    return [{ key: 'register', title: '注册', description: '选择您所在的社区和楼栋', url: '/pages/onboarding/index' }];
  }
  const entries: Entry[] = [];
  if (profile.binding) {
    entries.push(
      {
        key: 'order',
        title: '我要下单',
        description: '维修、助老、政策咨询……社区帮您办',
        url: '/pages/orders/new/index',
      },
      { key: 'orders', title: '我的工单', description: '办理进度、确认与评价', url: '/pages/orders/mine/index' },
      {
        key: 'complain',
        title: '我要投诉',
        description: '物业问题直达物业企业，超时自动升级',
        url: '/pages/complaints/new/index',
      },
      {
        key: 'complaints',
        title: '我的投诉',
        description: '我发起的和附议的投诉',
        url: '/pages/complaints/mine/index',
      },
      {
        key: 'score',
        title: '物业信用评价',
        description: '我小区物业的评分与走势',
        url: '/pages/complaints/score/index',
      },
      {
        key: 'meetings',
        title: '议事会',
        description: '报名参加楼院、网格、社区议事',
        url: '/pages/councils/meetings/index',
      },
      {
        key: 'topics',
        title: '群众说事',
        description: '提出议题，附议邻居的议题',
        url: '/pages/councils/topics/index',
      },
      { key: 'signups', title: '我的报名', description: '签到码与候补位置', url: '/pages/councils/signups/index' },
    );
  }
  entries.push(
    {
      key: 'apply',
      title: '申请双报到',
      description: '在职党员到社区报到，领取志愿服务任务',
      url: '/pages/people/apply/index',
    },
    { key: 'rebind', title: '更换住址', description: '搬家后重新选择社区和楼栋', url: '/pages/onboarding/index' },
  );
  for (const role of profile.roles) {
    entries.push(...roleEntries(role));
  }
  return entries;
}

export function toMineViewModel(
  profile: Profile,
  applications: Application[],
  demoUsers: DemoUser[] | null,
  currentOpenid: string | null,
): MineViewModel {
  const b = profile.binding;
  return {
    state: 'ready',
    message: '',
    registered: profile.registered,
    name: profile.registered ? profile.name : '未注册用户',
    phone: profile.phone,
    place: b ? `${b.community.name} · ${b.compound.name} · ${b.building.name}` : '尚未绑定社区',
    roles: profile.roles.map((r) => ({
      key: `${r.role}-${r.scopeId}`,
      label: r.title || r.roleLabel,
      scope: r.scopeName,
    })),
    applications: applications.map(toApplicationItem),
    entries: entriesFor(profile),
    demoUsers: (demoUsers ?? []).map((user) => ({
      ...user,
      current: user.openid === currentOpenid,
      label: user.name || '新用户',
    })),
  };
}
