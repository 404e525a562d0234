/**
 * A photo is a file id of the caller's own upload (shared/photos.ts): another person's file, a script or an
 * outside address is refused with a structured error naming each one, and nothing is written.
 */
import { expectOk, useTestBackend } from '../helpers/functions';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const own = (name: string, openid = RESIDENT) => `local://photos/${openid}/${name}.jpg`;
const NOT_HIS = [own('neighbour', 'demo-party-member'), 'javascript:alert(1)', 'https://example.com/a.jpg'];

/** Every refused photo is named by its place in the list. */
const refusedAt = (indexes: number[]) => ({
  ok: false,
  error: {
    code: 'VALIDATION_FAILED',
    message: '只能使用您自己上传的照片',
    details: { issues: indexes.map((i) => ({ path: `photos.${i}`, message: '只能使用您自己上传的照片' })) },
  },
});

const order = (photos: string[], requestId = 'req-photos-0001') =>
  backend.call(RESIDENT, 'orders', 'create', {
    requestId,
    categoryId: 'water_supply',
    description: '厨房水管漏水，楼下邻居家天花板渗水',
    photos,
  });

it('an order, a complaint and a topic take only the caller’s own uploads', async () => {
  const before = backend.store.dump();
  expect(await order([own('a'), ...NOT_HIS])).toEqual(refusedAt([1, 2, 3]));
  expect(
    await backend.call(RESIDENT, 'complaints', 'file', {
      requestId: 'req-photos-0002',
      category: 'elevator',
      description: '电梯经常停运，老人上下楼困难',
      photos: [NOT_HIS[0]],
    }),
  ).toEqual(refusedAt([0]));
  expect(
    await backend.call(RESIDENT, 'councils', 'proposeTopic', {
      requestId: 'req-photos-0003',
      level: 'building',
      title: '楼道堆放杂物',
      description: '楼道里堆满杂物，影响通行',
      photos: [own('b'), NOT_HIS[1]],
    }),
  ).toEqual(refusedAt([1]));
  expect(backend.store.dump()).toEqual(before);

  expect(expectOk(await order([own('a')])).photos).toEqual([own('a')]);
});

it('发回重办 keeps the photos of what is still wrong, and refuses anyone else’s', async () => {
  const created = expectOk(await order([]));
  expectOk(await backend.call(STAFF, 'orders', 'handleSelf', { orderId: created.id }));
  expectOk(
    await backend.call(STAFF, 'orders', 'complete', {
      orderId: created.id,
      notes: '已更换水管',
      photos: [own('done', STAFF)],
    }),
  );
  const before = backend.store.dump();
  const refused = await backend.call(RESIDENT, 'orders', 'notFixed', {
    orderId: created.id,
    reason: '还在漏水',
    photos: [own('done', STAFF)],
  });
  expect(refused).toEqual(refusedAt([0]));
  expect(backend.store.dump()).toEqual(before);

  const back = expectOk(
    await backend.call(RESIDENT, 'orders', 'notFixed', {
      orderId: created.id,
      reason: '还在漏水',
      photos: [own('leak')],
    }),
  );
  expect(back.timeline.at(-1)).toMatchObject({ action: 'not_fixed', photos: [own('leak')] });
});
