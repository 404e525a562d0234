/**
 * A volunteer's part in an order: check-in, check-out (签退) and the report, with his hours (志愿时长) — in full to the
 * order's handlers, summarised to the resident, nothing to anyone else.
 */
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import { DEV_TEMPLATE_IDS } from '../../../miniprogram/shared/notices/templates';
import { expectOk, T0, at, useTestBackend } from '../../helpers/functions';
import { taskInput } from '../../factories/inputs';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const UNIT = 'demo-unit-member';
const VOLUNTEER = 'demo-party-member'; // 李建国
const photo = `local://photos/${VOLUNTEER}/done.jpg`;

async function taskOfUnit() {
  backend.setNow(T0);
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: 'req-volunteer-01',
      categoryId: 'water_supply',
      description: '厨房水管漏水，楼下邻居家天花板渗水',
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId: order.id, unitId: 'un-dexuan-property' }));
  expectOk(await backend.call(UNIT, 'orders', 'accept', { orderId: order.id }));
  const task = expectOk(await backend.call(UNIT, 'orders', 'publishTask', taskInput(order.id, 1)));
  return { orderId: order.id, taskId: task.id };
}

it('签到 → 签退 → 提交: the hours run from check-in to check-out; handlers read it all, the resident a summary', async () => {
  const { orderId, taskId } = await taskOfUnit();
  expectOk(await backend.call(VOLUNTEER, 'orders', 'claim', { taskId }));
  backend.setNow(at(1));
  expect(await backend.call(VOLUNTEER, 'orders', 'checkOut', { taskId })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '请先签到' },
  });
  expectOk(await backend.call(VOLUNTEER, 'orders', 'checkIn', { taskId }));
  backend.setNow(at(2.5));
  const out = expectOk(await backend.call(VOLUNTEER, 'orders', 'checkOut', { taskId }));
  expect(out).toMatchObject({ myClaim: 'checked_out', myHours: 1.5 });
  expect(await backend.call(VOLUNTEER, 'orders', 'checkOut', { taskId })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_STATE', message: '您已签退' },
  });
  backend.setNow(at(3));
  const reported = expectOk(
    await backend.call(VOLUNTEER, 'orders', 'report', { taskId, notes: '关闭了总阀，更换了接头', photos: [photo] }),
  );
  expect(reported).toMatchObject({ myClaim: 'reported', myHours: 1.5 });

  for (const handler of [UNIT, STAFF]) {
    const detail = expectOk(await backend.call(handler, 'orders', 'getDetail', { orderId }));
    expect(detail.volunteers).toEqual([
      {
        name: '李建国',
        claim: 'reported',
        claimLabel: '已完成',
        claimedAt: T0.toISOString(),
        checkedInAt: at(1).toISOString(),
        checkedOutAt: at(2.5).toISOString(),
        reportedAt: at(3).toISOString(),
        notes: '关闭了总阀，更换了接头',
        photos: [photo],
        hours: 1.5,
      },
    ]);
  }
  // The resident sees the report's photo once WeChat passed it (photo-review.test.ts: until then only staff do).
  await backend.wechat.settle();
  const resident = expectOk(await backend.call(RESIDENT, 'orders', 'getDetail', { orderId }));
  expect(resident.volunteers).toEqual([
    expect.objectContaining({
      name: '李**',
      notes: '关闭了总阀，更换了接头',
      photos: [photo],
      hours: 1.5,
    }),
  ]);
  // His timeline shows the volunteer's steps in their place.
  expect(resident.timeline.map((e) => [e.actionLabel, e.actorName])).toEqual([
    ['居民下单', '张桂兰'],
    ['派单', '陈明'],
    ['接单', expect.any(String)],
    ['发布任务', expect.any(String)],
    ['党员领单', '李**'],
    ['党员签到', '李**'],
    ['党员签退', '李**'],
    ['党员提交完成情况', '李**'],
  ]);
  expect(resident.timeline.at(-1)).toMatchObject({ reason: '关闭了总阀，更换了接头', photos: [photo] });
  const street = expectOk(await backend.call('demo-street-staff', 'orders', 'getDetail', { orderId }));
  expect(street.volunteers).toEqual([]);
});

it("a published task reaches the community's party members: 志愿任务通知 to whoever accepted it, the inbox for all", async () => {
  expectOk(
    await backend.call(VOLUNTEER, 'messages', 'reportGrants', {
      askId: 'ask-00000001',
      accepted: [DEV_TEMPLATE_IDS.task_published],
    }),
  );
  const { orderId } = await taskOfUnit();
  await backend.deliver();
  const notices = backend.store.dump().notifications!.filter((n) => n.audience === 'party_members:cm-xiongguan');
  expect(notices).toEqual([
    expect.objectContaining({ kind: 'task_published', subject: { type: 'order', id: orderId } }),
  ]);
  const messages = FUNCTIONS.find((f) => f.name === 'messages')!;
  expectOk(await messages.runTimer('send', { now: () => T0 }));

  expect(backend.wechat.messagesTo(VOLUNTEER)).toEqual([
    expect.objectContaining({
      template_id: DEV_TEMPLATE_IDS.task_published,
      // a party member opens his 任务大厅, where he can claim it
      page: 'pages/volunteer/hall/index?communityId=cm-xiongguan',
      data: expect.objectContaining({ thing1: { value: '供水排水' }, phrase2: { value: '党员领单中' } }),
    }),
  ]);
  const inbox = expectOk(await backend.call(VOLUNTEER, 'messages', 'listInbox', {}));
  expect(inbox.items.map((i) => i.subject)).toContainEqual({ type: 'order', id: orderId });
});
