/**
 * 图片内容安全 end to end: a photo an action attaches goes to WeChat's mediaCheckAsync; until the verdict push it is
 * seen only by its uploader and the staff handling the subject; a risky one stays hidden from everyone but its
 * uploader, who is told, and staff read that a photo was removed. A step the machine refuses sends nothing.
 */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { expectOk, at, T0, useTestBackend } from '../helpers/functions';
import { getDb } from '../../cloudfunctions/lib/db';
import { onMediaVerdict } from '../../cloudfunctions/lib/media';
import { main as messagesMain } from '../../cloudfunctions/messages/index';
import { complaintInput, dexuanResidents } from '../factories/complaints';
import { STAFF, topicInput } from '../factories/councils';
import { taskInput } from '../factories/inputs';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const VOLUNTEER = 'demo-party-member';
const FINE = 'local://photos/demo-resident/aaaaaaaaaaaaaaaaaaaaaaaa.jpg';
const RISKY = 'local://photos/demo-resident/risky0000000000000000000.jpg';

const mediaCalls = () => backend.wechat.calls.filter((c) => c.apiName === 'security.mediaCheckAsync');
const checks = () => (backend.store.dump().mediaChecks ?? []) as unknown as Array<{ fileId: string; review: string }>;

/** A self-handled order with the resident's two photos, its task published so a volunteer may open it. */
async function orderWithPhotos() {
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: 'req-photos-0001',
      categoryId: 'elderly_care',
      description: '独居老人需要每周陪聊和代购',
      photos: [FINE, RISKY],
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: order.id }));
  expectOk(await backend.call(STAFF, 'orders', 'publishTask', taskInput(order.id, 24)));
  return order.id;
}

const seenBy = async (openid: string, orderId: string) => {
  const d = expectOk(await backend.call(openid, 'orders', 'getDetail', { orderId }));
  return { photos: d.photos, note: d.photoNote };
};

it('an order’s photos: pending ones only to the resident and staff; a risky one hidden, its uploader told', async () => {
  backend.wechat.holdVerdicts();
  const orderId = await orderWithPhotos();
  expect(mediaCalls()).toHaveLength(2);
  expect(checks().map((c) => c.review)).toEqual(['pending', 'pending']);

  expect(await seenBy(RESIDENT, orderId)).toEqual({ photos: [FINE, RISKY], note: '照片审核中，审核通过后他人可见' });
  expect(await seenBy(STAFF, orderId)).toEqual({ photos: [FINE, RISKY], note: null });
  expect(await seenBy(VOLUNTEER, orderId)).toEqual({ photos: [], note: null });

  backend.wechat.releaseVerdicts();
  await backend.wechat.settle();
  expect(
    checks()
      .map((c) => c.review)
      .sort(),
  ).toEqual(['passed', 'risky']);
  expect(await seenBy(RESIDENT, orderId)).toEqual({ photos: [FINE, RISKY], note: '照片含有不当内容，已对他人隐藏' });
  expect(await seenBy(STAFF, orderId)).toEqual({ photos: [FINE], note: '有照片因含有不当内容已被移除' });
  expect(await seenBy(VOLUNTEER, orderId)).toEqual({ photos: [FINE], note: null });

  const told = (backend.store.dump().notifications ?? []).filter((n) => n.audience === `user:${RESIDENT}`);
  expect(told.map((n) => n.title)).toContain('照片未通过审核：已对他人隐藏');
  const messages = FUNCTIONS.find((f) => f.name === 'messages')!;
  expectOk(await messages.runTimer('send', { now: () => at(1) }));
  const inbox = expectOk(await backend.call(RESIDENT, 'messages', 'listInbox', {}));
  expect(inbox.items.map((m) => m.title)).toContain('照片未通过审核：已对他人隐藏');
});

it('a repeated or forged verdict push changes nothing', async () => {
  backend.wechat.holdVerdicts();
  const orderId = await orderWithPhotos();
  backend.wechat.releaseVerdicts();
  await backend.wechat.settle();
  const risky = (backend.store.dump().mediaChecks ?? []).find((c) => c.review === 'risky')!;
  const passAgain = { MsgType: 'event', Event: 'wxa_media_check', result: { suggest: 'pass', label: 100 } } as const;
  expect(await onMediaVerdict(getDb(), { ...passAgain, trace_id: String(risky._id) })).toEqual({ recorded: false });
  expect(await onMediaVerdict(getDb(), { ...passAgain, trace_id: 'trace-made-up' })).toEqual({ recorded: false });
  // The deployed messages function takes the push from WeChat's 消息推送 and answers it as WeChat expects.
  expect(await messagesMain({ ...passAgain, trace_id: 'trace-made-up' })).toBe('success');
  expect(await seenBy(VOLUNTEER, orderId)).toEqual({ photos: [FINE], note: null });
});

it('a step the order’s state refuses sends its photos nowhere and writes nothing', async () => {
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: 'req-photos-0002',
      categoryId: 'water_supply',
      description: '厨房水管漏水，楼下邻居家天花板渗水',
    }),
  );
  const before = backend.store.dump();
  const refused = await backend.call(RESIDENT, 'orders', 'notFixed', {
    orderId: order.id,
    reason: '还是漏水',
    photos: [FINE],
  });
  expect(refused.ok).toBe(false);
  expect(mediaCalls()).toHaveLength(0);
  expect(backend.store.dump()).toEqual(before);
});

it('a unit’s completion photos and a volunteer’s report photos are reviewed like the resident’s', async () => {
  backend.wechat.holdVerdicts();
  const orderId = await orderWithPhotos();
  backend.setNow(at(23));
  const { tasks } = expectOk(await backend.call(STAFF, 'orders', 'getDetail', { orderId }));
  expectOk(await backend.call(VOLUNTEER, 'orders', 'claim', { taskId: tasks[0].id }));
  backend.setNow(at(24));
  expectOk(await backend.call(VOLUNTEER, 'orders', 'checkIn', { taskId: tasks[0].id }));
  const report = 'local://photos/demo-party-member/risky0000000000000000000.jpg';
  expectOk(
    await backend.call(VOLUNTEER, 'orders', 'report', { taskId: tasks[0].id, notes: '陪聊一小时', photos: [report] }),
  );
  const volunteerPhotos = async (openid: string) =>
    expectOk(await backend.call(openid, 'orders', 'getDetail', { orderId })).volunteers.flatMap((v) => v.photos);
  expect(await volunteerPhotos(VOLUNTEER)).toEqual([]); // a volunteer reads the work as a neighbour would, under review
  expect(await volunteerPhotos(STAFF)).toEqual([report]);
  backend.wechat.releaseVerdicts();
  await backend.wechat.settle();
  expect(await volunteerPhotos(STAFF)).toEqual([]);
  expect(expectOk(await backend.call(STAFF, 'orders', 'getDetail', { orderId })).photoNote).toBe(
    '有照片因含有不当内容已被移除',
  );
});

it('a complaint’s photo waits for review before the neighbours who joined it (附议) see it', async () => {
  const [neighbour] = dexuanResidents('neighbour', 1, T0);
  await getDb().collection('users').add(neighbour);
  const NEIGHBOUR = neighbour._id;
  backend.wechat.holdVerdicts();
  const filed = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput({ photos: [FINE] })));
  const photosFor = async (openid: string) =>
    expectOk(await backend.call(openid, 'complaints', 'getDetail', { complaintId: filed.id })).photos;
  expect(filed.photos).toEqual([FINE]);
  expect(filed.photoNote).toBe('照片审核中，审核通过后他人可见');
  expectOk(await backend.call(NEIGHBOUR, 'complaints', 'meToo', { complaintId: filed.id }));
  expect(await photosFor(NEIGHBOUR)).toEqual([]);
  backend.wechat.releaseVerdicts();
  await backend.wechat.settle();
  expect(await photosFor(NEIGHBOUR)).toEqual([FINE]);
});

it('a topic’s risky photo is hidden from the neighbours and its organisers', async () => {
  const topic = expectOk(await backend.call(RESIDENT, 'councils', 'proposeTopic', topicInput({ photos: [RISKY] })));
  await backend.wechat.settle();
  const list = async (openid: string, communityId?: string) =>
    expectOk(await backend.call(openid, 'councils', 'listTopics', communityId ? { communityId } : {})).items.find(
      (t) => t.id === topic.id,
    )!;
  expect((await list(RESIDENT)).photos).toEqual([RISKY]);
  expect((await list(RESIDENT)).photoNote).toBe('照片含有不当内容，已对他人隐藏');
  expect((await list(STAFF, 'cm-xiongguan')).photos).toEqual([]);
});
