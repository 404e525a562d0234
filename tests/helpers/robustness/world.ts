/**
 * A seeded backend with something of everything in it — orders, a volunteer task, complaints at several levels,
 * meetings before, during and after, topics, an application — so that generated ids point at real documents in
 * many states, and the checks behind validation get exercised too.
 */
import { expectOk, type TestBackend } from '../functions';

export const NOW = new Date('2026-11-02T09:00:00+08:00');
export const at = (hours: number) => new Date(NOW.getTime() + hours * 3600_000);

export const PERSONAS = {
  unregistered: 'demo-newcomer',
  resident: 'demo-resident',
  residentElsewhere: 'demo-resident-changsheng',
  partyMember: 'demo-party-member',
  unitMember: 'demo-unit-member',
  departmentMember: 'demo-department-member',
  gridWorker: 'demo-grid-worker',
  staff: 'demo-community-staff',
  staffElsewhere: 'demo-staff-changsheng',
  streetStaff: 'demo-street-staff',
  admin: 'demo-admin',
  stranger: 'robustness-stranger',
} as const;
export type Persona = keyof typeof PERSONAS;

let seq = 0;
const requestId = (what: string) => `rb-${what}-${String(++seq).padStart(6, '0')}`;

/**
 * Builds the world at NOW, then leaves the clock at NOW + 90 min: one meeting has started (minutes may be
 * published), one has its minutes out, one is two days ahead with sign-up open; the task's window is running.
 */
export async function buildWorld(backend: TestBackend): Promise<void> {
  backend.setNow(NOW);
  const call = backend.call.bind(backend);
  const order = async () =>
    expectOk(
      await call('demo-resident', 'orders', 'create', {
        requestId: requestId('order'),
        categoryId: 'water_supply',
        description: '厨房水管漏水，需要维修',
      }),
    ).id;
  // submitted, dispatched, accepted → published (task running), completed, confirmed
  await order();
  const dispatched = await order();
  expectOk(
    await call('demo-community-staff', 'orders', 'dispatch', { orderId: dispatched, unitId: 'un-dexuan-property' }),
  );
  const accepted = [await order(), await order(), await order()];
  for (const id of accepted) {
    expectOk(await call('demo-community-staff', 'orders', 'dispatch', { orderId: id, unitId: 'un-dexuan-property' }));
    expectOk(await call('demo-unit-member', 'orders', 'accept', { orderId: id }));
  }
  const task = expectOk(
    await call('demo-unit-member', 'orders', 'publishTask', {
      orderId: accepted[0],
      title: '协助维修',
      description: '',
      place: '德轩小区1号楼',
      slots: 2,
      startAt: at(1).toISOString(),
      endAt: at(4).toISOString(),
    }),
  );
  expectOk(await call('demo-party-member', 'orders', 'claim', { taskId: task.id }));
  expectOk(await call('demo-unit-member', 'orders', 'complete', { orderId: accepted[1], notes: '已修好' }));
  expectOk(await call('demo-unit-member', 'orders', 'complete', { orderId: accepted[2], notes: '已修好' }));
  expectOk(await call('demo-resident', 'orders', 'confirm', { orderId: accepted[2] }));

  // complaints: filed, answered, confirmed, at the community
  const file = async (category: 'heating' | 'noise' | 'parking' | 'sanitation') =>
    expectOk(
      await call('demo-resident', 'complaints', 'file', {
        requestId: requestId('complaint'),
        category,
        description: '问题一直没有解决，请尽快处理',
      }),
    ).id;
  await file('heating');
  const answered = await file('noise');
  expectOk(await call('demo-unit-member', 'complaints', 'answer', { complaintId: answered, notes: '已处理' }));
  const confirmed = await file('parking');
  expectOk(await call('demo-unit-member', 'complaints', 'answer', { complaintId: confirmed, notes: '已处理' }));
  expectOk(await call('demo-resident', 'complaints', 'satisfied', { complaintId: confirmed }));
  const climbed = await file('sanitation');
  expectOk(await call('demo-unit-member', 'complaints', 'answer', { complaintId: climbed, notes: '已处理' }));
  expectOk(await call('demo-resident', 'complaints', 'notSatisfied', { complaintId: climbed, reason: '没有处理' }));

  // councils: a topic, a meeting two days ahead (signed up), one starting in an hour, one with minutes
  expectOk(
    await call('demo-resident', 'councils', 'proposeTopic', {
      requestId: requestId('topic'),
      level: 'community',
      title: '老旧小区加装电梯',
      description: '德轩小区多为老人，上下楼困难',
    }),
  );
  const meeting = (startIn: number, deadlineIn: number) =>
    call('demo-community-staff', 'councils', 'createMeeting', {
      requestId: requestId('meeting'),
      level: 'community',
      placeId: 'cm-xiongguan',
      title: '加装电梯议事会',
      startAt: at(startIn).toISOString(),
      endAt: at(startIn + 2).toISOString(),
      signUpDeadline: at(deadlineIn).toISOString(),
      place: '党群服务中心',
      capacity: 3,
    });
  const ahead = expectOk(await meeting(48, 24));
  expectOk(await call('demo-resident', 'councils', 'signUp', { meetingId: ahead.id }));
  const soon = expectOk(await meeting(1, 0.5));
  expectOk(await call('demo-resident', 'councils', 'signUp', { meetingId: soon.id }));
  const past = expectOk(await meeting(0.25, 0.1));
  backend.setNow(at(0.5));
  expectOk(
    await call('demo-community-staff', 'councils', 'publishMinutes', {
      meetingId: past.id,
      minutes: '会议讨论了加装电梯的方案',
      resolutions: [{ text: '成立加装电梯工作组' }],
    }),
  );
  expectOk(
    await call('demo-resident', 'people', 'applyPartyMember', {
      communityId: 'cm-xiongguan',
      workUnit: '市自然资源局',
      partyOrganization: '机关党支部',
    }),
  );
  backend.setNow(at(1.5));
}

type Doc = Record<string, unknown> & { _id: string };

/** Every document id in the store, and the ids each kind of `*Id` field most likely means. */
export function idPools(backend: TestBackend): { ids: string[]; pools: Record<string, string[]> } {
  const dump = backend.store.dump() as unknown as Record<string, Doc[]>;
  const of = (collection: string, kind?: string) =>
    (dump[collection] ?? []).filter((d) => kind === undefined || d.kind === kind).map((d) => d._id);
  const orders = dump.orders ?? [];
  const meetings = dump.meetings ?? [];
  const pools: Record<string, string[]> = {
    orderId: of('orders'),
    complaintId: of('complaints'),
    meetingId: of('meetings'),
    topicId: of('topics'),
    applicationId: of('applications'),
    userId: of('users'),
    unitId: of('units'),
    departmentId: of('units'),
    communityId: of('places', 'community'),
    compoundId: of('places', 'compound'),
    buildingId: of('places', 'building'),
    gridId: of('places', 'grid'),
    streetId: of('places', 'street'),
    placeId: of('places'),
    scopeId: [...of('places'), ...of('units')],
    taskId: orders.flatMap((o) => ((o.task as { id?: string } | null)?.id ? [(o.task as { id: string }).id] : [])),
    resolutionId: meetings.flatMap((m) =>
      ((m.resolutions as Array<{ id: string }> | undefined) ?? []).map((r) => r.id),
    ),
  };
  const ids = [...new Set(Object.values(dump).flatMap((docs) => docs.map((d) => String(d._id))))];
  const valid = (list: string[]) => list.filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
  return {
    ids: valid([...ids, ...pools.taskId, ...pools.resolutionId]),
    pools: Object.fromEntries(Object.entries(pools).map(([k, v]) => [k, valid(v)])),
  };
}
