/**
 * 注册 end to end: privacy consent first, then community → compound → building (with search), then name and
 * phone; submitting registers through the real `people` function, and the stored user holds the binding.
 */
import { PRIVACY_GUIDE_VERSION } from '../../miniprogram/shared/privacy';
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

const ONBOARDING = 'pages/onboarding/index';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(async () => {
  await backend?.close();
});

const as = (openid: string, storage: Record<string, unknown> = {}) => {
  wxMock = installWxMock({ storage: { localOpenid: openid, ...storage } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
};
const consented = { privacyConsentVersion: PRIVACY_GUIDE_VERSION };

const choices = (page: LoadedPage) => page.queryAll('.choice').map((c) => page.text(c));
const names = (page: LoadedPage) => choices(page).map((c) => c.split(' ')[0]);

async function choose(page: LoadedPage, name: string, nextTitle: string) {
  const cell = page.queryAll('.choice').find((c) => page.text(c).startsWith(name));
  if (!cell) throw new Error(`no choice ${name} among ${choices(page).join(' | ')}`);
  await page.tap(cell);
  await page.waitFor(() => page.text('.step-title') === nextTitle && !page.data.s.loading, {
    message: `step ${nextTitle}`,
  });
}

/** The value a t-input shows (its own data: the native input's value is not in the DOM). */
const inputValue = (page: LoadedPage, selector: string) =>
  (page.get(selector) as unknown as { data: { value?: string } }).data.value;

const requestedActions = () => wxMock.requests.map((r) => (r.data as { action: string }).action);

describe('注册', () => {
  it('asks for consent before anything: no request, no privacy-related API, nothing stored', async () => {
    as('demo-newcomer');
    const page = await openPage(ONBOARDING);
    expect(page.text('.step-title')).toBe('隐私保护指引');
    expect(page.text()).toContain('同意并继续');
    expect(page.text()).toContain('《隐私保护指引》');
    expect(wxMock.requests).toEqual([]);
    expect(wxMock.privacyCalls()).toEqual([]);
    expect(wxMock.storage.has('privacyConsentVersion')).toBe(false);
    expect(await backend.doc('users', 'demo-newcomer')).toBeUndefined();
  });

  it('newcomer: agrees, picks community → compound → building with search, validates, registers', async () => {
    as('demo-newcomer');
    const page = await openPage(ONBOARDING);

    await page.tap('.agree');
    expect(wxMock.storage.get('privacyConsentVersion')).toBe(PRIVACY_GUIDE_VERSION);
    await page.waitFor(() => choices(page).length > 0);
    expect(page.text('.step-title')).toBe('选择您所在的社区');
    // every community, each with its street as a hint
    expect(choices(page).sort()).toEqual(
      [
        '雄关社区 雄关街道',
        '昌盛社区 雄关街道',
        '紫轩社区 雄关街道',
        '建设社区 钢城街道',
        '铁南社区 钢城街道',
        '紫亭社区 党城湾镇',
      ].sort(),
    );

    // the search filters by name and by street, and says so when nothing matches
    await page.input('.search', '紫');
    expect(names(page).sort()).toEqual(['紫亭社区', '紫轩社区'].sort());
    await page.input('.search', '钢城');
    expect(names(page).sort()).toEqual(['建设社区', '铁南社区'].sort());
    await page.input('.search', '没有这个社区');
    expect(choices(page)).toEqual([]);
    expect(page.text()).toContain('没有找到，换个关键词试试');
    await page.input('.search', '雄关社区');
    expect(names(page)).toEqual(['雄关社区']);

    await choose(page, '雄关社区', '选择小区');
    expect(page.data.s.keyword).toBe(''); // a new step starts with an empty search
    expect(names(page)).toEqual(['德轩小区']);

    await choose(page, '德轩小区', '选择楼栋');
    expect(names(page)).toEqual(['1号楼', '2号楼', '3号楼', '4号楼']);
    await page.input('.search', '3');
    expect(names(page)).toEqual(['3号楼']);

    await choose(page, '3号楼', '填写您的信息');
    expect(page.text('.chosen')).toBe('雄关社区 · 德轩小区 · 3号楼');

    // bad input: errors shown under the fields, nothing sent
    const before = wxMock.requests.length;
    await page.tap('.submit');
    expect(page.text('.name')).toContain('请填写姓名');
    await page.input('.name', '周小梅');
    expect(page.text('.name')).not.toContain('请填写姓名'); // typing clears the error
    await page.input('.phone', '12345');
    await page.tap('.submit');
    expect(page.text('.phone')).toContain('请输入11位手机号');
    expect(page.text('.name')).not.toContain('请填写姓名');
    expect(wxMock.requests.length).toBe(before);

    await page.input('.phone', '13912345678');
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(wxMock.toasts).toContainEqual({ title: '注册成功', icon: 'success' });
    expect(wxMock.navigations).toEqual([{ type: 'switchTab', url: '/pages/home/index' }]);
    // at the last step the page asked who the caller is (nothing to prefill for a newcomer)
    expect(requestedActions()).toEqual(['listCommunities', 'listCompounds', 'listBuildings', 'getProfile', 'register']);

    const user = await backend.doc('users', 'demo-newcomer');
    expect(user).toMatchObject({
      name: '周小梅',
      phone: '13912345678',
      streetId: 'st-xiongguan',
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: 'bd-dexuan-3',
      gridId: 'gr-xiongguan-2',
      roles: [],
      privacyConsentVersion: PRIVACY_GUIDE_VERSION,
    });
    expect(user!.bindingHistory).toEqual([expect.objectContaining({ buildingId: 'bd-dexuan-3' })]);

    // and the 首页 now knows where this person lives
    const home = expectOk(await backend.call('demo-newcomer', 'community', 'getHome', {}));
    expect(home.community?.name).toBe('雄关社区');
  });

  it('a later visit skips the consent step; 上一步 goes back a step', async () => {
    as('demo-newcomer', consented);
    const page = await openPage(ONBOARDING);
    await page.waitFor(() => choices(page).length > 0);
    expect(page.text('.step-title')).toBe('选择您所在的社区');
    await choose(page, '昌盛社区', '选择小区');
    await page.tap('.back');
    await page.waitFor(() => page.text('.step-title') === '选择您所在的社区' && choices(page).length === 6);
  });

  it('re-binding to another community: name and phone are kept, the binding changes, the move is recorded', async () => {
    as('demo-newcomer', consented);
    const page = await openPage(ONBOARDING);
    await page.waitFor(() => choices(page).length > 0);
    await choose(page, '昌盛社区', '选择小区');
    await choose(page, '龙湖华庭', '选择楼栋');
    await choose(page, '2号楼', '填写您的信息');
    expect(page.text('.chosen')).toBe('昌盛社区 · 龙湖华庭 · 2号楼');
    // the registered person's name and phone are filled in (moving house must not erase the phone)
    await page.waitFor(() => page.data.s.name === '周小梅');
    expect(page.data.s.phone).toBe('13912345678');
    // what the tdesign inputs show
    expect(inputValue(page, '.name')).toBe('周小梅');
    expect(inputValue(page, '.phone')).toBe('13912345678');
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(wxMock.navigations).toEqual([{ type: 'switchTab', url: '/pages/home/index' }]);

    const user = await backend.doc('users', 'demo-newcomer');
    expect(user).toMatchObject({
      name: '周小梅',
      phone: '13912345678',
      communityId: 'cm-changsheng',
      compoundId: 'cp-longhu',
      buildingId: 'bd-longhu-2',
    });
    expect(user!.bindingHistory).toEqual([
      expect.objectContaining({ communityId: 'cm-xiongguan', buildingId: 'bd-dexuan-3' }),
      expect.objectContaining({ communityId: 'cm-changsheng', buildingId: 'bd-longhu-2' }),
    ]);
    expect(wxMock.privacyCalls()).toEqual([]);
  });

  it('a seeded resident moving house: the binding changes and the move is in the history', async () => {
    as('demo-resident', consented);
    const page = await openPage(ONBOARDING);
    await page.waitFor(() => choices(page).length > 0);
    await choose(page, '建设社区', '选择小区');
    await choose(page, '东湖怡园', '选择楼栋');
    await choose(page, '4号楼', '填写您的信息');
    await page.waitFor(() => page.data.s.name === '张桂兰');
    await page.input('.phone', ''); // he no longer wants to give a phone
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);

    const user = await backend.doc('users', 'demo-resident');
    expect(user).toMatchObject({
      name: '张桂兰',
      phone: '',
      communityId: 'cm-jianshe',
      buildingId: 'bd-donghu-4',
      gridId: 'gr-jianshe-2',
    });
    // the old address is kept even though the seeded user had no history yet
    expect(user!.bindingHistory).toEqual([
      expect.objectContaining({ buildingId: 'bd-dexuan-1' }),
      expect.objectContaining({ buildingId: 'bd-donghu-4' }),
    ]);
  });

  it('keeps setData small', () => {
    const largest = getLargestSetData();
    expect(largest!.bytes).toBeLessThan(256 * 1024);
    console.log(`onboarding: largest page setData ${largest!.bytes} bytes (${largest!.keys.join(',')})`);
  });
});
