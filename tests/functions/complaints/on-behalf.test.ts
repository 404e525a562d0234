/**
 * 代办投诉: staff take a complaint down for a member who phoned or came in — filed as his own (his 我的投诉, his
 * 附议 when the same complaint is open), marked with how it was taken; a grid worker only for his grid.
 */
import type { ActionInput } from '../../../miniprogram/shared/api';
import { expectOk, T0, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();

const STAFF = 'demo-community-staff'; // 陈明, 雄关社区
const OTHER_STAFF = 'demo-staff-changsheng';
const GRID_WORKER = 'demo-grid-worker'; // 第一网格: 德轩小区1–2号楼
const RESIDENT = 'demo-resident'; // 张桂兰, 德轩小区1号楼
const NEIGHBOUR = 'demo-party-member'; // 李建国, 德轩小区3号楼 (second grid)
const COMPANY = 'demo-unit-member'; // 德轩物业

type OnBehalf = ActionInput<'complaints', 'fileOnBehalf'>;

const onBehalf = (extra: Partial<OnBehalf> = {}): OnBehalf => ({
  requestId: 'intake-cpl-0001',
  channel: 'phone',
  resident: { memberId: RESIDENT },
  communityId: 'cm-xiongguan',
  compoundId: 'cp-dexuan',
  buildingId: 'bd-dexuan-1',
  category: 'heating',
  description: '电话反映：暖气片一直不热，室温只有14度',
  ...extra,
});

describe('代办投诉 for a member', () => {
  it('is his complaint, in his 我的投诉 and the company’s inbox, marked 电话代办', async () => {
    backend.setNow(T0);
    const filed = expectOk(await backend.call(STAFF, 'complaints', 'fileOnBehalf', onBehalf()));
    expect(filed).toMatchObject({ status: 'filed', channelTag: '电话代办' });
    const mine = expectOk(await backend.call(RESIDENT, 'complaints', 'listMine', {}));
    expect(mine.items.map((c) => [c.id, c.relation, c.channelTag])).toEqual([[filed.id, 'filer', '电话代办']]);
    const inbox = expectOk(await backend.call(COMPANY, 'complaints', 'companyInbox', { unitId: 'un-dexuan-property' }));
    expect(inbox.items.find((c) => c.id === filed.id)?.channelTag).toBe('电话代办');
    const stored = backend.store.dump().complaints?.find((c) => c._id === filed.id);
    expect(stored).toMatchObject({
      filerId: RESIDENT,
      channel: 'phone',
      takenBy: { id: STAFF, name: '陈明', role: 'community_staff', resident: 'member' },
    });
    // A retry finds it.
    const again = expectOk(await backend.call(STAFF, 'complaints', 'fileOnBehalf', onBehalf()));
    expect(again.id).toBe(filed.id);
  });

  it('joins (附议) the open complaint of his compound as he would', async () => {
    const first = expectOk(
      await backend.call(
        STAFF,
        'complaints',
        'fileOnBehalf',
        onBehalf({ resident: { memberId: NEIGHBOUR }, buildingId: 'bd-dexuan-3' }),
      ),
    );
    const joined = expectOk(
      await backend.call(STAFF, 'complaints', 'fileOnBehalf', onBehalf({ requestId: 'intake-cpl-0002' })),
    );
    expect(joined.id).toBe(first.id);
    expect(joined.supporters).toBe(1);
    const mine = expectOk(await backend.call(RESIDENT, 'complaints', 'listMine', {}));
    expect(mine.items.map((c) => c.relation)).toEqual(['supporter']);
  });

  it('a grid worker only for his grid’s households; nobody for another community’s; nothing written', async () => {
    expectOk(await backend.call(GRID_WORKER, 'complaints', 'fileOnBehalf', onBehalf()));
    const refusals = [
      await backend.call(
        GRID_WORKER,
        'complaints',
        'fileOnBehalf',
        onBehalf({ requestId: 'intake-cpl-0003', resident: { memberId: NEIGHBOUR }, buildingId: 'bd-dexuan-3' }),
      ),
      await backend.call(
        GRID_WORKER,
        'complaints',
        'fileOnBehalf',
        onBehalf({ requestId: 'intake-cpl-0004', resident: { memberId: NEIGHBOUR } }),
      ),
      await backend.call(OTHER_STAFF, 'complaints', 'fileOnBehalf', onBehalf({ requestId: 'intake-cpl-0005' })),
      await backend.call(RESIDENT, 'complaints', 'fileOnBehalf', onBehalf({ requestId: 'intake-cpl-0006' })),
    ];
    expect(refusals.map((r) => !r.ok && r.error.code)).toEqual(['FORBIDDEN', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN']);
    expect(backend.store.dump().complaints ?? []).toHaveLength(1);
  });

  it.each<[string, Partial<OnBehalf>]>([
    ['a resident recorded by name and phone', { resident: { name: '马大爷', phone: '13912345678' } as never }],
    ['a building of another compound', { compoundId: 'cp-longhu' }],
    ['a member who does not exist', { resident: { memberId: 'nobody' } }],
    ['a description too short', { description: '不热' }],
    ['the mini-program as the channel', { channel: 'mini_program' as never }],
  ])('refuses %s and writes nothing', async (_why, extra) => {
    const result = await backend.call(STAFF, 'complaints', 'fileOnBehalf', onBehalf(extra));
    expect(result.ok).toBe(false);
    expect(backend.store.dump().complaints ?? []).toHaveLength(0);
  });
});
