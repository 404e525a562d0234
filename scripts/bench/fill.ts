/**
 * Local stores filled to a size: the demo seed, then copies of real documents (made through the functions) written
 * straight into the store — orders, complaints and meetings at the size asked (meetings: one per ten) — plus the
 * residents and volunteers the measured calls act as, and a volunteer task with a slot for every claim.
 */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { attachLocalCloud, seedIfEmpty } from '../../local-backend/backend';
import { Store, type Doc } from '../../local-backend/db/store';
import type { Result } from '../../miniprogram/shared/result';

/** The fill's clock: now, so a server started on the filled store (real clock) finds tasks and meetings ahead. */
export const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const COMMUNITIES = ['cm-xiongguan', 'cm-changsheng', 'cm-zixuan', 'cm-jianshe', 'cm-tienan', 'cm-ziting'];

export const callFn = (fn: string, openid: string, action: string, payload: unknown) =>
  FUNCTIONS.find((f) => f.name === fn)!.handle({ action, payload }, { openid }, { now: () => NOW }) as Promise<
    Result<Record<string, unknown>>
  >;

async function made(fn: string, openid: string, action: string, payload: unknown) {
  const res = await callFn(fn, openid, action, payload);
  if (!res.ok) throw new Error(`${fn}.${action}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** `count` copies of a stored document, each changed by `vary`, committed 1000 at a time. */
export function fillCopies(
  store: Store,
  collection: string,
  base: Doc,
  count: number,
  vary: (i: number) => Partial<Doc>,
) {
  const batch = [];
  for (let i = 0; i < count; i++) {
    const doc = { ...base, ...vary(i), _id: `bench_${collection}_${i}` } as Doc;
    batch.push({ collection, id: doc._id, doc });
    if (batch.length === 1000) store.commit(batch.splice(0));
  }
  if (batch.length) store.commit(batch);
}

const users = (prefix: string, count: number, doc: (i: number) => Record<string, unknown>) =>
  Array.from({ length: count }, (_, i) => ({
    collection: 'users',
    id: `${prefix}-${i}`,
    doc: { _id: `${prefix}-${i}`, roles: [], ...doc(i) } as Doc,
  }));

/** Residents of 德轩小区 (complaints, sign-ups) and party members of 雄关社区 (claims): `people` of each. */
export const neighbourId = (i: number) => `bench-neighbour-${i}`;
export const volunteerId = (i: number) => `bench-volunteer-${i}`;

export interface Filled {
  store: Store;
  detach: () => void;
  meetingId: string;
  taskId: string;
}

/** The template order is the demo resident's, so `listMine` finds it among the copies. */
export async function filledStore(size: number, people: number, store = Store.memory()): Promise<Filled> {
  // What users publish is checked with WeChat (内容安全): the emulator answers, as it does under npm start.
  const { detach } = attachLocalCloud(store, { now: () => NOW, verdictDelayMs: 0 });
  await seedIfEmpty(store, NOW);
  const order = await made('orders', 'demo-resident', 'create', {
    requestId: 'bench-template',
    categoryId: 'home_repair',
    description: '批量生成的测试工单',
  });
  const states = ['submitted', 'dispatched', 'accepted', 'completed', 'closed', 'closed', 'closed'];
  fillCopies(store, 'orders', store.get('orders', order.id as string)!, size, (i) => {
    const at = new Date(NOW.getTime() - i * 60_000).toISOString();
    return {
      residentId: `bench-resident-${i % 5000}`,
      communityId: COMMUNITIES[i % COMMUNITIES.length],
      unitId: i % 3 === 0 ? 'un-dexuan-property' : null,
      status: states[i % states.length],
      createdAt: at,
      stateSince: at,
      deadline: at,
      updatedAt: at,
    };
  });
  const complaint = await made('complaints', 'demo-party-member', 'file', {
    requestId: 'bench-complaint-template',
    category: 'other',
    description: '批量生成的测试投诉',
  });
  fillCopies(store, 'complaints', store.get('complaints', complaint.id as string)!, size, (i) => ({
    communityId: COMMUNITIES[i % COMMUNITIES.length],
    compoundId: `bench-compound-${i % 500}`,
    filerId: `bench-resident-${i % 5000}`,
    supporters: [`bench-resident-${i % 5000}`],
    status: ['filed', 'acknowledged', 'closed', 'closed'][i % 4],
    createdAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
  }));
  const meeting = await made('councils', 'demo-community-staff', 'createMeeting', {
    requestId: 'bench-meeting-template',
    level: 'community',
    placeId: 'cm-xiongguan',
    title: '基准测试议事会',
    startAt: new Date(NOW.getTime() + 48 * 3600_000).toISOString(),
    endAt: new Date(NOW.getTime() + 50 * 3600_000).toISOString(),
    signUpDeadline: new Date(NOW.getTime() + 24 * 3600_000).toISOString(),
    place: '党群服务中心',
    capacity: 200,
  });
  fillCopies(store, 'meetings', store.get('meetings', meeting.id as string)!, Math.floor(size / 10), (i) => ({
    communityId: COMMUNITIES[i % COMMUNITIES.length],
    scopeKey: `community:${COMMUNITIES[i % COMMUNITIES.length]}`,
    startAt: new Date(NOW.getTime() + (i % 90) * 86_400_000).toISOString(),
  }));
  store.commit(
    users('bench-neighbour', people, (i) => ({
      name: `住户${i}`,
      streetId: 'st-xiongguan',
      communityId: 'cm-xiongguan',
      compoundId: 'cp-dexuan',
      buildingId: 'bd-dexuan-1',
      gridId: 'gr-xiongguan-1',
    })),
  );
  store.commit(
    users('bench-volunteer', people, (i) => ({
      name: `志愿者${i}`,
      roles: [{ role: 'party_member', scopeType: 'community', scopeId: 'cm-xiongguan', scopeName: '雄关社区' }],
    })),
  );
  const taskOrder = await made('orders', 'demo-resident', 'create', {
    requestId: 'bench-task-order',
    categoryId: 'elderly_care',
    description: '基准测试用的志愿任务',
  });
  await made('orders', 'demo-community-staff', 'handleSelf', { orderId: taskOrder.id });
  const task = await made('orders', 'demo-community-staff', 'publishTask', {
    orderId: taskOrder.id,
    title: '基准任务',
    description: '',
    place: '社区',
    slots: 50, // the most a task may have: claims past them are refused (满员)
    startAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
    endAt: new Date(NOW.getTime() + 90_000_000).toISOString(),
  });
  return { store, detach, meetingId: meeting.id as string, taskId: task.id as string };
}
