/**
 * 任务大厅 (pages/volunteer/hall) end to end: the page on the real local backend (a child process) as the demo
 * party member of 雄关社区. Tasks are published through the functions: the resident orders, the staff dispatch
 * to 德轩物业, its member accepts and publishes.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const VOLUNTEER = 'demo-party-member';
const HALL = 'pages/volunteer/hall/index';
const HOUR = 3600_000;

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend();
  // a second party member of 雄关社区: the demo resident reports (双报到) and the staff approve
  const application = expectOk(
    await backend.call('demo-resident', 'people', 'applyPartyMember', {
      communityId: 'cm-xiongguan',
      workUnit: '市第一中学',
      partyOrganization: '市第一中学党支部',
    }),
  );
  expectOk(
    await backend.call('demo-community-staff', 'people', 'reviewApplication', {
      applicationId: application.id,
      decision: 'approve',
    }),
  );
});
afterAll(() => backend?.close());

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: VOLUNTEER } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
});

let requestCount = 0;
/** A published task of a fresh order of the demo resident. */
async function publishedTask(title: string, slots: number, startInHours = 1, hours = 2) {
  requestCount += 1;
  const order = expectOk(
    await backend.call('demo-resident', 'orders', 'create', {
      requestId: `req-hall-${String(requestCount).padStart(4, '0')}`,
      categoryId: 'elderly_care',
      description: `${title}，需要志愿者帮忙`,
    }),
  );
  expectOk(
    await backend.call('demo-community-staff', 'orders', 'dispatch', {
      orderId: order.id,
      unitId: 'un-dexuan-property',
    }),
  );
  expectOk(await backend.call('demo-unit-member', 'orders', 'accept', { orderId: order.id }));
  const start = Date.now() + startInHours * HOUR;
  return expectOk(
    await backend.call('demo-unit-member', 'orders', 'publishTask', {
      orderId: order.id,
      title,
      description: '陪老人聊天、打扫房间',
      place: '德轩小区3号楼',
      slots,
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + hours * HOUR).toISOString(),
    }),
  );
}

async function openHall() {
  const page = await openPage(HALL, { communityId: 'cm-xiongguan' });
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const cardIndex = (page: LoadedPage, taskId: string) =>
  page.data.vm.items.findIndex((c: { id: string }) => c.id === taskId);
const cardText = (page: LoadedPage, taskId: string) => page.text(page.queryAll('.task')[cardIndex(page, taskId)]);

describe('任务大厅', () => {
  it('shows the task with its place, window and slots; 领单 asks first, then claims a slot', async () => {
    const task = await publishedTask('周末陪伴独居老人', 3);
    const page = await openHall();

    const text = cardText(page, task.id);
    expect(text).toContain('周末陪伴独居老人');
    expect(text).toContain('地点：德轩小区3号楼');
    expect(text).toMatch(/时间：\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text).toContain('已领 0/3');
    expect(text).toContain('德轩物业服务有限公司 发布');
    expect(text).toContain('领单');

    const claim = () => page.tap(page.queryAll('.claim')[cardIndex(page, task.id)]);
    wxMock.setModalAnswer(false);
    await claim();
    await page.waitFor(() => wxMock.modals.length === 1);
    expect(wxMock.modals[0].content).toContain('周末陪伴独居老人');
    expect((await backend.doc('orders', task.orderId))!.task.free).toBe(3);

    wxMock.setModalAnswer(true);
    await claim();
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '领单成功'));
    const stored = (await backend.doc('orders', task.orderId))!.task;
    expect(stored.free).toBe(2);
    expect(stored.active).toEqual([VOLUNTEER]);
    expect(stored.claims[VOLUNTEER].state).toBe('claimed');

    expect(cardText(page, task.id)).toContain('已领 1/3');
    expect(cardText(page, task.id)).toContain('已领单');
    expect(page.data.vm.items[cardIndex(page, task.id)].canClaim).toBe(false);

    // a second tap on the (disabled) button sends nothing
    const requests = wxMock.requests.length;
    await claim();
    expect(wxMock.requests.length).toBe(requests);
    expect(getLargestSetData({ component: HALL })!.bytes).toBeLessThan(256 * 1024);
  });

  it('a slot taken meanwhile: the server says 名额已满, the card shows it and the store keeps one claim', async () => {
    const task = await publishedTask('帮忙搬运过冬蔬菜', 1);
    const page = await openHall();
    expect(cardText(page, task.id)).toContain('已领 0/1');

    // another party member is faster
    expectOk(await backend.call('demo-resident', 'orders', 'claim', { taskId: task.id }));

    await page.tap(page.queryAll('.claim')[cardIndex(page, task.id)]);
    await page.waitFor(() => wxMock.toasts.length > 0);
    expect(wxMock.toasts[0].title).toBe('名额已满');
    await page.waitFor(() => cardText(page, task.id).includes('已领 1/1'));
    expect(cardText(page, task.id)).toContain('名额已满');
    expect(page.data.vm.items[cardIndex(page, task.id)]).toMatchObject({ full: true, canClaim: false });

    const stored = (await backend.doc('orders', task.orderId))!.task;
    expect(stored.active).toEqual(['demo-resident']);
    expect(stored.claims[VOLUNTEER]).toBeUndefined();
  });

  it('a full task is shown full with its button disabled; a card opens the order', async () => {
    const task = await publishedTask('社区义诊秩序维护', 1);
    expectOk(await backend.call('demo-resident', 'orders', 'claim', { taskId: task.id }));
    const page = await openHall();
    expect(cardText(page, task.id)).toContain('名额已满');
    expect(cardText(page, task.id)).toContain('已领 1/1');

    const before = wxMock.requests.length;
    await page.tap(page.queryAll('.claim')[cardIndex(page, task.id)]);
    expect(wxMock.modals).toHaveLength(0);
    expect(wxMock.requests.length).toBe(before);

    await page.tap(page.queryAll('.task')[cardIndex(page, task.id)]);
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(task.orderId)}` },
    ]);
  });

  it('shows an error with a retry', async () => {
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = await openHall();
    expect(page.text()).toContain('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
    await page.tap('.retry');
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.text()).toContain('已领');
  });
});
