/**
 * Sample activity for a demo (`npm start` on a fresh data directory): a few orders, a complaint, a topic and a
 * meeting in different states, made through the real functions — so every page has something to show, the 消息
 * tab included (the notices are delivered to the inboxes at once, and the resident has read one). Tests start from
 * the bare seed instead.
 */
import type { CloudFunction } from '../../cloudfunctions/lib/router';
import type { Result } from '../../miniprogram/shared/result';
import { seedShop } from './shop';

type Data = Record<string, unknown>;

export async function seedActivity(functions: CloudFunction[], now = new Date()): Promise<void> {
  const hours = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();
  const call = async (fn: string, openid: string, action: string, payload: Data): Promise<Data> => {
    const target = functions.find((f) => f.name === fn)!;
    const result = (await target.handle({ action, payload }, { openid }, { now: () => now })) as Result<Data>;
    if (!result.ok) throw new Error(`demo activity ${fn}.${action}: ${result.error.message}`);
    return result.data;
  };

  // 居民下单 → 社区发单 → 单位接单
  const leak = await call('orders', 'demo-resident', 'create', {
    requestId: 'demo-order-leak',
    categoryId: 'water_supply',
    description: '厨房水管接头漏水，楼下邻居天花板渗水',
    address: '2单元301',
  });
  await call('orders', 'demo-community-staff', 'dispatch', { orderId: leak.id, unitId: 'un-dexuan-property' });
  await call('orders', 'demo-unit-member', 'accept', { orderId: leak.id });

  // 党员领单: a task in the hall
  const care = await call('orders', 'demo-resident', 'create', {
    requestId: 'demo-order-care',
    categoryId: 'elderly_care',
    description: '楼上独居的王奶奶行动不便，需要每周代购和陪聊',
  });
  await call('orders', 'demo-community-staff', 'handleSelf', { orderId: care.id });
  await call('orders', 'demo-community-staff', 'publishTask', {
    orderId: care.id,
    title: '陪伴独居老人',
    description: '代购日用品，陪老人聊天一小时',
    place: '德轩小区1号楼',
    slots: 3,
    startAt: hours(24),
    endAt: hours(27),
  });

  // new orders waiting in the staff queues (雄关社区 and 昌盛社区); a stair light is 供电照明, not 供水排水
  await call('orders', 'demo-resident', 'create', {
    requestId: 'demo-order-stair-light',
    categoryId: 'power_supply',
    description: '三单元楼道灯不亮好几天了，晚上上下楼看不见',
    address: '3单元',
  });
  await call('orders', 'demo-resident-changsheng', 'create', {
    requestId: 'demo-order-new',
    categoryId: 'policy_consult',
    description: '想咨询一下养老保险续缴的政策',
  });

  // 物业投诉, acknowledged by the company
  const complaint = await call('complaints', 'demo-resident', 'file', {
    requestId: 'demo-complaint-heating',
    category: 'heating',
    description: '暖气片不热，室温只有14度',
  });
  await call('complaints', 'demo-unit-member', 'acknowledge', { complaintId: complaint.id });

  // 群众说事 and an upcoming 议事会 with it on the agenda
  const topic = await call('councils', 'demo-resident', 'proposeTopic', {
    requestId: 'demo-topic-elevator',
    level: 'community',
    title: '老旧小区加装电梯',
    description: '德轩小区多为老人，上下楼困难，希望加装电梯',
  });
  await call('councils', 'demo-party-member', 'backTopic', { topicId: topic.id });
  const meeting = await call('councils', 'demo-community-staff', 'createMeeting', {
    requestId: 'demo-meeting-elevator',
    level: 'community',
    placeId: 'cm-xiongguan',
    title: '加装电梯议事会',
    topicIds: [topic.id],
    startAt: hours(7 * 24),
    endAt: hours(7 * 24 + 2),
    signUpDeadline: hours(6 * 24),
    place: '雄关社区党群服务中心',
    capacity: 20,
  });
  await call('councils', 'demo-party-member', 'signUp', { meetingId: meeting.id });

  // 积分超市: a catalogue, his points, one redemption to pick up
  await seedShop(call, now);

  // 消息: what the timers would do within a minute — outboxes to notifications, notifications to the inboxes
  for (const fn of functions) if (fn.timers.deliver) await fn.runTimer('deliver', { now: () => now });
  await functions.find((f) => f.name === 'messages')!.runTimer('send', { now: () => now });
  const inbox = await call('messages', 'demo-resident', 'listInbox', {});
  const [last] = (inbox.items as Array<{ id: string }>).slice(-1);
  if (last) await call('messages', 'demo-resident', 'markRead', { id: last.id });
}
