/**
 * 消息: notices reach each addressed person's inbox and, where he accepted a template, WeChat as a subscription
 * message (through the emulator behind the open-API seam); grants are spent one per message; refusals are not
 * retried, transient errors are; nothing is sent twice.
 */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { DEV_TEMPLATE_IDS } from '../../miniprogram/shared/notices/templates';
import { taskInput } from '../factories/inputs';
import { expectOk, at, useTestBackend } from '../helpers/functions';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const UNIT = 'demo-unit-member';

const messagesFn = FUNCTIONS.find((f) => f.name === 'messages')!;
const runSend = async (hours: number) => {
  await backend.deliver();
  return expectOk(await messagesFn.runTimer('send', { now: () => at(hours) }));
};

async function orderAcceptedByUnit() {
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: 'req-0000000001',
      categoryId: 'water_supply',
      description: '厨房水管漏水，楼下邻居家天花板渗水',
      address: '2单元301',
      contact: 'phone',
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId: order.id, unitId: 'un-dexuan-property' }));
  backend.setNow(at(1));
  expectOk(await backend.call(UNIT, 'orders', 'accept', { orderId: order.id }));
  return order;
}

const grant = (openid: string, askId: string, ...kinds: Array<keyof typeof DEV_TEMPLATE_IDS>) =>
  backend.call(openid, 'messages', 'reportGrants', { askId, accepted: kinds.map((k) => DEV_TEMPLATE_IDS[k]) });

it('a resident who accepted 工单受理通知 gets one message when the unit accepts, linked to the order; the inbox has it too', async () => {
  const granted = expectOk(await grant(RESIDENT, 'ask-00000001', 'order_accepted'));
  expect(granted.grants).toEqual([{ kind: 'order_accepted', count: 1 }]);
  // reporting the same ask again (a retry) adds nothing
  expect(expectOk(await grant(RESIDENT, 'ask-00000001', 'order_accepted')).grants).toEqual([
    { kind: 'order_accepted', count: 1 },
  ]);
  const order = await orderAcceptedByUnit();
  await runSend(1);

  const sent = backend.wechat.messagesTo(RESIDENT);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    template_id: DEV_TEMPLATE_IDS.order_accepted,
    page: `pages/orders/detail/index?id=${order.id}`,
    data: { thing1: { value: '供水排水' }, phrase2: { value: '处理中' }, time3: { value: '2026年11月2日 10:00' } },
  });
  // the grant is spent: a second accepted order would not be sent
  expect(expectOk(await grant(RESIDENT, 'ask-00000002')).grants).toEqual([{ kind: 'order_accepted', count: 0 }]);

  const inbox = expectOk(await backend.call(RESIDENT, 'messages', 'listInbox', {}));
  expect(inbox.unread).toBe(inbox.items.length);
  expect(inbox.items[0]).toMatchObject({
    title: '供水排水：处理中',
    subject: { type: 'order', id: order.id },
    read: false,
  });

  // running again sends nothing more
  await runSend(2);
  expect(backend.wechat.messagesTo(RESIDENT)).toHaveLength(1);
});

it("no grant, no message — but the inbox still has it; the unit's staff get theirs", async () => {
  await orderAcceptedByUnit();
  await runSend(1);
  expect(backend.wechat.messages).toEqual([]);
  const resident = expectOk(await backend.call(RESIDENT, 'messages', 'listInbox', {}));
  expect(resident.items.map((i) => i.title)).toContain('供水排水：处理中');
  const unit = expectOk(await backend.call(UNIT, 'messages', 'listInbox', {}));
  expect(unit.items.map((i) => i.title)).toContain('供水排水：待单位接单');
});

it('a refusal (43101) is recorded and never retried; a busy WeChat is retried with backoff', async () => {
  expectOk(await grant(RESIDENT, 'ask-00000001', 'order_accepted'));
  expectOk(await grant(UNIT, 'ask-00000002', 'order_dispatched'));
  backend.wechat.refusing.add(RESIDENT);
  await orderAcceptedByUnit(); // (its description's content check is a WeChat call too: the failure comes after)
  backend.wechat.failures.push(-1); // the first send (to the unit) finds WeChat busy
  await runSend(1);
  expect(backend.wechat.messages).toEqual([]);
  const deliveries = () =>
    backend.store.dump().deliveries as unknown as Array<{ userId: string; status: string; attempts: unknown[] }>;
  expect(
    deliveries()
      .map((d) => [d.userId, d.status, d.attempts.length])
      .sort(),
  ).toEqual([
    [RESIDENT, 'refused', 1],
    [UNIT, 'pending', 1],
  ]);
  await runSend(1.01); // too early: the first wait is a minute
  expect(backend.wechat.messages).toEqual([]);
  await runSend(1.05);
  expect(backend.wechat.messagesTo(UNIT)).toHaveLength(1);
  expect(
    deliveries()
      .map((d) => [d.userId, d.status, d.attempts.length])
      .sort(),
  ).toEqual([
    [RESIDENT, 'refused', 1],
    [UNIT, 'sent', 2],
  ]);
  await runSend(5);
  expect(backend.wechat.calls.filter((c) => c.apiName === 'subscribeMessage.send')).toHaveLength(3);
});

it("tap opens and marks read; mark all read says how many; nobody marks another's", async () => {
  await orderAcceptedByUnit();
  await runSend(1);
  const before = expectOk(await backend.call(RESIDENT, 'messages', 'listInbox', {}));
  const first = before.items[0];
  expect(expectOk(await backend.call(UNIT, 'messages', 'markRead', { id: first.id })).unread).toBeGreaterThan(0);
  const after = expectOk(await backend.call(RESIDENT, 'messages', 'markRead', { id: first.id }));
  expect(after.unread).toBe(before.unread - 1);
  const all = expectOk(await backend.call(RESIDENT, 'messages', 'markAllRead', {}));
  expect(all).toEqual({ marked: before.unread - 1, unread: 0 });
  expect(expectOk(await backend.call(RESIDENT, 'messages', 'unreadCount', {})).unread).toBe(0);
});

it('an unknown template id is refused, naming it', async () => {
  const res = await backend.call(RESIDENT, 'messages', 'reportGrants', { askId: 'ask-00000001', accepted: ['nope'] });
  expect(res).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION_FAILED', details: { issues: [{ path: 'accepted.0' }] } },
  });
});

it('a message opens where its reader works on it: the task hall for party members, the topic queue for staff', async () => {
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: 'req-0000000009',
      categoryId: 'elderly_care',
      description: '楼上独居的王奶奶行动不便，需要每周代购和陪聊',
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: order.id }));
  expectOk(await backend.call(STAFF, 'orders', 'publishTask', taskInput(order.id, 24)));
  const topic = expectOk(
    await backend.call(RESIDENT, 'councils', 'proposeTopic', {
      requestId: 'req-topic-000001',
      level: 'community',
      title: '老旧小区加装电梯',
      description: '德轩小区多为老人，上下楼困难，希望加装电梯',
    }),
  );
  await runSend(1);

  const party = expectOk(await backend.call('demo-party-member', 'messages', 'listInbox', {}));
  expect(party.items.find((i) => i.subject.id === order.id)?.page).toBe(
    'pages/volunteer/hall/index?communityId=cm-xiongguan',
  );
  const resident = expectOk(await backend.call(RESIDENT, 'messages', 'listInbox', {}));
  expect(resident.items.find((i) => i.subject.id === order.id)?.page).toBe(`pages/orders/detail/index?id=${order.id}`);
  const staff = expectOk(await backend.call(STAFF, 'messages', 'listInbox', {}));
  expect(staff.items.find((i) => i.subject.id === topic.id)).toMatchObject({
    subject: { type: 'topic', id: topic.id },
    page: 'pages/councils/topics/index?communityId=cm-xiongguan',
  });
});
