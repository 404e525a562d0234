/**
 * 社区发单 (pages/staff/queue) end to end: the page on the real local backend (a child process) as the demo
 * community staff of 雄关社区; orders are placed by the demo resident through the functions.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const STAFF = 'demo-community-staff';
const RESIDENT = 'demo-resident';
const QUEUE = 'pages/staff/queue/index';

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(() => backend?.close());

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: STAFF } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
});

let requestCount = 0;
async function placeOrder(description: string, categoryId = 'water_supply') {
  requestCount += 1;
  return expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: `req-queue-${String(requestCount).padStart(4, '0')}`,
      categoryId,
      description,
      address: '2单元301',
    }),
  );
}

async function openQueue(query: Record<string, string> = {}) {
  const page = await openPage(QUEUE, { communityId: 'cm-xiongguan', ...query });
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

async function switchTab(page: LoadedPage, label: string) {
  const tab = page.queryAll('.tabs >>> .t-tabs__item').find((n) => page.text(n) === label);
  if (!tab) throw new Error(`no tab ${label}: ${page.text('.tabs')}`);
  await page.tap(tab);
  await page.waitFor(() => page.data.vm.state !== 'loading');
}

describe('社区发单 queue', () => {
  it('dispatches a new order to the suggested unit: stored as dispatched, and it leaves 新工单', async () => {
    const order = await placeOrder('厨房水管漏水，楼下天花板渗水');
    const page = await openQueue();

    expect(page.text()).toContain('新工单');
    expect(page.text()).toContain('供水排水');
    expect(page.text()).toContain('厨房水管漏水');
    expect(page.text()).toContain('待受理');
    expect(page.data.vm.items.map((r: { id: string }) => r.id)).toContain(order.id);

    // 派单 opens the picker with the catalogue's suggestion preselected and marked 推荐
    const index = page.data.vm.items.findIndex((r: { id: string }) => r.id === order.id);
    await page.tap(page.queryAll('.dispatch')[index]);
    await page.waitFor(() => page.data.pickerVisible);
    expect(page.data.picker.value).toBe('un-dexuan-property');
    expect(page.text('.unit-picker')).toContain('德轩物业服务有限公司 物业企业 · 推荐');

    // confirming the choice as it is dispatches to the suggested unit
    await page.tap('.confirm-dispatch');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已派单'));

    const stored = await backend.doc('orders', order.id);
    expect(stored).toMatchObject({ status: 'dispatched', unitId: 'un-dexuan-property' });
    expect(page.data.vm.items.map((r: { id: string }) => r.id)).not.toContain(order.id);
    expect(page.text()).not.toContain('厨房水管漏水');

    // it is now 办理中, waiting for the unit
    await switchTab(page, '办理中');
    expect(page.data.vm.filter).toBe('open');
    expect(page.text()).toContain('厨房水管漏水');
    expect(page.text()).toContain('待单位接单');
    expect(page.query('.dispatch')).toBeUndefined();

    const largest = getLargestSetData({ component: QUEUE });
    expect(largest!.bytes).toBeLessThan(256 * 1024);
  });

  it('驳回 asks a reason: cancelling the prompt changes nothing, an answer rejects with it', async () => {
    const order = await placeOrder('楼道灯坏了好几天了，晚上看不见', 'power_supply');
    const page = await openQueue();
    const index = () => page.data.vm.items.findIndex((r: { id: string }) => r.id === order.id);
    const before = await backend.doc('orders', order.id);

    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.reject')[index()]);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect(wxMock.modals[0]).toMatchObject({ title: '驳回工单', editable: true });
    expect(await backend.doc('orders', order.id)).toEqual(before);
    expect(index()).toBeGreaterThanOrEqual(0);
    expect(page.text()).toContain('楼道灯坏了');

    wxMock.setModalAnswer({ confirm: true, content: '  ' });
    await page.tap(page.queryAll('.reject')[index()]);
    await page.waitFor(() => wxMock.toasts.length > 0);
    expect(wxMock.toasts.pop()!.title).toBe('请填写理由（至少2个字）');
    expect(await backend.doc('orders', order.id)).toEqual(before);

    wxMock.setModalAnswer({ confirm: true, content: '属于供电公司管辖，请拨打95598' });
    await page.tap(page.queryAll('.reject')[index()]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已驳回'));
    const stored = await backend.doc('orders', order.id);
    expect(stored!.status).toBe('rejected');
    expect(stored!.timeline.at(-1)).toMatchObject({ action: 'reject', reason: '属于供电公司管辖，请拨打95598' });
    expect(index()).toBe(-1);

    await switchTab(page, '已办结');
    expect(page.text()).toContain('楼道灯坏了');
    expect(page.text()).toContain('已驳回');
  });

  it('社区自办 after a confirmation; a row opens the detail page', async () => {
    const order = await placeOrder('帮独居老人更换门锁，钥匙丢了', 'elderly_care');
    const page = await openQueue();
    const index = () => page.data.vm.items.findIndex((r: { id: string }) => r.id === order.id);

    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.handle-self')[index()]);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect((await backend.doc('orders', order.id))!.status).toBe('submitted');

    wxMock.setModalAnswer(true);
    await page.tap(page.queryAll('.handle-self')[index()]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已转为社区自办'));
    expect(await backend.doc('orders', order.id)).toMatchObject({ status: 'accepted', holder: 'community' });
    expect(index()).toBe(-1);

    await switchTab(page, '办理中');
    const rowIndex = index();
    await page.tap(page.queryAll('.order')[rowIndex]);
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(order.id)}` },
    ]);
  });

  it('shows an error with a retry, refreshes on pull-down and pages on reaching the bottom', async () => {
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = await openQueue();
    expect(page.text()).toContain('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    await page.tap('.retry');
    await page.waitFor(() => page.data.vm.state === 'ready');

    // enough new orders for two pages (20 a page)
    const shown = page.data.vm.items.length;
    for (let i = shown; i < 21; i++) await placeOrder(`第${i + 1}件需要帮忙的事情，请社区处理`);
    await page.onPullDownRefresh();
    expect(wxMock.pullDownRefreshStops).toBe(1);
    expect(page.data.vm.items).toHaveLength(20);
    expect(page.data.vm.nextCursor).toBe(20);
    expect(page.text()).toContain('上拉加载更多');

    await page.onReachBottom();
    await page.waitFor(() => !page.data.vm.loadingMore);
    expect(page.data.vm.items.length).toBeGreaterThanOrEqual(21);
    expect(new Set(page.data.vm.items.map((r: { id: string }) => r.id)).size).toBe(page.data.vm.items.length);
    expect(page.text()).toContain('已经到底了');
  });

  it('an empty tab says so', async () => {
    const page = await openQueue({ filter: 'overdue' });
    expect(page.data.vm.filter).toBe('overdue');
    expect(page.text()).toContain('没有超时的工单');
  });
});
