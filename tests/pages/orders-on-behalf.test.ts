/**
 * 代办下单 end to end: the order form opened for staff (`onBehalf=<community or grid>`) → services → the real
 * `orders` function on a fresh seeded store. Staff find a member or record a resident by name and phone, then fill
 * in the resident's own form.
 */
import { startPageBackend, type PageBackend, type StoredDoc } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';

const NEW = 'pages/orders/new/index';

let backend: PageBackend;
let wxMock: WxMock;

beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(async () => {
  await backend?.close();
});

const as = (openid: string) => {
  wxMock = installWxMock({ storage: { localOpenid: openid } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
};

const sent = (action: string) =>
  wxMock.requests.filter((r) => (r.data as { action?: string } | undefined)?.action === action);

const ordersWith = async (description: string): Promise<StoredDoc[]> =>
  (await backend.docs('orders')).filter((o) => o.description === description);

async function openIntake(scopeId: string): Promise<LoadedPage> {
  const page = await openPage(NEW, { onBehalf: scopeId });
  await page.waitForText('紧急求助');
  return page;
}

describe('代办下单', () => {
  it('staff find a member by name and take his order down by phone: it is his', async () => {
    as('demo-community-staff');
    const page = await openIntake('cm-xiongguan');
    expect(wxMock.calls.some((c) => c.api === 'setNavigationBarTitle')).toBe(true);
    expect(page.text('.channel')).toContain('电话代办');
    expect(page.text('.channel')).toContain('窗口代办');
    // The community's residents, each with his building and phone to tell namesakes apart.
    await page.waitFor(() => page.queryAll('.resident').length > 0);
    expect(page.text()).toContain('张桂兰');
    expect(page.text()).toContain('1号楼 · 13893700001');
    expect(page.text('.building')).toContain('选择居民后为其所住楼栋');

    await page.input('.keyword', '桂兰');
    await page.tap('.search');
    await page.waitFor(() => page.queryAll('.resident').length === 1);
    await page.tap('.resident-0');
    expect(page.text('.building')).toContain('1号楼');

    // A matter for his compound's property company goes to the complaint form, for him.
    await page.tap('.complain-for');
    expect(wxMock.navigations.at(-1)).toEqual({
      type: 'navigateTo',
      url: '/pages/complaints/new/index?channel=phone&memberId=demo-resident&name=%E5%BC%A0%E6%A1%82%E5%85%B0&building=1%E5%8F%B7%E6%A5%BC&communityId=cm-xiongguan&compoundId=cp-dexuan&buildingId=bd-dexuan-1',
    });
    wxMock.navigations.length = 0;

    const description = '老人来电：卫生间水管漏水';
    await page.tap('.category-water_supply');
    await page.input('.description', description);
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);

    const [order] = await ordersWith(description);
    expect(order).toMatchObject({
      residentId: 'demo-resident',
      residentName: '张桂兰',
      buildingId: 'bd-dexuan-1',
      channel: 'phone',
      takenBy: { id: 'demo-community-staff', name: '陈明', role: 'community_staff', resident: 'member' },
    });
    expect(wxMock.navigations).toEqual([
      { type: 'redirectTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(order._id)}` },
    ]);
    // Staff wait for nothing: no subscription is asked.
    expect(wxMock.calls.some((c) => c.api === 'requestSubscribeMessage')).toBe(false);
  });

  it('a grid worker records a resident who is not registered: name, phone and a building of his grid', async () => {
    as('demo-grid-worker');
    const page = await openIntake('gr-xiongguan-1');
    await page.tap(page.queryAll('.channel >>> .t-radio-option')[1]); // 窗口代办
    await page.tap(page.queryAll('.whom >>> .t-radio-option')[1]); // 未注册居民
    expect(page.text()).toContain('姓名电话仅本社区工作人员可见');

    const description = '来访反映：楼道灯坏了好几天';
    await page.tap('.category-water_supply');
    await page.input('.description', description);
    await page.tap('.submit');
    // Nothing chosen yet: said under each field, nothing sent.
    expect(page.data.whomErrors).toMatchObject({
      name: '请填写姓名',
      phone: '请输入11位手机号',
      building: '请选择楼栋',
    });
    expect(page.text('.error-building')).toBe('请选择楼栋');
    expect(sent('createOnBehalf')).toHaveLength(0);

    await page.input('.recorded-name', '马大爷');
    await page.input('.recorded-phone', '13912345678');
    await page.tap('.building');
    // Only the buildings of his grid.
    expect(page.queryAll('.building-option').map((b) => page.text(b))).toEqual(['德轩小区 1号楼', '德轩小区 2号楼']);
    await page.tap('.building-bd-dexuan-2');
    expect(page.text('.building')).toContain('德轩小区 2号楼');
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);

    const [order] = await ordersWith(description);
    expect(order).toMatchObject({
      residentId: '',
      residentName: '马大爷',
      residentPhone: '13912345678',
      buildingId: 'bd-dexuan-2',
      channel: 'in_person',
      takenBy: { name: '赵丽', role: 'grid_worker', resident: 'recorded' },
    });
  });
});
