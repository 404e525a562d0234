/**
 * 我的任务 (pages/volunteer/tasks) and 我的积分 (pages/volunteer/points) end to end on the real local backend (a
 * child process) as the demo party member; tasks are published and claimed through the functions.
 */
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const VOLUNTEER = 'demo-party-member';
const TASKS = 'pages/volunteer/tasks/index';
const HOUR = 3600_000;

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend();
});
afterAll(() => backend?.close());

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: VOLUNTEER } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
});

let requestCount = 0;
/** A task of a fresh order, published by 德轩物业 with its window starting `startInHours` from now, claimed by him. */
async function claimedTask(title: string, startInHours: number) {
  requestCount += 1;
  const order = expectOk(
    await backend.call('demo-resident', 'orders', 'create', {
      requestId: `req-tasks-${String(requestCount).padStart(4, '0')}`,
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
  const task = expectOk(
    await backend.call('demo-unit-member', 'orders', 'publishTask', {
      orderId: order.id,
      title,
      description: '',
      place: '德轩小区3号楼',
      slots: 2,
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + 3 * HOUR).toISOString(),
    }),
  );
  expectOk(await backend.call(VOLUNTEER, 'orders', 'claim', { taskId: task.id }));
  return task;
}

async function openTasks() {
  const page = await openPage(TASKS);
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const cardIndex = (page: LoadedPage, taskId: string) =>
  page.data.vm.items.findIndex((c: { id: string }) => c.id === taskId);
const card = (page: LoadedPage, taskId: string) => page.get(`.my-task-${cardIndex(page, taskId)}`);
/** A button of one task's card, or undefined. */
const button = (page: LoadedPage, taskId: string, name: string) =>
  page.query(`.my-task-${cardIndex(page, taskId)} .${name}`);
const claimOf = async (orderId: string) => (await backend.doc('orders', orderId))!.task.claims[VOLUNTEER];

describe('我的任务', () => {
  it('签到 in the window, then 提交完成情况 with notes (required)', async () => {
    const task = await claimedTask('陪伴老人去医院复查', -1); // started an hour ago
    const page = await openTasks();
    expect(page.text(card(page, task.id))).toContain('陪伴老人去医院复查');
    expect(page.text(card(page, task.id))).toContain('已领单');
    expect(page.text(card(page, task.id))).toContain('进行中');
    expect(page.query('.withdraw')).toBeUndefined(); // too late to withdraw

    await page.tap(button(page, task.id, 'check-in')!);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已签到'));
    expect((await claimOf(task.orderId)).state).toBe('checked_in');
    expect(page.text(card(page, task.id))).toContain('已签到');

    await page.tap(button(page, task.id, 'report')!);
    await page.waitFor(() => page.query('.report-form'));
    await page.tap('.report-submit');
    expect(page.text('.report-error')).toBe('请填写完成情况');
    expect((await claimOf(task.orderId)).state).toBe('checked_in');

    await page.input('.report-notes', '已陪同老人完成复查，送回家中');
    await page.tap('.report-submit');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已提交'));
    expect(await claimOf(task.orderId)).toMatchObject({
      state: 'reported',
      notes: '已陪同老人完成复查，送回家中',
      photos: [],
    });
    expect(page.query('.report-form')).toBeUndefined();
    expect(page.text(card(page, task.id))).toContain('已完成');
    expect(button(page, task.id, 'report')).toBeUndefined();
  });

  it('签退 after 签到: the card shows his 志愿时长, and he can still report', async () => {
    const task = await claimedTask('陪伴老人去医院复查', -1);
    const page = await openTasks();
    expect(button(page, task.id, 'check-out')).toBeUndefined(); // not checked in yet
    await page.tap(button(page, task.id, 'check-in')!);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已签到'));

    await page.tap(button(page, task.id, 'check-out')!);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已签退'));
    const claim = await claimOf(task.orderId);
    expect(claim.state).toBe('checked_out');
    expect(claim.checkedOutAt).toEqual(expect.any(String));
    expect(page.text(card(page, task.id))).toContain('已签退');
    expect(page.text(card(page, task.id))).toContain('志愿时长：0小时');
    expect(button(page, task.id, 'check-out')).toBeUndefined();
    expect(button(page, task.id, 'report')).toBeDefined();
  });

  it('退出 before the window starts, after a confirmation; the slot is given back', async () => {
    const task = await claimedTask('帮忙清理楼道杂物', 2);
    const page = await openTasks();
    expect(page.text(card(page, task.id))).toContain('未开始');
    expect(button(page, task.id, 'check-in')).toBeUndefined();

    wxMock.setModalAnswer(false);
    await page.tap(button(page, task.id, 'withdraw')!);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect((await claimOf(task.orderId)).state).toBe('claimed');

    wxMock.setModalAnswer(true);
    await page.tap(button(page, task.id, 'withdraw')!);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已退出'));
    expect((await claimOf(task.orderId)).state).toBe('withdrawn');
    expect((await backend.doc('orders', task.orderId))!.task.free).toBe(2);
    expect(page.text(card(page, task.id))).toContain('已退出');
    expect(button(page, task.id, 'withdraw')).toBeUndefined();
  });

  it('a task opens its order', async () => {
    const task = await claimedTask('给困难家庭送米面油', 5);
    const page = await openTasks();
    await page.tap(card(page, task.id));
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(task.orderId)}` },
    ]);
  });
});

describe('我的积分', () => {
  it('shows the balance and says when there are no lines yet', async () => {
    const page = await openPage('pages/volunteer/points/index');
    await page.waitFor(() => page.data.vm.state !== 'loading');
    expect(page.text()).toContain('积分余额');
    expect(page.text('.balance')).toContain('0');
    expect(page.text()).toContain('还没有积分记录');
  });
});
