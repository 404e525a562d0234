/**
 * 积分超市 (pages/volunteer/shop) end to end: the page on the real local backend (a child process) with npm start's
 * sample activity — 雄关社区's catalogue, 李建国's 120 points and one 洗衣液 he redeemed (30) — as 李建国.
 */
import { displayCode } from '../../miniprogram/shared/shop/pickup';
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const VOLUNTEER = 'demo-party-member';
const SHOP = 'pages/volunteer/shop/index';

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend(30_000, { activity: true });
});
afterAll(() => backend?.close());

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: VOLUNTEER } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
});

let page: LoadedPage;
async function openShop(query: Record<string, string> = {}) {
  page = await openPage(SHOP, query);
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const itemIndex = (name: string) => page.data.vm.items.findIndex((c: { name: string }) => c.name === name);
const itemCard = (name: string) => page.queryAll('.item')[itemIndex(name)];

describe('积分超市', () => {
  it('shows his points and the items with price and stock; what he cannot afford or is gone cannot be tapped', async () => {
    await openShop();
    expect(page.text('.points')).toBe('可用积分 90');
    expect(page.text(itemCard('洗衣液'))).toContain('30 积分');
    expect(page.text(itemCard('洗衣液'))).toContain('剩 9 件');
    expect(page.text(itemCard('保温杯'))).toContain('已兑完');
    const rice = page.data.vm.items.find((c: { name: string }) => c.name === '东北大米');
    expect(rice).toMatchObject({ canRedeem: true, buttonText: '兑换' });
    const cup = page.data.vm.items.find((c: { name: string }) => c.name === '保温杯');
    expect(cup).toMatchObject({ canRedeem: false, buttonText: '已兑完' });
  });

  it('redeems after a confirmation and shows the new pickup code big on 我的兑换; cancelling gives the points back', async () => {
    await openShop();
    const redeem = () => page.tap(page.queryAll('.redeem')[itemIndex('雨伞')]);
    wxMock.setModalAnswer(false);
    await redeem();
    await page.waitFor(() => wxMock.modals.length === 1);
    expect(wxMock.modals[0].content).toBe('用 40 积分兑换「雨伞」？兑换后剩 50 积分，凭领取码到社区领取。');
    expect((await backend.docs('redemptions')).length).toBe(1);

    wxMock.setModalAnswer(true);
    await redeem();
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '兑换成功'));
    await page.waitFor(() => page.data.vm.tab === 'mine' && page.data.vm.state === 'ready');
    const stored = (await backend.docs('redemptions')).find((r) => r.itemName === '雨伞')!;
    const first = page.queryAll('.redemption')[0];
    expect(page.text(first)).toContain('雨伞');
    expect(page.text(first)).toContain('待领取');
    expect(page.text(page.queryAll('.code__value')[0])).toBe(displayCode(stored.code));

    wxMock.setModalAnswer(true);
    await page.tap(page.queryAll('.cancel')[0]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已取消，积分已退回'));
    expect(page.text(page.queryAll('.redemption')[0])).toContain('已取消');
    // the code is shown only while it waits: the one left is the 洗衣液 redeemed before
    expect(page.queryAll('.code__value')).toHaveLength(1);
    expect(expectOk(await backend.call(VOLUNTEER, 'shop', 'listItems', {})).spendable).toBe(90);
  });

  it('says so when the catalogue is empty, and when the list fails to load offers a retry', async () => {
    wxMock.setRequestHandler(() => ({
      statusCode: 200,
      data: { ok: false, error: { code: 'INTERNAL', message: '' } },
    }));
    await openShop();
    expect(page.text()).toContain('重新加载');
    wxMock.setRequestHandler(() => ({
      statusCode: 200,
      data: { ok: true, data: { items: [], nextCursor: null, communityId: 'cm-x', spendable: 0, manages: false } },
    }));
    await page.tap('.retry');
    await page.waitForText('社区还没有上架可兑换的物品');
  });
});
