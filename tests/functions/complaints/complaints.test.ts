/**
 * 物业投诉 through the real functions on the local store: file → 受理 → 答复 → 满意 → 评价; the escalation ladder
 * by the timer with a controlled clock; 附议 without duplicates; credit scores; 未诉先办 hotspots.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import { complaintInput, dexuanResidents } from '../../factories/complaints';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput } from '../../../miniprogram/shared/api';
import { enabledActions } from '../../../miniprogram/shared/complaints/capabilities';
import { expectOk, startTestBackend, type TestBackend, T0, at } from '../../helpers/functions';

let backend: TestBackend;
beforeEach(async () => {
  backend = await startTestBackend();
  backend.setNow(T0);
});
afterEach(() => backend.close());

const RESIDENT = 'demo-resident'; // 德轩小区 1号楼
const NEIGHBOUR = 'demo-party-member'; // 德轩小区 3号楼
const COMPANY = 'demo-unit-member'; // 德轩物业
const STAFF = 'demo-community-staff';
const DEPARTMENT = 'demo-department-member'; // 市住房和城乡建设局

const file = async (who = RESIDENT, extra: Partial<ActionInput<'complaints', 'file'>> = {}) =>
  expectOk(await backend.call(who, 'complaints', 'file', complaintInput(extra)));

const sweep = async (now: Date) => {
  const fn = FUNCTIONS.find((f) => f.name === 'complaints')!;
  return expectOk(await fn.runTimer('sweep', { now: () => now }));
};

/** More residents of 德轩小区 (fixtures for clusters), written straight into the store. */
async function addResidents(n: number): Promise<string[]> {
  const docs = dexuanResidents('dexuan-resident', n, T0);
  await getDb().collection('users').add(docs);
  return docs.map((d) => d._id);
}

describe('the whole flow: file → acknowledge → answer → satisfied → rated', () => {
  it('goes straight to the compound’s property company, which answers in time; the resident rates', async () => {
    const filed = await file();
    expect(filed).toMatchObject({
      status: 'filed',
      level: 'company',
      levelLabel: '物业企业',
      company: { id: 'un-dexuan-property', name: '德轩物业服务有限公司' },
      deadline: at(2).toISOString(), // acknowledge within 2 h
      relation: 'filer',
    });
    const inbox = expectOk(await backend.call(COMPANY, 'complaints', 'companyInbox', { unitId: 'un-dexuan-property' }));
    expect(inbox.items.map((c) => c.id)).toEqual([filed.id]);
    // The row carries what the company may do now: 受理 and 答复.
    expect(enabledActions(inbox.items[0].actions)).toEqual(['acknowledge', 'answer']);

    backend.setNow(at(1));
    const acknowledged = expectOk(await backend.call(COMPANY, 'complaints', 'acknowledge', { complaintId: filed.id }));
    // heating is the 24 h tier
    expect(acknowledged).toMatchObject({ status: 'acknowledged', deadline: at(24).toISOString() });
    backend.setNow(at(20));
    const answered = expectOk(
      await backend.call(COMPANY, 'complaints', 'answer', { complaintId: filed.id, notes: '已排气并调高供水温度' }),
    );
    expect(answered).toMatchObject({ status: 'answered', answer: { level: 'company', notes: '已排气并调高供水温度' } });

    const mine = expectOk(await backend.call(RESIDENT, 'complaints', 'getDetail', { complaintId: filed.id }));
    expect(enabledActions(mine.actions).sort()).toEqual(['not_satisfied', 'satisfied']);
    expect(mine.actions).toContainEqual({ code: 'me_too', enabled: false, reason: 'own_complaint' });
    expectOk(await backend.call(RESIDENT, 'complaints', 'satisfied', { complaintId: filed.id }));
    const rated = expectOk(
      await backend.call(RESIDENT, 'complaints', 'rate', { complaintId: filed.id, stars: 4, comment: '处理及时' }),
    );
    expect(rated).toMatchObject({ status: 'closed', open: false, rating: { stars: 4 }, actions: [] });
    expect(rated.timeline.map((e) => e.actionLabel)).toEqual(['投诉', '受理', '答复', '满意', '评价']);

    // A rating twice, or any step on a closed complaint: refused, nothing written.
    const before = backend.store.dump();
    expect(await backend.call(RESIDENT, 'complaints', 'rate', { complaintId: filed.id, stars: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE' },
    });
    expect(backend.store.dump()).toEqual(before);
  });

  it('a compound with no property company (无物业小区) routes to the community', async () => {
    expectOk(
      await backend.call('demo-newcomer', 'people', 'register', {
        communityId: 'cm-zixuan',
        compoundId: 'cp-yongping',
        buildingId: 'bd-yongping-1',
        name: '赵大爷',
        privacyConsentVersion: '2026-11',
      }),
    );
    const filed = await file('demo-newcomer', { category: 'sanitation', description: '楼道垃圾三天没人清运' });
    expect(filed).toMatchObject({ level: 'community', company: null, community: { id: 'cm-zixuan' } });
  });
});

describe('escalation: overdue at any step, or not satisfied, climbs one level', () => {
  it('climbs company → 社区呼叫 → 街道吹哨 → 部门报到 by the timer, each level with its own clock', async () => {
    const filed = await file();
    expect(await sweep(at(1))).toMatchObject({ escalate: 0 });
    expect(await sweep(at(2.1))).toMatchObject({ escalate: 1 });
    let seen = expectOk(await backend.call(RESIDENT, 'complaints', 'getDetail', { complaintId: filed.id }));
    expect(seen).toMatchObject({ level: 'community', escalations: 1, deadline: at(4.1).toISOString() });

    const community = expectOk(
      await backend.call(STAFF, 'complaints', 'staffInbox', { level: 'community', scopeId: 'cm-xiongguan' }),
    );
    expect(community.items.map((c) => c.id)).toEqual([filed.id]);

    expect(await sweep(at(4.2))).toMatchObject({ escalate: 1 });
    expect(await sweep(at(6.3))).toMatchObject({ escalate: 1 });
    seen = expectOk(await backend.call(RESIDENT, 'complaints', 'getDetail', { complaintId: filed.id }));
    expect(seen).toMatchObject({ level: 'department', department: { id: 'un-housing-dept' }, escalations: 3 });
    expect(seen.timeline.map((e) => e.actionLabel)).toEqual([
      '投诉',
      '超时升级 · 社区呼叫',
      '超时升级 · 街道吹哨',
      '超时升级 · 部门报到',
    ]);
    // The last level has nowhere to climb: it stays, shown overdue.
    expect(await sweep(at(100))).toMatchObject({ escalate: 0 });
    backend.setNow(at(100));

    const department = expectOk(
      await backend.call(DEPARTMENT, 'complaints', 'staffInbox', { level: 'department', scopeId: 'un-housing-dept' }),
    );
    expect(department.items.map((c) => [c.id, c.overdue])).toEqual([[filed.id, true]]);
    const answered = expectOk(
      await backend.call(DEPARTMENT, 'complaints', 'answer', {
        complaintId: filed.id,
        notes: '已约谈供热企业并限期整改',
      }),
    );
    expect(answered).toMatchObject({ status: 'answered', answer: { level: 'department' } });
    // the company may no longer act once the department holds it
    expect(await backend.call(COMPANY, 'complaints', 'acknowledge', { complaintId: filed.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('"not satisfied" sends it one level up, with the reason on the timeline the resident sees', async () => {
    const filed = await file();
    expectOk(await backend.call(COMPANY, 'complaints', 'answer', { complaintId: filed.id, notes: '已处理' }));
    const up = expectOk(
      await backend.call(RESIDENT, 'complaints', 'notSatisfied', { complaintId: filed.id, reason: '暖气还是不热' }),
    );
    expect(up).toMatchObject({ status: 'filed', level: 'community', escalations: 1 });
    expect(up.timeline.at(-1)).toMatchObject({ actionLabel: '不满意 · 社区呼叫', reason: '暖气还是不热' });
  });

  it('staff close it as not the company’s responsibility, with a reason: an honest end, not "resolved"', async () => {
    const filed = await file();
    const closed = expectOk(
      await backend.call(STAFF, 'complaints', 'closeNotResponsible', {
        complaintId: filed.id,
        reason: '系市政供热管网故障，已转供热公司',
      }),
    );
    expect(closed).toMatchObject({
      status: 'not_responsible',
      open: false,
      closingReason: '系市政供热管网故障，已转供热公司',
    });
  });
});

describe('附议 (me too): never a duplicate', () => {
  it('shows the open complaint of the same compound and category before filing; me too joins it', async () => {
    const filed = await file();
    const similar = expectOk(await backend.call(NEIGHBOUR, 'complaints', 'similarOpen', { category: 'heating' }));
    expect(similar.map((c) => [c.id, c.filerName, c.relation])).toEqual([[filed.id, null, null]]);
    const joined = expectOk(await backend.call(NEIGHBOUR, 'complaints', 'meToo', { complaintId: filed.id }));
    expect(joined).toMatchObject({ supporters: 1, relation: 'supporter' });
    expect(await backend.call(NEIGHBOUR, 'complaints', 'meToo', { complaintId: filed.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    // the neighbour hears of the next step
    expectOk(await backend.call(COMPANY, 'complaints', 'acknowledge', { complaintId: filed.id }));
    const notices = (await backend.delivered()).notifications!.map((n) => n.audience);
    expect(notices).toContain('user:demo-party-member');
    const mine = expectOk(await backend.call(NEIGHBOUR, 'complaints', 'listMine', {}));
    expect(mine.items.map((c) => c.id)).toEqual([filed.id]);
  });

  it('filing the same category in the same compound joins the open complaint instead of opening another', async () => {
    const filed = await file();
    const second = await file(NEIGHBOUR, { description: '我家暖气也不热' });
    expect(second.id).toBe(filed.id);
    expect(second.relation).toBe('supporter');
    expect(backend.store.dump().complaints).toHaveLength(1);
  });

  it('ten neighbours filing at the same moment make one complaint with nine supporters', async () => {
    const residents = await addResidents(10);
    const results = await Promise.all(
      residents.map((who) => backend.call(who, 'complaints', 'file', complaintInput())),
    );
    const ids = new Set(results.map((r) => expectOk(r).id));
    expect(ids.size).toBe(1);
    const complaints = backend.store.dump().complaints!;
    expect(complaints).toHaveLength(1);
    expect(complaints[0].supporters).toHaveLength(9);
  });

  it('after the complaint closes, a new one may be filed', async () => {
    const filed = await file();
    expectOk(
      await backend.call(STAFF, 'complaints', 'closeNotResponsible', { complaintId: filed.id, reason: '非物业责任' }),
    );
    const again = await file(NEIGHBOUR);
    expect(again.id).not.toBe(filed.id);
    expect(again.relation).toBe('filer');
  });
});

describe('credit score and hotspots', () => {
  it('residents see their company’s score and trend; staff see the ranking', async () => {
    const filed = await file();
    expectOk(await backend.call(COMPANY, 'complaints', 'acknowledge', { complaintId: filed.id }));
    const fn = FUNCTIONS.find((f) => f.name === 'complaints')!;
    expectOk(await fn.runTimer('scoreCredit', { now: () => at(3) }));
    const mine = expectOk(await backend.call(RESIDENT, 'complaints', 'companyScore', {}));
    expect(mine.score).toMatchObject({ company: { id: 'un-dexuan-property' }, complaints: 1 });
    expect(mine.score!.score).toBeGreaterThan(0);
    expect(mine.trend).toHaveLength(6);
    const ranking = expectOk(await backend.call(STAFF, 'complaints', 'companyRanking', {}));
    expect(ranking.items.map((s) => s.rank)).toEqual(ranking.items.map((_, i) => i + 1));
    expect(ranking.items.map((s) => s.company.id)).toContain('un-dexuan-property');
  });

  it('a heating surge in one compound is a hotspot; a proactive order links the complaints and tells the households', async () => {
    const residents = await addResidents(6);
    // five separate heating complaints in 德轩 (each closed before the next is filed, so none joins another)
    for (const who of residents.slice(0, 5)) {
      const c = await file(who);
      expectOk(
        await backend.call(STAFF, 'complaints', 'closeNotResponsible', { complaintId: c.id, reason: '合并处理' }),
      );
    }
    await file(residents[5], { category: 'noise', description: '夜里装修噪音很大' });
    const hot = expectOk(await backend.call(STAFF, 'complaints', 'hotspots', { communityId: 'cm-xiongguan' }));
    const heating = hot.items.find((h) => h.key === 'heating:compound:cp-dexuan');
    expect(heating).toMatchObject({ households: 5, complaints: 5, proactiveOrderId: null });
    expect(hot.items.find((h) => h.category.id === 'noise')).toBeUndefined();

    const { orderId } = expectOk(
      await backend.call(STAFF, 'complaints', 'openProactiveOrder', {
        requestId: 'proactive-0001',
        communityId: 'cm-xiongguan',
        hotspotKey: 'heating:compound:cp-dexuan',
        windowDays: 7,
        description: '德轩小区集中反映暖气不热，社区协调供热公司入户排查',
      }),
    );
    const order = backend.store.dump().orders!.find((o) => o._id === orderId)!;
    expect(order).toMatchObject({ status: 'submitted', categoryId: 'heating', origin: { kind: 'hotspot' } });
    for (const c of backend.store.dump().complaints!.filter((c) => c.category === 'heating')) {
      expect(c.proactiveOrderId).toBe(orderId);
    }
    const told = (await backend.delivered()).notifications!.filter((n) => (n.subject as { id: string }).id === orderId);
    expect(told.map((n) => n.audience).sort()).toEqual(
      ['compound_residents:cp-dexuan', ...residents.slice(0, 5).map((r) => `user:${r}`)].sort(),
    );

    // a later complaint in the cluster links to it
    const later = await file(RESIDENT);
    expect(later.proactiveOrderId).toBe(orderId);
  });
});

describe('bad input: a clear error and nothing written', () => {
  it('refuses a building of another compound', async () => {
    const before = backend.store.dump();
    const res = await backend.call(RESIDENT, 'complaints', 'file', complaintInput({ buildingId: 'bd-longhu-1' }));
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(backend.store.dump()).toEqual(before);
  });

  it('refuses a company answering another company’s complaint, and steps out of order', async () => {
    const filed = await file();
    await getDb()
      .collection('users')
      .add({
        _id: 'longhu-staff',
        name: '龙湖物业客服',
        roles: [{ role: 'unit_member', scopeType: 'unit', scopeId: 'un-longhu-property', scopeName: '龙湖' }],
        createdAt: T0,
        updatedAt: T0,
      });
    const before = backend.store.dump();
    for (const [who, action, payload, code] of [
      // Outsiders are answered as if it did not exist (existence.test.ts).
      ['longhu-staff', 'answer', { complaintId: filed.id, notes: '不是我们的' }, 'NOT_FOUND'],
      [RESIDENT, 'satisfied', { complaintId: filed.id }, 'INVALID_STATE'],
      [RESIDENT, 'rate', { complaintId: filed.id, stars: 5 }, 'INVALID_STATE'],
      [COMPANY, 'refer', { complaintId: filed.id, reason: '上报' }, 'FORBIDDEN'],
      [NEIGHBOUR, 'satisfied', { complaintId: filed.id }, 'FORBIDDEN'],
      ['demo-resident-changsheng', 'meToo', { complaintId: filed.id }, 'NOT_FOUND'],
    ] as const) {
      const res = await backend.send(who, 'complaints', { action, payload });
      expect([action, res]).toEqual([
        action,
        expect.objectContaining({ ok: false, error: expect.objectContaining({ code }) }),
      ]);
    }
    expect(backend.store.dump()).toEqual(before);
  });
});
