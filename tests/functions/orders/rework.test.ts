/**
 * 发回重办 after volunteers reported: the work of every round counts. Re-publishing the task starts a new round of
 * claims, but whoever reported work in an earlier round keeps it — in 我的任务 and in the points the closing pays.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import { expectOk, T0, at, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const FIRST = 'demo-party-member';
const SECOND = 'volunteer-second';

const publish = (orderId: string, startHours: number) =>
  backend.call(STAFF, 'orders', 'publishTask', {
    orderId,
    title: '陪伴独居老人',
    description: '陪聊一小时',
    place: '德轩小区1号楼',
    slots: 1,
    startAt: at(startHours).toISOString(),
    endAt: at(startHours + 2).toISOString(),
  });

/** Claims, checks in and reports the task at the start of its window. */
async function doTask(volunteer: string, taskId: string, startHours: number) {
  backend.setNow(at(startHours - 1));
  expectOk(await backend.call(volunteer, 'orders', 'claim', { taskId }));
  backend.setNow(at(startHours));
  expectOk(await backend.call(volunteer, 'orders', 'checkIn', { taskId }));
  expectOk(await backend.call(volunteer, 'orders', 'report', { taskId, notes: '陪老人聊天一小时' }));
}

/** A resident's 助老服务 order the community handles itself (社区自办), ready for its task. */
async function selfHandled(requestId: string) {
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId,
      categoryId: 'elderly_care',
      description: '独居老人需要每周陪聊和代购',
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: order.id }));
  return order;
}

it('every volunteer who reported work on the order earns his points once, whatever round it was', async () => {
  await getDb()
    .collection('users')
    .add({
      _id: SECOND,
      name: '第二位志愿者',
      phone: '',
      roles: [{ role: 'party_member', scopeType: 'community', scopeId: 'cm-xiongguan', scopeName: '雄关社区' }],
      createdAt: T0,
      updatedAt: T0,
    });
  backend.setNow(T0);
  const order = await selfHandled('req-rework-0001');

  const first = expectOk(await publish(order.id, 24));
  await doTask(FIRST, first.id, 24);
  expectOk(await backend.call(STAFF, 'orders', 'complete', { orderId: order.id, notes: '已陪伴' }));
  expectOk(await backend.call(RESIDENT, 'orders', 'notFixed', { orderId: order.id, reason: '老人还需要代购' }));

  const second = expectOk(await publish(order.id, 48));
  expect(second.id).not.toBe(first.id);
  await doTask(SECOND, second.id, 48);
  expectOk(await backend.call(STAFF, 'orders', 'complete', { orderId: order.id, notes: '已代购' }));
  expectOk(await backend.call(RESIDENT, 'orders', 'confirm', { orderId: order.id }));
  expectOk(await backend.call(RESIDENT, 'orders', 'rate', { orderId: order.id, as: 'resident', stars: 5 }));
  expectOk(await backend.call(STAFF, 'orders', 'rate', { orderId: order.id, as: 'community', stars: 5 }));

  // The first-round volunteer still has the task in 我的任务, as reported.
  const mine = expectOk(await backend.call(FIRST, 'orders', 'myTasks', {}));
  expect(mine.items.map((t) => [t.orderId, t.myClaim])).toEqual([[order.id, 'reported']]);

  // Both earn 10 + 10 for five stars, once each, also after the deliver timer ran.
  const ledger = ((await backend.delivered()).pointsLedger ?? []).filter((l) => l.orderId === order.id);
  expect(ledger.map((l) => [l.userId, l.delta]).sort()).toEqual([
    [FIRST, 20],
    [SECOND, 20],
  ]);
  for (const volunteer of [FIRST, SECOND]) {
    const points = expectOk(await backend.call(volunteer, 'orders', 'myPoints', {}));
    expect(points.items.filter((l) => l.orderId === order.id)).toHaveLength(1);
  }
});

it('a task stored before rounds were kept (no earlierReports) still reads and pays', async () => {
  backend.setNow(T0);
  const order = await selfHandled('req-rework-0002');
  const task = expectOk(await publish(order.id, 24));
  await getDb()
    .collection('orders')
    .where({ _id: order.id })
    .update({ 'task.earlierReports': getDb().command.remove() });
  await doTask(FIRST, task.id, 24);
  expect(expectOk(await backend.call(STAFF, 'orders', 'getDetail', { orderId: order.id })).volunteers).toHaveLength(1);
  expect(expectOk(await backend.call(FIRST, 'orders', 'myTasks', {})).items[0].myClaim).toBe('reported');
});
