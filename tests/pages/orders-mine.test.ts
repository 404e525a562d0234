/**
 * 我的工单 end to end: the page → services → wx.request → real HTTP → the real `orders` function → a fresh
 * seeded local store. Orders are arranged through the functions themselves, as the resident, staff and unit.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { loadPage, openPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

const MINE = 'pages/orders/mine/index';

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

let seq = 0;
const order = async (openid: string, categoryId: string, description: string) =>
  expectOk(
    await backend.call(openid, 'orders', 'create', { requestId: `mine-test-${++seq}-abc`, categoryId, description }),
  );

describe('我的工单', () => {
  it('an order shows its category, summary, status label in its tone and time left; 已办结 is empty', async () => {
    const created = await order('demo-resident', 'heating', '暖气片一直不热，屋里只有十四度');
    as('demo-resident');
    const page = loadPage(MINE);
    expect(page.text()).toContain('正在加载');
    await page.launch();
    await page.waitForText('供暖问题');

    const cards = page.queryAll('.order');
    expect(cards).toHaveLength(1);
    const card = page.text(cards[0]);
    expect(card).toContain('暖气片一直不热');
    expect(card).toContain('待受理');
    expect(card).toContain('1号楼');
    expect(card).toMatch(/剩余1小时|剩余\d+分钟/); // 受理 within 2 h, just created
    expect(page.html(cards[0])).toContain('t-tag--warning'); // the state's tone
    expect(card).not.toContain('发回重办');
    expect(wxMock.requests[0].data).toEqual({ action: 'listMine', payload: { filter: 'open' } });

    // 已办结: nothing yet, with a way to order
    await page.tap(page.queryAll('.tabs >>> .t-tabs__item')[1]);
    await page.waitForText('还没有已办结的工单');
    expect(page.queryAll('.order')).toHaveLength(0);
    expect(wxMock.requests.at(-1)!.data).toEqual({ action: 'listMine', payload: { filter: 'closed' } });
    await page.tap('.new-order');
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: '/pages/orders/new/index' }]);

    // back to 进行中, tap the order: its page opens
    await page.tap(page.queryAll('.tabs >>> .t-tabs__item')[0]);
    await page.waitForText('供暖问题');
    await page.tap('.order');
    expect(wxMock.navigations.at(-1)).toEqual({
      type: 'navigateTo',
      url: `/pages/orders/detail/index?id=${created.id}`,
    });
  });

  it('a cancelled order moves to 已办结; a reworked one shows 发回重办 and its new state', async () => {
    const cancelled = await order('demo-resident-changsheng', 'water_supply', '厨房水龙头一直滴水');
    expectOk(await backend.call('demo-resident-changsheng', 'orders', 'cancel', { orderId: cancelled.id }));

    const reworked = await order('demo-resident', 'water_supply', '卫生间下水道堵了');
    expectOk(
      await backend.call('demo-community-staff', 'orders', 'dispatch', {
        orderId: reworked.id,
        unitId: 'un-dexuan-property',
      }),
    );
    expectOk(await backend.call('demo-unit-member', 'orders', 'accept', { orderId: reworked.id }));
    expectOk(await backend.call('demo-unit-member', 'orders', 'complete', { orderId: reworked.id, notes: '已疏通' }));
    expectOk(await backend.call('demo-resident', 'orders', 'notFixed', { orderId: reworked.id, reason: '还是堵' }));

    as('demo-resident');
    const mine = await openPage(MINE);
    await mine.waitForText('供水排水');
    const card = mine
      .queryAll('.order')
      .map((c) => mine.text(c))
      .find((t) => t.includes('卫生间下水道堵了'))!;
    expect(card).toContain('处理中');
    expect(card).toContain('发回重办1次');

    as('demo-resident-changsheng');
    const theirs = await openPage(MINE);
    await theirs.waitForText('没有进行中的工单');
    await theirs.tap(theirs.queryAll('.tabs >>> .t-tabs__item')[1]);
    await theirs.waitForText('厨房水龙头一直滴水');
    expect(theirs.text('.order')).toContain('已撤销');
    expect(theirs.text('.order')).not.toMatch(/剩余|已超时/); // a closed order has no clock
  });

  it('loads the next page at the bottom, and says when there is no more', async () => {
    const openid = 'demo-party-member'; // a resident too, with no orders so far
    for (let i = 1; i <= 22; i += 1) await order(openid, 'cleaning', `楼道第${i}层需要打扫一下`);
    as(openid);
    const page = await openPage(MINE);
    await page.waitForText('楼道第22层');
    expect(page.queryAll('.order')).toHaveLength(20);
    expect(page.text()).not.toContain('已经到底了');

    await page.onReachBottom();
    await page.waitFor(() => page.queryAll('.order').length === 22);
    expect(page.text()).toContain('已经到底了');
    expect(page.text(page.queryAll('.order')[21])).toContain('楼道第1层');
    expect(wxMock.requests.at(-1)!.data).toEqual({ action: 'listMine', payload: { filter: 'open', cursor: 20 } });

    // at the end, reaching the bottom again asks for nothing
    const asked = wxMock.requests.length;
    await page.onReachBottom();
    expect(wxMock.requests).toHaveLength(asked);
    expect(getLargestSetData()!.bytes).toBeLessThan(32 * 1024);
  });

  it('pull to refresh shows a new order and stops the spinner', async () => {
    as('demo-resident-changsheng'); // only a cancelled order so far
    const page = await openPage(MINE);
    await page.waitForText('没有进行中的工单');
    await order('demo-resident-changsheng', 'cleaning', '单元门口有一堆建筑垃圾');
    await page.onPullDownRefresh();
    await page.waitForText('单元门口有一堆建筑垃圾');
    expect(wxMock.pullDownRefreshStops).toBe(1);
  });

  it('shows the error with a retry when the backend cannot be reached', async () => {
    as('demo-resident');
    wxMock.setRequestHandler(forwardRequestsTo('http://127.0.0.1:1'));
    const page = await openPage(MINE);
    await page.waitForText('连不上本地服务，请先运行 npm start');
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    await page.tap('.retry');
    await page.waitForText('供暖问题');
  });
});
