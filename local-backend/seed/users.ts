import type { RoleGrant } from '../../miniprogram/shared/roles';
import type { UserDoc } from '../../cloudfunctions/lib/caller';

/** A demo user: `_id` is the OPENID that the local backend accepts in the `x-wx-openid` header. */
export interface DemoUser {
  openid: string;
  name: string;
  phone: string;
  /** What the demo user is for, printed by `npm start`. */
  purpose: string;
  building?: string;
  roles?: RoleGrant[];
}

export const demoUsers: DemoUser[] = [
  {
    openid: 'demo-resident',
    name: '张桂兰',
    phone: '13893700001',
    purpose: '居民（雄关社区 德轩小区1号楼）',
    building: 'bd-dexuan-1',
  },
  {
    openid: 'demo-party-member',
    name: '李建国',
    phone: '13893700002',
    purpose: '在职党员（雄关社区双报到）',
    building: 'bd-dexuan-3',
    roles: [{ role: 'party_member', scopeType: 'community', scopeId: 'cm-xiongguan', scopeName: '雄关社区' }],
  },
  {
    openid: 'demo-unit-member',
    name: '王师傅',
    phone: '13893700003',
    purpose: '单位人员（德轩物业）',
    roles: [
      {
        role: 'unit_member',
        scopeType: 'unit',
        scopeId: 'un-dexuan-property',
        scopeName: '德轩物业服务有限公司',
        title: '维修班长',
      },
    ],
  },
  {
    openid: 'demo-department-member',
    name: '周强',
    phone: '13893700009',
    purpose: '职能部门人员（市住房和城乡建设局，部门报到）',
    roles: [
      {
        role: 'unit_member',
        scopeType: 'unit',
        scopeId: 'un-housing-dept',
        scopeName: '市住房和城乡建设局',
        title: '物业科科员',
      },
    ],
  },
  {
    openid: 'demo-grid-worker',
    name: '赵丽',
    phone: '13893700004',
    purpose: '网格员（雄关社区第一网格）',
    roles: [
      {
        role: 'grid_worker',
        scopeType: 'grid',
        scopeId: 'gr-xiongguan-1',
        scopeName: '雄关社区第一网格',
        title: '专职网格员',
        workPhone: '0937-6221011',
      },
    ],
  },
  {
    openid: 'demo-community-staff',
    name: '陈明',
    phone: '13893700005',
    purpose: '社区工作人员（雄关社区）',
    roles: [
      {
        role: 'community_staff',
        scopeType: 'community',
        scopeId: 'cm-xiongguan',
        scopeName: '雄关社区',
        title: '社区党委书记',
        workPhone: '0937-6221001',
      },
    ],
  },
  {
    openid: 'demo-street-staff',
    name: '刘芳',
    phone: '13893700006',
    purpose: '街道工作人员（雄关街道）',
    roles: [
      {
        role: 'street_staff',
        scopeType: 'street',
        scopeId: 'st-xiongguan',
        scopeName: '雄关街道',
        title: '街道综治中心主任',
        workPhone: '0937-6220001',
      },
    ],
  },
  {
    openid: 'demo-admin',
    name: '系统管理员',
    phone: '13893700007',
    purpose: '系统管理员（全市）',
    roles: [{ role: 'admin', scopeType: 'city', scopeId: 'jiayuguan', scopeName: '嘉峪关市' }],
  },
  {
    openid: 'demo-resident-changsheng',
    name: '马秀英',
    phone: '13893700008',
    purpose: '居民（昌盛社区 龙湖华庭2号楼）',
    building: 'bd-longhu-2',
  },
  {
    openid: 'demo-staff-changsheng',
    name: '孙伟',
    phone: '13893700009',
    purpose: '社区工作人员（昌盛社区）',
    roles: [
      {
        role: 'community_staff',
        scopeType: 'community',
        scopeId: 'cm-changsheng',
        scopeName: '昌盛社区',
        title: '社区主任',
        workPhone: '0937-6221002',
      },
    ],
  },
  { openid: 'demo-newcomer', name: '', phone: '', purpose: '新用户（尚未注册，用于体验首次打开）' },
];

/** Turns a demo user into the stored user, deriving the binding from the building. */
export function toUserDoc(
  user: DemoUser,
  buildingsById: Map<string, { streetId: string; communityId: string; compoundId: string; gridId: string }>,
  now: Date,
): UserDoc | null {
  if (!user.name) return null; // the newcomer has not registered yet
  const building = user.building ? buildingsById.get(user.building) : undefined;
  return {
    _id: user.openid,
    name: user.name,
    phone: user.phone,
    ...(building && {
      streetId: building.streetId,
      communityId: building.communityId,
      compoundId: building.compoundId,
      buildingId: user.building,
      gridId: building.gridId,
    }),
    roles: user.roles ?? [],
    createdAt: now,
    updatedAt: now,
  };
}
