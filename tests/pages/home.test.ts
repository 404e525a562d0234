/**
 * 首页 end to end: the page (real tdesign components, rendered by miniprogram-simulate) → services/transport →
 * wx.request → real HTTP → the real `community` cloud function → a fresh seeded local store.
 */
import { getLargestSetData, forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';
import { startPageBackend, type PageBackend } from '../helpers/page-backend';
import { loadPage, openPage } from '../helpers/simulate';

const HOME = 'pages/home/index';
/** Nothing listens here: connecting fails at once, like a backend that is not running. */
const DOWN = 'http://127.0.0.1:1';

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

describe('首页', () => {
  it('shows loading, then the resident’s community, address, property company and contacts', async () => {
    as('demo-resident');
    const page = loadPage(HOME);
    expect(page.text()).toContain('正在加载');
    expect(page.text()).not.toContain('雄关社区');

    await page.launch();
    await page.waitForText('社区联系人');
    const text = page.text();
    expect(text).not.toContain('正在加载');
    expect(text).toContain('张桂兰，您好');
    expect(page.text('.hero__community')).toBe('雄关社区');
    expect(page.text('.hero__address')).toBe('雄关西路 18 号 · 服务电话 0937-6221001');
    // 我的住址: street, grid, compound, building, each a tdesign t-cell
    for (const part of ['雄关街道', '雄关社区第一网格', '德轩小区', '1号楼']) expect(text).toContain(part);
    expect(text).toContain('德轩物业服务有限公司');
    // contacts: community staff first, then the resident's own grid worker (not the second grid's)
    const contacts = page.queryAll('.contact').map((c) => page.text(c));
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toContain('陈明');
    expect(contacts[0]).toContain('社区党委书记');
    expect(contacts[1]).toContain('赵丽');
    expect(contacts[1]).toContain('专职网格员');
    // numbers stay hidden until a contact is opened
    expect(text).not.toContain('拨打');
    expect(text).not.toContain('0937-6221011');

    // the request went through the transport: the local backend URL, as the chosen demo user
    expect(wxMock.requests).toHaveLength(1);
    expect(wxMock.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:3000/functions/community',
      method: 'POST',
      data: { action: 'getHome', payload: {} },
      header: { 'x-wx-openid': 'demo-resident' },
    });
  });

  it('tapping a contact shows the work phone and 拨打, which calls it; tapping again hides it', async () => {
    as('demo-resident');
    const page = await openPage(HOME);
    await page.waitForText('社区联系人');

    await page.tap(page.queryAll('.contact')[1]);
    expect(page.text('.contact-detail__phone')).toBe('工作电话： 0937-6221011');
    expect(page.text('.contact-detail')).toContain('拨打');
    expect(page.queryAll('.contact-detail')).toHaveLength(1);

    await page.tap('.call');
    expect(wxMock.phoneCalls).toEqual(['0937-6221011']);

    // opening the other contact closes this one
    await page.tap(page.queryAll('.contact')[0]);
    expect(page.queryAll('.contact-detail')).toHaveLength(1);
    expect(page.text('.contact-detail__phone')).toBe('工作电话： 0937-6221001');

    await page.tap(page.queryAll('.contact')[0]);
    expect(page.query('.contact-detail')).toBeUndefined();
    expect(page.text()).not.toContain('拨打');
  });

  it('offers the everyday services one tap away: 下单, 物业投诉, 议事会, 群众说事', async () => {
    as('demo-resident');
    const page = await openPage(HOME);
    await page.waitForText('我要下单');
    expect(page.queryAll('.service').map((n) => page.text(n))).toEqual(['我要下单', '物业投诉', '议事会', '群众说事']);
    await page.tap('.service-complain');
    await page.tap('.service-meetings');
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/complaints/new/index' },
      { type: 'navigateTo', url: '/pages/councils/meetings/index' },
    ]);
  });

  it('backend down: an understandable error with 重新加载, which works once the backend is back', async () => {
    as('demo-resident');
    wxMock.setRequestHandler(forwardRequestsTo(DOWN));
    const page = await openPage(HOME);
    await page.waitForText('重新加载');
    expect(page.text()).toContain('连不上本地服务，请先运行 npm start');
    expect(page.text()).not.toContain('社区联系人');

    // still down: tapping retry shows the error again (not a blank page, not stuck loading)
    await page.tap('.retry');
    await page.waitForText('重新加载');
    expect(wxMock.requests).toHaveLength(2);

    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    await page.tap('.retry');
    await page.waitForText('社区联系人');
    expect(page.text()).toContain('雄关社区');
    expect(page.text()).not.toContain('重新加载');
  });

  it('pull-down refresh reloads and stops the spinner', async () => {
    as('demo-resident');
    const page = await openPage(HOME);
    await page.waitForText('社区联系人');
    await page.onPullDownRefresh();
    expect(wxMock.requests).toHaveLength(2);
    expect(wxMock.pullDownRefreshStops).toBe(1);
    expect(page.text()).toContain('雄关社区');
  });

  it('an unregistered caller sees the register prompt, which opens 注册', async () => {
    as('demo-newcomer');
    const page = await openPage(HOME);
    await page.waitForText('去注册');
    expect(page.text()).toContain('您好！还没有选择您所在的社区');
    expect(page.text()).not.toContain('社区联系人');

    await page.tap('.go-register');
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: '/pages/onboarding/index' }]);
  });

  it('keeps every setData far below the 256 KB budget', () => {
    const largest = getLargestSetData();
    expect(largest).toBeDefined();
    expect(largest!.bytes).toBeLessThan(256 * 1024);
    console.log(`home: largest page setData ${largest!.bytes} bytes (${largest!.keys.join(',')})`);
  });
});
