/** 附议 (me too) is a step of the complaint's history: the contract lists `me_too` among its timeline entries. */
import { getDb } from '../../../cloudfunctions/lib/db';
import { expectOk, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const NEIGHBOUR = 'demo-party-member'; // 德轩小区 too

const file = (openid: string, requestId: string) =>
  backend.call(openid, 'complaints', 'file', {
    requestId,
    category: 'elevator',
    description: '电梯经常停运，老人上下楼困难',
  });

it('附议, by the button or by filing the same thing again, writes one timeline entry per neighbour', async () => {
  const filed = expectOk(await file(RESIDENT, 'req-metoo-0001'));
  // 同类投诉 offers the neighbour 附议; once he joined, it says why not.
  const similar = () => backend.call(NEIGHBOUR, 'complaints', 'similarOpen', { category: 'elevator' });
  expect(expectOk(await similar())[0].actions).toEqual([{ code: 'me_too', enabled: true, reason: null }]);
  const joined = expectOk(await backend.call(NEIGHBOUR, 'complaints', 'meToo', { complaintId: filed.id }));
  expect(joined.timeline.map((e) => [e.action, e.actionLabel, e.role])).toEqual([
    ['create', '投诉', 'resident'],
    ['me_too', '邻居附议', 'resident'],
  ]);
  expect(expectOk(await similar())[0].actions).toEqual([{ code: 'me_too', enabled: false, reason: 'joined' }]);
  // Twice is once.
  expect(await backend.call(NEIGHBOUR, 'complaints', 'meToo', { complaintId: filed.id })).toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
  // The filer sees a neighbour, not who (he never chose to be shown); staff see who.
  const seen = expectOk(await backend.call(RESIDENT, 'complaints', 'getDetail', { complaintId: filed.id }));
  expect(seen.timeline.at(-1)).toMatchObject({ action: 'me_too', actorName: '居民' });
  const staff = expectOk(
    await backend.call('demo-community-staff', 'complaints', 'getDetail', { complaintId: filed.id }),
  );
  expect(staff.timeline.at(-1)).toMatchObject({ action: 'me_too', actorName: '李建国' });

  // Filing it again joins it, with its entry too; later steps still number their events after it.
  const users = getDb().collection('users');
  const neighbour = (await users.where({ _id: NEIGHBOUR }).get()).data[0] as Record<string, unknown>;
  await users.add({ ...neighbour, _id: 'another-neighbour', name: '王小明', roles: [] });
  const again = expectOk(await file('another-neighbour', 'req-metoo-0002'));
  expect(again.timeline.filter((e) => e.action === 'me_too')).toHaveLength(2);
  const acknowledged = expectOk(
    await backend.call('demo-unit-member', 'complaints', 'acknowledge', { complaintId: filed.id }),
  );
  expect(acknowledged.timeline.map((e) => e.action)).toEqual(['create', 'me_too', 'me_too', 'acknowledge']);
});
