/**
 * 「我的」 end to end: profile, roles with their scopes, my applications with their status, and the entries a
 * person may use (staff see the review and role pages of their community; residents do not).
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

const MINE = 'pages/mine/index';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
  // demo-resident applies to 双报到 in two communities; 昌盛社区's staff rejects one with a reason
  const apply = { workUnit: '市第一中学', partyOrganization: '市第一中学党支部' };
  expectOk(
    await backend.call('demo-resident', 'people', 'applyPartyMember', { communityId: 'cm-xiongguan', ...apply }),
  );
  const other = expectOk(
    await backend.call('demo-resident', 'people', 'applyPartyMember', { communityId: 'cm-changsheng', ...apply }),
  );
  expectOk(
    await backend.call('demo-staff-changsheng', 'people', 'reviewApplication', {
      applicationId: other.id,
      decision: 'reject',
      reason: '请到工作单位所在社区报到',
    }),
  );
});
afterAll(async () => {
  await backend?.close();
});

async function openMineAs(openid: string): Promise<LoadedPage> {
  wxMock = installWxMock({ storage: { localOpenid: openid } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  const page = await openPage(MINE);
  await page.waitForText('办事');
  return page;
}

const cells = (page: LoadedPage, selector: string) => page.queryAll(selector).map((c) => page.text(c));

describe('我的', () => {
  it('a resident: profile and address, applications with status, no staff entries', async () => {
    const page = await openMineAs('demo-resident');
    expect(page.text('.profile__name')).toBe('张桂兰');
    expect(page.text('.profile__phone')).toBe('13893700001'); // his own phone, in full
    expect(page.text('.profile__place')).toBe('雄关社区 · 德轩小区 · 1号楼');
    expect(page.text()).not.toContain('我的角色');

    expect(page.text()).toContain('我的申请');
    const applications = cells(page, '.application');
    expect(applications).toHaveLength(2);
    const pending = applications.find((a) => a.includes('雄关社区'))!;
    expect(pending).toContain('待审核');
    expect(pending).toContain('社区工作人员审核中');
    const rejected = applications.find((a) => a.includes('昌盛社区'))!;
    expect(rejected).toContain('未通过');
    expect(rejected).toContain('未通过：请到工作单位所在社区报到');

    const entries = cells(page, '.entry');
    expect(entries.map((e) => e.split(' ')[0])).toEqual([
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
    ]);
    expect(page.text()).not.toContain('双报到审核');
    expect(page.text()).not.toContain('人员与角色');
    expect(page.query('.entry-review-cm-xiongguan')).toBeUndefined();

    await page.tap('.entry-rebind');
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: '/pages/onboarding/index' }]);
  });

  it('community staff: the role with its scope and the entries to the pending applications and roles', async () => {
    const page = await openMineAs('demo-community-staff');
    expect(page.text('.profile__name')).toBe('陈明');
    expect(page.text('.profile__place')).toBe('尚未绑定社区');
    expect(page.text()).toContain('我的角色');
    expect(cells(page, '.role')).toEqual(['社区党委书记 雄关社区']);
    expect(page.text()).not.toContain('我的申请');

    expect(page.text('.entry-review-cm-xiongguan')).toContain('双报到审核');
    expect(page.text('.entry-review-cm-xiongguan')).toContain('雄关社区');
    await page.tap('.entry-queue-cm-xiongguan');
    await page.tap('.entry-review-cm-xiongguan');
    await page.tap('.entry-roles-cm-xiongguan');
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/staff/queue/index?communityId=cm-xiongguan' },
      { type: 'navigateTo', url: '/pages/staff/applications/index?communityId=cm-xiongguan' },
      { type: 'navigateTo', url: '/pages/staff/roles/index?communityId=cm-xiongguan' },
    ]);
  });

  it('a party member and a grid worker see their roles and scopes (no title → the role’s name)', async () => {
    let page = await openMineAs('demo-party-member');
    expect(cells(page, '.role')).toEqual(['在职党员 雄关社区']);
    expect(page.query('.entry-review-cm-xiongguan')).toBeUndefined();
    // 党员领单: the task hall of his community, his tasks, his points
    await page.tap('.entry-hall-cm-xiongguan');
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/volunteer/hall/index?communityId=cm-xiongguan' },
    ]);
    expect(page.text()).toContain('我的积分');
    page.detach();

    page = await openMineAs('demo-grid-worker');
    expect(cells(page, '.role')).toEqual(['专职网格员 雄关社区第一网格']);
    expect(page.text()).not.toContain('双报到审核');
  });

  it('an unregistered person is offered 注册 only', async () => {
    const page = await openMineAs('demo-newcomer');
    expect(page.text('.profile__name')).toBe('未注册用户');
    expect(page.text('.profile__place')).toBe('尚未绑定社区');
    expect(cells(page, '.entry').map((e) => e.split(' ')[0])).toEqual(['注册']);
    await page.tap('.entry-register');
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: '/pages/onboarding/index' }]);
  });

  it('local mode: the demo identity switch marks the current user and switches to another', async () => {
    const page = await openMineAs('demo-resident');
    const current = page.queryAll('.demo-user').filter((c) => page.text(c).includes('当前'));
    expect(current.map((c) => page.text(c))).toEqual([expect.stringContaining('张桂兰')]);

    const staff = page.queryAll('.demo-user').find((c) => page.text(c).startsWith('陈明'))!;
    await page.tap(staff);
    await page.waitForText('我的角色');
    expect(wxMock.storage.get('localOpenid')).toBe('demo-community-staff');
    expect(page.text('.profile__name')).toBe('陈明');
    expect(page.text()).toContain('双报到审核');
    expect(wxMock.toasts).toContainEqual({ title: '已切换身份', icon: 'success' });
  });

  it('coming back to the tab shows what changed meanwhile (onShow reloads)', async () => {
    const page = await openMineAs('demo-resident');
    expect(cells(page, '.application').find((a) => a.includes('雄关社区'))).toContain('待审核');
    const pending = expectOk(
      await backend.call('demo-community-staff', 'people', 'listPendingApplications', { communityId: 'cm-xiongguan' }),
    );
    expectOk(
      await backend.call('demo-community-staff', 'people', 'reviewApplication', {
        applicationId: pending.items.find((a) => a.applicant?.name === '张桂兰')!.id,
        decision: 'approve',
      }),
    );
    await page.onHide();
    await page.onShow();
    await page.waitFor(() => cells(page, '.application').some((a) => a.includes('已通过')));
    expect(cells(page, '.application').find((a) => a.includes('雄关社区'))).toContain('已成为该社区报到党员');
    expect(cells(page, '.role')).toEqual(['在职党员 雄关社区']);
  });

  it('大字模式: the switch enlarges the text of this page and of every page opened after, and is remembered', async () => {
    const page = await openMineAs('demo-resident');
    expect(page.instance.data.rootFontSize).toBe('system');
    await page.tap('.large-text-switch');
    expect(page.instance.data.rootFontSize).toBe('24px');
    expect(wxMock.storage.get('jmt.textSize')).toBe('large');
    const again = await openPage(MINE);
    expect(again.instance.data.rootFontSize).toBe('24px');
    await again.tap('.large-text-switch');
    expect([page.instance.data.rootFontSize, again.instance.data.rootFontSize]).toEqual(['system', 'system']);
  });

  it('backend down: an understandable error instead of the profile', async () => {
    wxMock = installWxMock({ storage: { localOpenid: 'demo-resident' } });
    wxMock.setRequestHandler(forwardRequestsTo('http://127.0.0.1:1'));
    const page = await openPage(MINE);
    await page.waitForText('连不上本地服务');
    expect(page.text()).not.toContain('办事');
  });

  it('keeps setData small', () => {
    const largest = getLargestSetData();
    expect(largest!.bytes).toBeLessThan(256 * 1024);
    console.log(`mine: largest page setData ${largest!.bytes} bytes (${largest!.keys.join(',')})`);
  });
});
