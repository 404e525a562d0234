import { roleActionLabel } from '../../../miniprogram/shared/roles';
import { registration as registrationInput } from '../../factories/people';
import { expectOk, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();

const registration = registrationInput({ phone: '13912345678' });

describe('registration 注册与换绑', () => {
  it('makes a newcomer a resident of the community he picks', async () => {
    const profile = expectOk(await backend.call('demo-newcomer', 'people', 'register', registration));
    expect(profile).toMatchObject({
      registered: true,
      name: '周大爷',
      phone: '13912345678',
      binding: {
        community: { name: '雄关社区' },
        compound: { name: '德轩小区' },
        building: { name: '2号楼' },
        grid: { name: '雄关社区第一网格' },
      },
      roles: [],
    });
    const home = expectOk(await backend.call('demo-newcomer', 'community', 'getHome', {}));
    expect(home.community?.name).toBe('雄关社区');
  });

  it('lets a resident move to another community and records the move', async () => {
    expectOk(await backend.call('demo-newcomer', 'people', 'register', registration));
    const moved = expectOk(
      await backend.call('demo-newcomer', 'people', 'register', {
        ...registration,
        communityId: 'cm-changsheng',
        compoundId: 'cp-longhu',
        buildingId: 'bd-longhu-1',
      }),
    );
    expect(moved.binding?.community.name).toBe('昌盛社区');
    const stored = backend.store.dump().users.find((u) => u._id === 'demo-newcomer') as
      { bindingHistory: Array<{ communityId: string }> } | undefined;
    expect(stored?.bindingHistory.map((b: { communityId: string }) => b.communityId)).toEqual([
      'cm-xiongguan',
      'cm-changsheng',
    ]);
  });

  it.each([
    ['an unknown community', { communityId: 'cm-nowhere' }, 'NOT_FOUND'],
    ['an unknown building', { buildingId: 'bd-nowhere' }, 'NOT_FOUND'],
    ['a building in another compound', { buildingId: 'bd-longhu-1' }, 'VALIDATION_FAILED'],
    ['a compound of another community', { compoundId: 'cp-longhu', buildingId: 'bd-longhu-1' }, 'VALIDATION_FAILED'],
    ['a malformed phone', { phone: '12345' }, 'VALIDATION_FAILED'],
    ['an empty name', { name: '   ' }, 'VALIDATION_FAILED'],
  ])('refuses %s and changes nothing', async (_label, change, code) => {
    const before = backend.store.dump();
    const res = await backend.call('demo-newcomer', 'people', 'register', { ...registration, ...change });
    expect(res).toMatchObject({ ok: false, error: { code } });
    expect(backend.store.dump()).toEqual(before);
  });
  it('keeps the old address of a resident registered before the history began when he moves', async () => {
    expectOk(
      await backend.call('demo-resident', 'people', 'register', {
        ...registration,
        name: '张桂兰',
        communityId: 'cm-changsheng',
        compoundId: 'cp-longhu',
        buildingId: 'bd-longhu-1',
      }),
    );
    const stored = backend.store.dump().users.find((u) => u._id === 'demo-resident') as
      { bindingHistory: Array<{ buildingId: string }> } | undefined;
    expect(stored?.bindingHistory.map((b) => b.buildingId)).toEqual(['bd-dexuan-1', 'bd-longhu-1']);
  });
});

describe('双报到 party-member registration', () => {
  const application = {
    communityId: 'cm-xiongguan',
    workUnit: '市自然资源局',
    partyOrganization: '市自然资源局机关党支部',
  };

  it('a resident applies; the staff of that community approve; he becomes a party member there', async () => {
    const applied = expectOk(await backend.call('demo-resident', 'people', 'applyPartyMember', application));
    expect(applied).toMatchObject({ status: 'pending', statusLabel: '待审核', community: { name: '雄关社区' } });

    const pending = expectOk(
      await backend.call('demo-community-staff', 'people', 'listPendingApplications', { communityId: 'cm-xiongguan' }),
    );
    // Staff of the applicant's community see his name and phone in full: they need them to check.
    expect(pending.items).toEqual([
      expect.objectContaining({ id: applied.id, applicant: { name: '张桂兰', phone: '13893700001' } }),
    ]);

    const reviewed = expectOk(
      await backend.call('demo-community-staff', 'people', 'reviewApplication', {
        applicationId: applied.id,
        decision: 'approve',
      }),
    );
    expect(reviewed.status).toBe('approved');

    const profile = expectOk(await backend.call('demo-resident', 'people', 'getProfile', {}));
    expect(profile.roles).toEqual([expect.objectContaining({ role: 'party_member', scopeName: '雄关社区' })]);
    const mine = expectOk(await backend.call('demo-resident', 'people', 'listMyApplications', {}));
    expect(mine).toEqual([expect.objectContaining({ status: 'approved', statusLabel: '已通过' })]);
    expect(mine[0].applicant).toBeUndefined();

    const events = expectOk(
      await backend.call('demo-community-staff', 'people', 'listRoleEvents', { communityId: 'cm-xiongguan' }),
    );
    expect(events.items[0]).toMatchObject({
      kind: 'grant',
      role: 'party_member',
      userName: '张桂兰',
      byName: '陈明',
      reason: '双报到审核通过',
    });
  });

  it('a rejection carries a reason the applicant sees, and he may apply again', async () => {
    const applied = expectOk(await backend.call('demo-resident', 'people', 'applyPartyMember', application));
    const noReason = await backend.call('demo-community-staff', 'people', 'reviewApplication', {
      applicationId: applied.id,
      decision: 'reject',
    });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expectOk(
      await backend.call('demo-community-staff', 'people', 'reviewApplication', {
        applicationId: applied.id,
        decision: 'reject',
        reason: '请补充党组织关系证明',
      }),
    );
    const [mine] = expectOk(await backend.call('demo-resident', 'people', 'listMyApplications', {}));
    expect(mine).toMatchObject({ status: 'rejected', reason: '请补充党组织关系证明' });

    const again = expectOk(await backend.call('demo-resident', 'people', 'applyPartyMember', application));
    expect(again.status).toBe('pending');
  });

  it('refuses a second application while one is pending, even sent twice at once', async () => {
    const results = await Promise.all([
      backend.call('demo-resident', 'people', 'applyPartyMember', application),
      backend.call('demo-resident', 'people', 'applyPartyMember', application),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(backend.store.dump().applications).toHaveLength(1);
  });

  it('refuses approval by staff of another community, and a second review', async () => {
    const applied = expectOk(await backend.call('demo-resident', 'people', 'applyPartyMember', application));
    const before = backend.store.dump();
    const foreign = await backend.call('demo-staff-changsheng', 'people', 'reviewApplication', {
      applicationId: applied.id,
      decision: 'approve',
    });
    // As if there were none: he may not learn who applied (tests/functions/existence.test.ts).
    expect(foreign).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(backend.store.dump()).toEqual(before);

    expectOk(
      await backend.call('demo-community-staff', 'people', 'reviewApplication', {
        applicationId: applied.id,
        decision: 'approve',
      }),
    );
    const twice = await backend.call('demo-community-staff', 'people', 'reviewApplication', {
      applicationId: applied.id,
      decision: 'reject',
      reason: '重复',
    });
    expect(twice).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });
});

describe('granting and revoking roles', () => {
  it('community staff make a resident the grid worker of a grid in their community, and it is recorded', async () => {
    const member = expectOk(
      await backend.call('demo-community-staff', 'people', 'grantRole', {
        userId: 'demo-resident',
        role: 'grid_worker',
        scopeId: 'gr-xiongguan-2',
        title: '兼职网格员',
        workPhone: '0937-6221012',
        reason: '第二网格缺网格员',
      }),
    );
    expect(member.roles).toEqual([
      expect.objectContaining({ role: 'grid_worker', scopeName: '雄关社区第二网格', title: '兼职网格员' }),
    ]);

    backend.setNow(new Date('2026-11-20T10:00:00+08:00'));
    const revoked = expectOk(
      await backend.call('demo-community-staff', 'people', 'revokeRole', {
        userId: 'demo-resident',
        role: 'grid_worker',
        scopeId: 'gr-xiongguan-2',
        reason: '已调离',
      }),
    );
    expect(revoked.roles).toEqual([]);
    const events = expectOk(
      await backend.call('demo-community-staff', 'people', 'listRoleEvents', { communityId: 'cm-xiongguan' }),
    );
    expect(events.items.map((e) => [e.kind, e.reason, e.byName])).toEqual([
      ['revoke', '已调离', '陈明'],
      ['grant', '第二网格缺网格员', '陈明'],
    ]);
  });

  it.each([
    ['a grid of another community', { role: 'grid_worker', scopeId: 'gr-changsheng-1' }, 'FORBIDDEN'],
    ['a street-wide role', { role: 'street_staff', scopeId: 'st-xiongguan' }, 'FORBIDDEN'],
    ['the admin role', { role: 'admin', scopeId: 'jiayuguan' }, 'FORBIDDEN'],
    ['a unit role (units lie in no community)', { role: 'unit_member', scopeId: 'un-dexuan-property' }, 'FORBIDDEN'],
    ['an unknown grid', { role: 'grid_worker', scopeId: 'gr-nowhere' }, 'NOT_FOUND'],
  ] as const)('refuses community staff a grant for %s, writing nothing', async (_label, grant, code) => {
    const before = backend.store.dump();
    const res = await backend.call('demo-community-staff', 'people', 'grantRole', {
      userId: 'demo-resident',
      reason: '测试授权',
      ...grant,
    });
    expect(res).toMatchObject({ ok: false, error: { code } });
    expect(backend.store.dump()).toEqual(before);
  });

  it('lets street staff grant a unit role for a unit that serves the street, and an admin grant anything', async () => {
    expectOk(
      await backend.call('demo-street-staff', 'people', 'grantRole', {
        userId: 'demo-resident',
        role: 'unit_member',
        scopeId: 'un-health-center',
        reason: '卫生服务中心联络员',
      }),
    );
    expectOk(
      await backend.call('demo-admin', 'people', 'grantRole', {
        userId: 'demo-resident',
        role: 'street_staff',
        scopeId: 'st-gangcheng',
        reason: '调任',
      }),
    );
    const profile = expectOk(await backend.call('demo-resident', 'people', 'getProfile', {}));
    expect(profile.roles.map((r) => r.scopeName)).toEqual(['雄关街道社区卫生服务中心', '钢城街道']);
  });

  it('refuses granting a role the user already holds', async () => {
    const res = await backend.call('demo-community-staff', 'people', 'grantRole', {
      userId: 'demo-party-member',
      role: 'party_member',
      scopeId: 'cm-xiongguan',
      reason: '再次授予',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('members list for staff', () => {
  it("shows staff their community's residents with names and phones, searchable by name", async () => {
    const page = expectOk(
      await backend.call('demo-community-staff', 'people', 'listMembers', {
        communityId: 'cm-xiongguan',
        keyword: '张',
      }),
    );
    expect(page.items).toEqual([expect.objectContaining({ name: '张桂兰', phone: '13893700001', building: '1号楼' })]);
  });

  it('offers with each member the grants and revokes staff may make to him here, and nothing of his elsewhere', async () => {
    const labels = async (keyword: string) => {
      const page = expectOk(
        await backend.call('demo-community-staff', 'people', 'listMembers', { communityId: 'cm-xiongguan', keyword }),
      );
      return page.items[0].actions.map(roleActionLabel);
    };
    expect(await labels('张桂兰')).toEqual([
      '设为社区工作人员',
      '设为雄关社区第一网格网格员',
      '设为雄关社区第二网格网格员',
    ]);
    // 李建国 reports to 雄关社区 as a party member: that role lies in the community, so it may be revoked here.
    expect(await labels('李建国')).toEqual([
      '设为社区工作人员',
      '设为雄关社区第一网格网格员',
      '设为雄关社区第二网格网格员',
      '撤销在职党员（雄关社区）',
    ]);
  });
});

describe('the review queue', () => {
  it('offers the reviewer both decisions while an application waits, and the applicant none', async () => {
    const application = { communityId: 'cm-xiongguan', workUnit: '市自然资源局', partyOrganization: '机关党支部' };
    const applied = expectOk(await backend.call('demo-resident', 'people', 'applyPartyMember', application));
    expect(applied.actions).toEqual([]);
    const pending = expectOk(
      await backend.call('demo-community-staff', 'people', 'listPendingApplications', { communityId: 'cm-xiongguan' }),
    );
    expect(pending.items.map((item) => item.actions)).toEqual([['reject', 'approve']]);
    const reviewed = expectOk(
      await backend.call('demo-community-staff', 'people', 'reviewApplication', {
        applicationId: applied.id,
        decision: 'approve',
      }),
    );
    expect(reviewed.actions).toEqual([]);
  });
});
