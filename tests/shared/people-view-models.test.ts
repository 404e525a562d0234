import {
  checkDetails,
  filterChoices,
  initialOnboarding,
  previousStep,
} from '../../miniprogram/pages/onboarding/view-model';
import { toMineViewModel } from '../../miniprogram/pages/mine/view-model';
import { checkApply } from '../../miniprogram/pages/people/apply/view-model';
import type { Application, Profile } from '../../miniprogram/shared/api/people';

describe('onboarding', () => {
  it('starts with the privacy guide until the person has agreed to it', () => {
    expect(initialOnboarding(false).step).toBe('privacy');
    expect(initialOnboarding(true).step).toBe('community');
  });

  it('never steps back into the privacy guide', () => {
    expect(previousStep('community')).toBeNull();
    expect(previousStep('compound')).toBe('community');
    expect(previousStep('details')).toBe('building');
  });

  it('finds a community by its name or its street', () => {
    const options = [
      { id: 'a', name: '雄关社区', hint: '雄关街道' },
      { id: 'b', name: '建设社区', hint: '钢城街道' },
    ];
    expect(filterChoices(options, '建设').map((o) => o.id)).toEqual(['b']);
    expect(filterChoices(options, '钢城').map((o) => o.id)).toEqual(['b']);
    expect(filterChoices(options, ' ')).toHaveLength(2);
  });

  it("checks name and phone with the server's own rules, phone being optional", () => {
    expect(checkDetails('', '')).toMatchObject({ ok: false, nameError: '请填写姓名' });
    expect(checkDetails('周大爷', '')).toMatchObject({ ok: true });
    expect(checkDetails('周大爷', '1381234')).toMatchObject({ ok: false, phoneError: '请输入11位手机号' });
  });
});

const profile: Profile = {
  registered: true,
  name: '陈明',
  phone: '13893700005',
  photoFolder: 'photos/demo-community-staff',
  binding: {
    street: { id: 'st', name: '雄关街道' },
    community: { id: 'cm-xiongguan', name: '雄关社区' },
    grid: { id: 'g', name: '第一网格' },
    compound: { id: 'c', name: '德轩小区' },
    building: { id: 'b', name: '1号楼' },
  },
  roles: [
    {
      role: 'community_staff',
      roleLabel: '社区工作人员',
      scopeType: 'community',
      scopeId: 'cm-xiongguan',
      scopeName: '雄关社区',
      title: '社区党委书记',
    },
  ],
};

describe('我的', () => {
  it('shows roles with their scope and offers staff their review and role pages', () => {
    const vm = toMineViewModel(profile, [], null, null);
    expect(vm.roles).toEqual([{ key: 'community_staff-cm-xiongguan', label: '社区党委书记', scope: '雄关社区' }]);
    expect(vm.entries.map((e) => e.title)).toEqual([
      '我要下单',
      '我的工单',
      '我要投诉',
      '我的投诉',
      '物业信用评价',
      '议事会',
      '群众说事',
      '我的报名',
      '申请双报到',
      '更换住址',
      '工作台',
      '社区发单',
      '代办下单',
      '升级投诉',
      '投诉热点',
      '议事会组织',
      '议题征集',
      '物业信用排名',
      '双报到审核',
      '人员与角色',
      '积分超市管理',
      '数据导出',
    ]);
    expect(vm.entries.find((e) => e.title === '双报到审核')!.url).toBe(
      '/pages/staff/applications/index?communityId=cm-xiongguan',
    );
    expect(vm.entries.find((e) => e.title === '代办下单')!.url).toBe('/pages/orders/new/index?onBehalf=cm-xiongguan');
  });

  it('offers an unregistered person only to register', () => {
    const vm = toMineViewModel(
      { registered: false, name: '', phone: '', binding: null, roles: [], photoFolder: 'photos/demo-newcomer' },
      [],
      null,
      null,
    );
    expect(vm.name).toBe('未注册用户');
    expect(vm.entries.map((e) => e.url)).toEqual(['/pages/onboarding/index']);
  });

  it('tells an applicant why he was not approved', () => {
    const rejected: Application = {
      id: 'pa_1',
      community: { id: 'cm', name: '雄关社区' },
      workUnit: 'x',
      partyOrganization: 'y',
      status: 'rejected',
      statusLabel: '未通过',
      reason: '请补充证明',
      createdAt: '2026-11-01T00:00:00.000Z',
      reviewedAt: '2026-11-02T00:00:00.000Z',
      actions: [],
    };
    const vm = toMineViewModel(profile, [rejected], null, null);
    expect(vm.applications[0]).toMatchObject({ statusLabel: '未通过', theme: 'danger', note: '未通过：请补充证明' });
  });
});

describe('双报到 form', () => {
  it('asks for a community, a work unit and a party organisation', () => {
    expect(checkApply({ communityId: '', workUnit: '', partyOrganization: '支部' })).toMatchObject({
      communityId: '请选择报到的社区',
      workUnit: '请至少填写2个字',
    });
    expect(
      checkApply({ communityId: 'cm-xiongguan', workUnit: '市自然资源局', partyOrganization: '机关党支部' }),
    ).toEqual({});
  });
});
