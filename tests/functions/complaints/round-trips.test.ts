/**
 * 物业投诉, counted at the request seam: every action reads what it needs with the caller and then writes one
 * document — at most 3 database round trips, racing neighbours included — and what spans two documents (a proactive
 * order and the complaints it links) is repaired by a retry of the same request after a crash between the writes, or
 * by the next request to open an order for the same hotspot.
 * Reads never write.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import { complaintInput, dexuanResidents } from '../../factories/complaints';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput, ActionName } from '../../../miniprogram/shared/api';
import { expectOk, startTestBackend, type TestBackend } from '../../helpers/functions';
import { aroundRequests, countRequests, crashAt, uncounted, type RequestPicker } from '../../helpers/seam';

let backend: TestBackend;
beforeEach(async () => {
  backend = await startTestBackend();
  backend.setNow(T0);
});
afterEach(() => backend.close());

const T0 = new Date('2026-11-02T09:00:00+08:00');
const RESIDENT = 'demo-resident'; // 德轩小区 1号楼
const NEIGHBOUR = 'demo-party-member'; // 德轩小区
const COMPANY = 'demo-unit-member'; // 德轩物业
const STAFF = 'demo-community-staff'; // 雄关社区
const STREET = 'demo-street-staff'; // 雄关街道

/** Each call's requests, concurrent calls told apart. */
const counted = <A extends ActionName<'complaints'>>(who: string, action: A, payload: ActionInput<'complaints', A>) =>
  countRequests(() => backend.call(who, 'complaints', action, payload));

async function addResidents(n: number): Promise<string[]> {
  const docs = dexuanResidents('trips-resident', n, T0);
  await getDb().collection('users').add(docs);
  return docs.map((d) => d._id);
}

/** The links' write: the second of opening a proactive order. */
const linkWrite: RequestPicker = (action, collection) =>
  action === 'database.modifyDocument' && collection === 'complaints';

describe('filing: the caller, his places and the complaints to join in one read, then one write', () => {
  it('files in 2 round trips, joins the open complaint in 2, and a retry of the request finds its complaint', async () => {
    const filed = await counted(RESIDENT, 'file', complaintInput({ requestId: 'trips-first' }));
    expect(filed.requests).toEqual(['aggregate users', 'insert complaints']);
    const complaint = expectOk(filed.result);
    expect(complaint).toMatchObject({ relation: 'filer', company: { name: '德轩物业服务有限公司' } });

    const joined = await counted(NEIGHBOUR, 'file', complaintInput({ description: '我家暖气也不热' }));
    expect(joined.requests).toEqual(['aggregate users', 'modifyAndReturn complaints']);
    expect(expectOk(joined.result)).toMatchObject({ id: complaint.id, relation: 'supporter', supporters: 1 });

    // The same request again (a lost reply): its complaint, nothing written.
    const before = backend.store.dump();
    const retried = await counted(RESIDENT, 'file', complaintInput({ requestId: 'trips-first' }));
    expect(retried.requests).toEqual(['aggregate users']);
    expect(expectOk(retried.result)).toMatchObject({ id: complaint.id, relation: 'filer', supporters: 1 });
    expect(backend.store.dump()).toEqual(before);

    // A new request by the filer, or a second 附议 by the neighbour: refused as before, nothing written.
    expect((await counted(RESIDENT, 'file', complaintInput())).result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '这是您自己的投诉' },
    });
    expect((await counted(NEIGHBOUR, 'file', complaintInput())).result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '您已附议' },
    });
    expect(backend.store.dump()).toEqual(before);
  });

  it('the filing notice travels in the complaint and reaches the company once delivered, once', async () => {
    const complaint = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    const stored = () => backend.store.dump().complaints!.find((c) => c._id === complaint.id)!;
    expect(stored()).toMatchObject({ outboxSize: 1 });
    expect(backend.store.dump().notifications ?? []).toHaveLength(0);
    await backend.deliver();
    await backend.deliver();
    expect((backend.store.dump().notifications ?? []).map((n) => [n.audience, n.title])).toEqual([
      ['unit:un-dexuan-property', '新投诉：供暖'],
    ]);
    expect(stored()).toMatchObject({ outboxSize: 0 });
  });

  it('a retry after the complaint closed still finds it, instead of filing a second one', async () => {
    const complaint = expectOk(
      await backend.call(RESIDENT, 'complaints', 'file', complaintInput({ requestId: 'trips-old' })),
    );
    expectOk(
      await backend.call(STAFF, 'complaints', 'closeNotResponsible', {
        complaintId: complaint.id,
        reason: '非物业责任',
      }),
    );
    const retried = expectOk(
      await backend.call(RESIDENT, 'complaints', 'file', complaintInput({ requestId: 'trips-old' })),
    );
    expect(retried).toMatchObject({ id: complaint.id, status: 'not_responsible' });
    expect(backend.store.dump().complaints).toHaveLength(1);
  });

  it('neighbours filing at once: one complaint, every call within 3 round trips', async () => {
    const residents = await addResidents(8);
    const calls = await Promise.all(residents.map((who) => counted(who, 'file', complaintInput())));
    const ids = new Set(calls.map((c) => expectOk(c.result).id));
    expect(ids.size).toBe(1);
    expect(backend.store.dump().complaints).toHaveLength(1);
    expect(backend.store.dump().complaints![0].supporters).toHaveLength(7);
    for (const call of calls) expect(call.requests.length).toBeLessThanOrEqual(3);
    // some lost the insert to a neighbour and joined his complaint at once
    expect(calls.map((c) => c.requests.join(' → '))).toContain(
      'aggregate users → insert complaints → modifyAndReturn complaints',
    );
  });

  it('the same request sent twice at once files one complaint, and both answers are it', async () => {
    const input = complaintInput({ requestId: 'trips-twin' });
    const [a, b] = await Promise.all([counted(RESIDENT, 'file', input), counted(RESIDENT, 'file', input)]);
    expect(expectOk(a.result).id).toBe(expectOk(b.result).id);
    expect([expectOk(a.result).relation, expectOk(b.result).relation]).toEqual(['filer', 'filer']);
    expect(backend.store.dump().complaints).toHaveLength(1);
    expect(backend.store.dump().complaints![0].supporters).toEqual([]);
    // the twin that lost the insert could not join its own complaint, and looked: 4 round trips, only here
    expect([a.requests.length, b.requests.length].sort()).toEqual([2, 4]);
  });

  it('after a complaint closes, the next one takes the following number (a new id), and numbering goes on', async () => {
    const first = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    expectOk(await backend.call(STAFF, 'complaints', 'closeNotResponsible', { complaintId: first.id, reason: '合并' }));
    const second = expectOk(await backend.call(NEIGHBOUR, 'complaints', 'file', complaintInput()));
    expect(second.id).not.toBe(first.id);
    const seqs = backend.store
      .dump()
      .complaints!.map((c) => [c._id, c.seq])
      .sort((x, y) => Number(x[1]) - Number(y[1]));
    expect(seqs).toEqual([
      [first.id, 1],
      [second.id, 2],
    ]);
  });

  it('the open complaint closing just before he joins it: he files the next one instead', async () => {
    const first = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    // staff's call, slipped in just before the neighbour joins: its requests are not the neighbour's
    const restore = aroundRequests((action) => action === 'database.modifyAndReturnDoc', {
      before: async () => {
        const closing = uncounted(() =>
          backend.call(STAFF, 'complaints', 'closeNotResponsible', { complaintId: first.id, reason: '非物业责任' }),
        );
        expectOk(await closing);
      },
    });
    try {
      const filed = await counted(NEIGHBOUR, 'file', complaintInput());
      expect(expectOk(filed.result)).toMatchObject({ relation: 'filer', status: 'filed', supporters: 0 });
      expect(expectOk(filed.result).id).not.toBe(first.id);
      expect(filed.requests).toEqual([
        'aggregate users',
        'modifyAndReturn complaints',
        'get complaints',
        'insert complaints',
      ]);
    } finally {
      restore();
    }
    const stored = backend.store.dump().complaints!;
    expect(stored.map((c) => [c.status, c.seq, c.supporters])).toEqual([
      ['not_responsible', 1, []],
      ['filed', 2, []],
    ]);
  });

  it('a building of another compound is refused after the one read, nothing written', async () => {
    const before = backend.store.dump();
    const refused = await counted(RESIDENT, 'file', complaintInput({ buildingId: 'bd-longhu-1' }));
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(backend.store.dump()).toEqual(before);
  });
});

describe('steps that may climb to 部门报到 read the departments with the caller', () => {
  it('a street refers a complaint to the department for its category: 2 round trips', async () => {
    const complaint = expectOk(
      await backend.call(RESIDENT, 'complaints', 'file', complaintInput({ category: 'noise' })),
    );
    const sweep = FUNCTIONS.find((f) => f.name === 'complaints')!;
    // overdue twice: company → 社区呼叫 → 街道吹哨
    expectOk(await sweep.runTimer('sweep', { now: () => new Date(T0.getTime() + 2.1 * 3600_000) }));
    expectOk(await sweep.runTimer('sweep', { now: () => new Date(T0.getTime() + 4.2 * 3600_000) }));
    backend.setNow(new Date(T0.getTime() + 4.3 * 3600_000));
    const referred = await counted(STREET, 'refer', { complaintId: complaint.id, reason: '需要执法部门处理' });
    expect(referred.requests).toEqual(['aggregate users', 'modify complaints']);
    // noise is the urban management bureau's
    expect(expectOk(referred.result)).toMatchObject({ level: 'department', department: { id: 'un-urban-mgmt-dept' } });
  });

  it('"not satisfied" at the street climbs to the department in 2 round trips', async () => {
    const complaint = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    const sweep = FUNCTIONS.find((f) => f.name === 'complaints')!;
    expectOk(await sweep.runTimer('sweep', { now: () => new Date(T0.getTime() + 2.1 * 3600_000) }));
    expectOk(await sweep.runTimer('sweep', { now: () => new Date(T0.getTime() + 4.2 * 3600_000) }));
    backend.setNow(new Date(T0.getTime() + 4.3 * 3600_000));
    expectOk(await backend.call(STREET, 'complaints', 'answer', { complaintId: complaint.id, notes: '已协调' }));
    const up = await counted(RESIDENT, 'notSatisfied', { complaintId: complaint.id, reason: '还是不热' });
    expect(up.requests).toEqual(['aggregate users', 'modify complaints']);
    expect(expectOk(up.result)).toMatchObject({ level: 'department', department: { id: 'un-housing-dept' } });
  });
});

describe('credit scores are read, never written, by the actions', () => {
  it('before the timer ever ran they are computed for the answer (2 round trips) and nothing is stored', async () => {
    const complaint = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    expectOk(await backend.call(COMPANY, 'complaints', 'acknowledge', { complaintId: complaint.id }));
    const before = backend.store.dump();
    const mine = await counted(RESIDENT, 'companyScore', {});
    expect(mine.requests).toEqual(['aggregate users', 'aggregate users']);
    expect(expectOk(mine.result).score).toMatchObject({ company: { id: 'un-dexuan-property' }, complaints: 1 });
    const ranking = await counted(STAFF, 'companyRanking', { streetId: 'st-xiongguan' });
    expect(ranking.requests).toHaveLength(2);
    expect(backend.store.dump()).toEqual(before);
  });

  it('once the timer stored them, each is one round trip, filtered to a street’s companies', async () => {
    const fn = FUNCTIONS.find((f) => f.name === 'complaints')!;
    expectOk(await fn.runTimer('scoreCredit', { now: () => T0 }));
    const before = backend.store.dump();
    const mine = await counted(RESIDENT, 'companyScore', { months: 3 });
    expect(mine.requests).toEqual(['aggregate users']);
    expect(expectOk(mine.result)).toMatchObject({ score: { company: { id: 'un-dexuan-property' } } });
    expect(expectOk(mine.result).trend).toHaveLength(3);

    const all = await counted(STAFF, 'companyRanking', {});
    const street = await counted(STAFF, 'companyRanking', { streetId: 'st-gangcheng' });
    expect([all.requests, street.requests]).toEqual([['aggregate users'], ['aggregate users']]);
    const ids = (r: typeof all) => expectOk(r.result).items.map((s) => s.company.id);
    expect(ids(all)).toEqual(expect.arrayContaining(['un-dexuan-property', 'un-donghu-property']));
    expect(ids(street)).toContain('un-donghu-property');
    expect(ids(street)).not.toContain('un-dexuan-property');
    expect(backend.store.dump()).toEqual(before);
  });
});

describe('未诉先办: the order, then the links; a retry repairs a crash between them', () => {
  const OPEN = {
    requestId: 'trips-proactive',
    communityId: 'cm-xiongguan',
    hotspotKey: 'heating:compound:cp-dexuan',
    windowDays: 7,
    description: '德轩小区集中反映暖气不热，社区协调供热公司入户排查',
  } as const;

  /** Five heating complaints in 德轩, each closed before the next is filed (five households). */
  async function surge(): Promise<string[]> {
    const residents = await addResidents(5);
    const ids: string[] = [];
    for (const who of residents) {
      const c = expectOk(await backend.call(who, 'complaints', 'file', complaintInput()));
      expectOk(
        await backend.call(STAFF, 'complaints', 'closeNotResponsible', { complaintId: c.id, reason: '合并处理' }),
      );
      ids.push(c.id);
    }
    return ids;
  }

  const linksOf = (ids: string[]) =>
    backend.store
      .dump()
      .complaints!.filter((c) => ids.includes(c._id))
      .map((c) => c.proactiveOrderId);

  it('hotspots are one round trip; opening the order three (read, insert the order, link)', async () => {
    const ids = await surge();
    const hot = await counted(STAFF, 'hotspots', { communityId: 'cm-xiongguan' });
    expect(hot.requests).toEqual(['aggregate users']);
    expect(expectOk(hot.result).items.map((h) => h.key)).toContain(OPEN.hotspotKey);

    const opened = await counted(STAFF, 'openProactiveOrder', OPEN);
    expect(opened.requests).toEqual(['aggregate users', 'insert orders', 'modify complaints']);
    const { orderId } = expectOk(opened.result);
    expect(linksOf(ids)).toEqual(ids.map(() => orderId));
    expect(backend.store.dump().orders!.find((o) => o._id === orderId)).toMatchObject({
      place: '1号楼 未诉先办',
      propertyCompanyId: 'un-dexuan-property',
      origin: { kind: 'hotspot', compoundId: 'cp-dexuan' },
    });

    // The retry of a request that finished: the same order, nothing written.
    const before = backend.store.dump();
    const again = await counted(STAFF, 'openProactiveOrder', OPEN);
    expect(again.requests).toEqual(['aggregate users']);
    expect(expectOk(again.result)).toEqual({ orderId });
    expect(backend.store.dump()).toEqual(before);
  });

  it('a crash after the order was written leaves it unlinked; the retry links it, one order, each notice once', async () => {
    const ids = await surge();
    const restore = crashAt(linkWrite, 'before');
    try {
      const crashed = await backend.call(STAFF, 'complaints', 'openProactiveOrder', OPEN);
      expect(crashed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      restore();
    }
    // What the crash left: the order with its notices, no link.
    const proactive = () =>
      (backend.store.dump().orders ?? []).filter((o) => (o.origin as { kind: string }).kind === 'hotspot');
    expect(proactive()).toHaveLength(1);
    expect(linksOf(ids)).toEqual(ids.map(() => null));

    const retried = await counted(STAFF, 'openProactiveOrder', OPEN);
    const { orderId } = expectOk(retried.result);
    expect(retried.requests).toEqual(['aggregate users', 'insert orders', 'modify complaints']);
    expect(proactive().map((o) => o._id)).toEqual([orderId]);
    expect(linksOf(ids)).toEqual(ids.map(() => orderId));

    const told = (await backend.delivered()).notifications!.filter((n) => (n.subject as { id: string }).id === orderId);
    const audiences = told.map((n) => n.audience as string);
    expect(new Set(audiences).size).toBe(audiences.length);
    expect(audiences).toHaveLength(1 + 5); // the compound, and each household that complained
    // Another member of staff cannot open a second order for it.
    expect(
      await backend.call(STAFF, 'complaints', 'openProactiveOrder', { ...OPEN, requestId: 'trips-proactive-2' }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a crash before the links, and the next request is someone else’s: it links them and opens no second order', async () => {
    const ids = await surge();
    const restore = crashAt(linkWrite, 'before');
    try {
      await backend.call(STAFF, 'complaints', 'openProactiveOrder', OPEN);
    } finally {
      restore();
    }
    const [first] = (backend.store.dump().orders ?? []).filter(
      (o) => (o.origin as { kind: string }).kind === 'hotspot',
    );
    expect(linksOf(ids)).toEqual(ids.map(() => null));

    const other = await counted(STAFF, 'openProactiveOrder', { ...OPEN, requestId: 'trips-proactive-3' });
    expect(other.result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '已为该热点开过工单' } });
    expect(other.requests).toEqual(['aggregate users', 'modify complaints']);
    expect(linksOf(ids)).toEqual(ids.map(() => first._id));
    expect(
      (backend.store.dump().orders ?? []).filter((o) => (o.origin as { kind: string }).kind === 'hotspot'),
    ).toHaveLength(1);
  });

  it('a later complaint of the same compound and category links to the open proactive order', async () => {
    await surge();
    const { orderId } = expectOk(await backend.call(STAFF, 'complaints', 'openProactiveOrder', OPEN));
    const later = await counted(RESIDENT, 'file', complaintInput());
    expect(later.requests).toEqual(['aggregate users', 'insert complaints']);
    expect(expectOk(later.result).proactiveOrderId).toBe(orderId);
  });
});
