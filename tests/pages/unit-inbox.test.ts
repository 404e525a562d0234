/**
 * 单位接单 (pages/unit/inbox) end to end: the page on the real local backend (a child process) as the demo
 * member of 德轩物业; orders are placed by the demo resident and dispatched by the demo staff through the functions.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const UNIT_MEMBER = 'demo-unit-member';
const STAFF = 'demo-community-staff';
const RESIDENT = 'demo-resident';
const UNIT = 'un-dexuan-property';
const INBOX = 'pages/unit/inbox/index';

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(() => backend?.close());

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: UNIT_MEMBER } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
});

let requestCount = 0;
/** An order of the demo resident, dispatched to 德轩物业 by the community. */
async function dispatchedOrder(description: string) {
  requestCount += 1;
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: `req-inbox-${String(requestCount).padStart(4, '0')}`,
      categoryId: 'water_supply',
      description,
      address: '2单元301',
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId: order.id, unitId: UNIT }));
  return order;
}

/** `YYYY-MM-DD HH:mm` in China time, as t-date-time-picker answers. */
function chinaTime(date: Date): string {
  const d = new Date(date.getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

async function openInbox(query: Record<string, string> = {}) {
  const page = await openPage(INBOX, { unitId: UNIT, ...query });
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const indexOf = (page: LoadedPage, orderId: string): number =>
  page.data.vm.items.findIndex((r: { id: string }) => r.id === orderId);

async function switchTab(page: LoadedPage, label: string) {
  const tab = page.queryAll('.tabs >>> .t-tabs__item').find((n) => page.text(n) === label);
  if (!tab) throw new Error(`no tab ${label}: ${page.text('.tabs')}`);
  await page.tap(tab);
  await page.waitFor(() => page.data.vm.state !== 'loading');
}

/**
 * Picks a time: the cell opens t-date-time-picker on the current value; its columns cannot be scrolled under
 * simulate (no layout), so the picked value is handed to the page as the picker's confirm event carries it.
 */
async function pickTime(page: LoadedPage, which: 'start' | 'end', value: string) {
  await page.tap(`.task-${which}`);
  await page.waitFor(() => page.data.timePicker.visible);
  expect(page.data.timePicker).toMatchObject({ which, value: page.data.publish[which] });
  await page.instance.onTimePicked({ detail: { value } });
  expect(page.data.timePicker.visible).toBe(false);
}

describe('单位接单 inbox', () => {
  it('accepts an order, then publishes a task: a window ending before it starts is refused first', async () => {
    const order = await dispatchedOrder('厨房水管漏水，楼下天花板渗水');
    const page = await openInbox();
    expect(page.text()).toContain('待接单');
    expect(page.text()).toContain('厨房水管漏水');
    expect(page.text()).toContain('待单位接单');

    // 接单 asks first; a "no" changes nothing
    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.accept')[indexOf(page, order.id)]);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect((await backend.doc('orders', order.id))!.status).toBe('dispatched');

    wxMock.setModalAnswer(true);
    await page.tap(page.queryAll('.accept')[indexOf(page, order.id)]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已接单'));
    expect(await backend.doc('orders', order.id)).toMatchObject({ status: 'accepted', holder: 'unit' });
    expect(indexOf(page, order.id)).toBe(-1);

    // 办理中: 发布任务 and 办结
    await switchTab(page, '办理中');
    const row = indexOf(page, order.id);
    expect(row).toBeGreaterThanOrEqual(0);
    expect(page.text()).toContain('处理中');
    await page.tap(page.queryAll('.publish')[row]);
    await page.waitFor(() => page.query('.publish-form'));
    expect(page.text('.publish-form')).toContain('发布志愿任务');
    expect(page.data.publish.place).toBe('1号楼 2单元301'); // the order's place as a default

    // nothing filled in: the schema's messages
    await page.tap('.publish-submit');
    expect(page.text('.publish-form')).toContain('请填写任务名称');

    await page.input('.task-title', '协助排查漏水');
    await page.input('.task-description', '和物业师傅一起入户排查');
    await page.tap('.task-slots >>> .t-stepper__plus');
    await page.tap('.task-slots >>> .t-stepper__plus');
    expect(page.data.publish.slots).toBe(3);

    const now = Date.now();
    await pickTime(page, 'start', chinaTime(new Date(now + 3 * 3600_000)));
    await pickTime(page, 'end', chinaTime(new Date(now + 2 * 3600_000)));
    await page.tap('.publish-submit');
    expect(page.text('.publish-form')).toContain('结束时间应晚于开始时间');
    expect(page.text('.publish-form')).not.toContain('请填写任务名称');
    expect((await backend.doc('orders', order.id))!.status).toBe('accepted');
    expect((await backend.doc('orders', order.id))!.task).toBeFalsy();

    await pickTime(page, 'end', chinaTime(new Date(now + 5 * 3600_000)));
    expect(page.text('.publish-form')).not.toContain('结束时间应晚于开始时间');
    await page.tap('.publish-submit');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '任务已发布'));

    const stored = await backend.doc('orders', order.id);
    expect(stored).toMatchObject({
      status: 'published',
      task: {
        title: '协助排查漏水',
        description: '和物业师傅一起入户排查',
        place: '1号楼 2单元301',
        slots: 3,
        free: 3,
      },
    });
    expect(new Date(stored!.task.endAt).getTime() - new Date(stored!.task.startAt).getTime()).toBe(2 * 3600_000);
    expect(page.query('.publish-form')).toBeUndefined();
    expect(page.text()).toContain('党员领单中');
    expect(page.queryAll('.publish')).toHaveLength(
      page.data.vm.items.filter((r: { canPublish: boolean }) => r.canPublish).length,
    );

    expect(getLargestSetData({ component: INBOX })!.bytes).toBeLessThan(256 * 1024);
  });

  it('退回社区 asks a reason: a cancelled prompt changes nothing, a reason hands it back', async () => {
    const order = await dispatchedOrder('小区门口路灯不亮，请检修');
    const page = await openInbox();
    const before = await backend.doc('orders', order.id);

    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.return')[indexOf(page, order.id)]);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect(wxMock.modals[0]).toMatchObject({ title: '退回社区', editable: true });
    expect(await backend.doc('orders', order.id)).toEqual(before);
    expect(indexOf(page, order.id)).toBeGreaterThanOrEqual(0);

    wxMock.setModalAnswer({ confirm: true, content: '路灯归供电公司管理' });
    await page.tap(page.queryAll('.return')[indexOf(page, order.id)]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已退回社区'));
    const stored = await backend.doc('orders', order.id);
    expect(stored).toMatchObject({ status: 'submitted', unitId: null });
    expect(stored!.timeline.at(-1)).toMatchObject({ action: 'return_to_community', reason: '路灯归供电公司管理' });
    expect(indexOf(page, order.id)).toBe(-1);
  });

  it('办结 wants notes; then the order is completed with them and leaves 办理中', async () => {
    const order = await dispatchedOrder('卫生间下水道堵塞，已经反水');
    expectOk(await backend.call(UNIT_MEMBER, 'orders', 'accept', { orderId: order.id }));
    const page = await openInbox({ filter: 'open' });
    expect(page.data.vm.filter).toBe('open');

    await page.tap(page.queryAll('.complete')[indexOf(page, order.id)]);
    await page.waitFor(() => page.query('.complete-form'));
    await page.tap('.complete-submit');
    expect(page.text('.complete-error')).toBe('请填写办理情况');
    expect((await backend.doc('orders', order.id))!.status).toBe('accepted');

    // the photo picker cancelled: nothing is added
    await page.tap('.add-photo');
    expect(page.data.complete.photos).toEqual([]);

    await page.input('.complete-notes', '疏通了下水管道，已恢复正常');
    await page.tap('.complete-submit');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已办结，等待居民确认'));
    expect(await backend.doc('orders', order.id)).toMatchObject({
      status: 'completed',
      completion: { notes: '疏通了下水管道，已恢复正常', photos: [] },
    });
    expect(indexOf(page, order.id)).toBeGreaterThanOrEqual(0); // 待确认 is still open
    expect(page.text()).toContain('待确认');
    expect(page.query('.complete-form')).toBeUndefined();
  });

  it('opens the detail page from a row, and shows an error with a retry', async () => {
    const order = await dispatchedOrder('楼顶水箱有异响，半夜吵人');
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = await openInbox();
    expect(page.text()).toContain('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    await page.tap('.retry');
    await page.waitFor(() => page.data.vm.state === 'ready');
    await page.tap(page.queryAll('.order')[indexOf(page, order.id)]);
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(order.id)}` },
    ]);
  });
});
