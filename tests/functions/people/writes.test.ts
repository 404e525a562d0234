/**
 * people without transactions: every change is one conditional single-document write (or two, ordered so a retry
 * completes them). These tests kill requests halfway at the database seam, race requests against each other, and
 * count round trips, checking that nothing is lost, half-written or granted twice.
 */
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput, ActionName } from '../../../miniprogram/shared/api';
import { registration as registrationInput } from '../../factories/people';
import { expectOk, useTestBackend } from '../../helpers/functions';
import { countRequests, crashAt, type RequestPicker } from '../../helpers/seam';

const backend = useTestBackend();

const STAFF = 'demo-community-staff';
const RESIDENT = 'demo-resident';
const COMMUNITY = 'cm-xiongguan';

/**
 * Makes every database request `dies` picks fail: 'before' it reaches the database (nothing written), or 'after' the
 * database acted and before its reply came back (written, but the function never hears of it). The router's log of
 * the unhandled error is kept quiet. Returns the undo.
 */
const killRequests = (dies: RequestPicker, when: 'before' | 'after') => crashAt(dies, when, { once: false });
const userWrites: RequestPicker = (action, collection) =>
  action === 'database.modifyDocument' && collection === 'users';

interface StoredEvent {
  id: string;
  kind: string;
  role: string;
  scopeId: string;
  communityId: string | null;
  reason: string;
}
const stored = (id: string) =>
  backend.store.dump().users.find((u) => u._id === id) as
    { roles: Array<{ role: string; scopeId: string }>; roleEvents?: StoredEvent[] } | undefined;
const partyGrants = (id: string) =>
  stored(id)!.roles.filter((g) => g.role === 'party_member' && g.scopeId === COMMUNITY);
const eventsOf = (id: string) => (stored(id)!.roleEvents ?? []).map((e) => [e.kind, e.role, e.reason]);
const application = (id: string) =>
  backend.store.dump().applications.find((a) => a._id === id) as unknown as { status: string; history: unknown[] };

const apply = async (openid = RESIDENT) =>
  expectOk(
    await backend.call(openid, 'people', 'applyPartyMember', {
      communityId: COMMUNITY,
      workUnit: '市自然资源局',
      partyOrganization: '市自然资源局机关党支部',
    }),
  );
const review = (applicationId: string, decision: 'approve' | 'reject', openid = STAFF) =>
  backend.call(openid, 'people', 'reviewApplication', {
    applicationId,
    decision,
    ...(decision === 'reject' && { reason: '请补充党组织关系证明' }),
  });

describe('a review whose request died halfway', () => {
  it('died before the grant: the application is approved, and sending the approval again grants once', async () => {
    const { id } = await apply();
    const revive = killRequests(userWrites, 'before');
    const died = await review(id, 'approve').finally(revive);
    expect(died).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    // the half-done state: decided, not yet granted
    expect(application(id).status).toBe('approved');
    expect(partyGrants(RESIDENT)).toEqual([]);
    expect(eventsOf(RESIDENT)).toEqual([]);

    // the reviewer sends it again (as after an error): it completes, and answers like the first time
    expect(expectOk(await review(id, 'approve'))).toMatchObject({ id, status: 'approved', statusLabel: '已通过' });
    expect(partyGrants(RESIDENT)).toHaveLength(1);
    expect(eventsOf(RESIDENT)).toEqual([['grant', 'party_member', '双报到审核通过']]);
    // and again: nothing more
    expectOk(await review(id, 'approve'));
    expect(partyGrants(RESIDENT)).toHaveLength(1);
    expect(eventsOf(RESIDENT)).toHaveLength(1);
    // a different decision is refused: it was decided
    expect(await review(id, 'reject')).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

    const events = expectOk(await backend.call(STAFF, 'people', 'listRoleEvents', { communityId: COMMUNITY }));
    expect(events.items).toEqual([expect.objectContaining({ kind: 'grant', userName: '张桂兰', byName: '陈明' })]);
  });

  it('died before the grant and nobody sends it again: the people timer makes the grant, once', async () => {
    const { id } = await apply();
    const revive = killRequests(userWrites, 'before');
    await review(id, 'approve').finally(revive);
    expect(application(id).status).toBe('approved');
    expect(partyGrants(RESIDENT)).toEqual([]);

    const people = FUNCTIONS.find((f) => f.name === 'people')!;
    expect(
      expectOk(await people.runTimer('settleApprovals', { now: () => new Date('2026-11-02T10:00:00+08:00') })),
    ).toEqual({ granted: 1 });
    expect(partyGrants(RESIDENT)).toHaveLength(1);
    expect(eventsOf(RESIDENT)).toEqual([['grant', 'party_member', '双报到审核通过']]);
    // the record names the reviewer, as if his request had finished
    expect(stored(RESIDENT)!.roleEvents![0]).toMatchObject({ by: STAFF, byName: '陈明' });
    // a second pass, or the reviewer resending it afterwards, grants nothing more
    expect(
      expectOk(await people.runTimer('settleApprovals', { now: () => new Date('2026-11-02T10:00:00+08:00') })),
    ).toEqual({ granted: 0 });
    expectOk(await review(id, 'approve'));
    expect(partyGrants(RESIDENT)).toHaveLength(1);
  });

  it('died after the grant (its reply was lost): sending it again grants nothing more', async () => {
    const { id } = await apply();
    const revive = killRequests(userWrites, 'after');
    const died = await review(id, 'approve').finally(revive);
    expect(died).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(partyGrants(RESIDENT)).toHaveLength(1);

    expectOk(await review(id, 'approve'));
    expectOk(await review(id, 'approve'));
    expect(partyGrants(RESIDENT)).toHaveLength(1);
    expect(eventsOf(RESIDENT)).toEqual([['grant', 'party_member', '双报到审核通过']]);
  });

  it('an approval sent again after the role was revoked does not grant it again', async () => {
    const { id } = await apply();
    expectOk(await review(id, 'approve'));
    expectOk(
      await backend.call(STAFF, 'people', 'revokeRole', {
        userId: RESIDENT,
        role: 'party_member',
        scopeId: COMMUNITY,
        reason: '调离本社区',
      }),
    );
    expectOk(await review(id, 'approve'));
    expect(partyGrants(RESIDENT)).toEqual([]);
    expect(eventsOf(RESIDENT)).toEqual([
      ['grant', 'party_member', '双报到审核通过'],
      ['revoke', 'party_member', '调离本社区'],
    ]);
  });

  it('a re-application approved after a rejection is a new round: its grant is made', async () => {
    const first = await apply();
    expectOk(await review(first.id, 'reject'));
    const again = await apply();
    expect(again.id).toBe(first.id);
    expect(application(first.id).history).toHaveLength(1);
    expectOk(await review(again.id, 'approve'));
    expect(partyGrants(RESIDENT)).toHaveLength(1);
  });

  it('a grant that dies changes neither the roles nor the record: one write holds both', async () => {
    const revive = killRequests(userWrites, 'before');
    const res = await backend
      .call(STAFF, 'people', 'grantRole', {
        userId: RESIDENT,
        role: 'grid_worker',
        scopeId: 'gr-xiongguan-2',
        reason: '第二网格缺网格员',
      })
      .finally(revive);
    expect(res.ok).toBe(false);
    expect(stored(RESIDENT)!.roles).toEqual([]);
    expect(eventsOf(RESIDENT)).toEqual([]);
  });
});

describe('races', () => {
  it('two reviewers deciding at once: one decision lands, and the role follows it', async () => {
    const { id } = await apply();
    const [approve, reject] = await Promise.all([review(id, 'approve'), review(id, 'reject', 'demo-admin')]);
    expect([approve.ok, reject.ok].filter(Boolean)).toHaveLength(1);
    const loser = approve.ok ? reject : approve;
    expect(loser).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const status = application(id).status;
    expect(status).toBe(approve.ok ? 'approved' : 'rejected');
    expect(partyGrants(RESIDENT)).toHaveLength(status === 'approved' ? 1 : 0);
    expect(eventsOf(RESIDENT)).toHaveLength(status === 'approved' ? 1 : 0);
  });

  it('the same grant twice at once: one lands, the other is refused, one record', async () => {
    const grant = {
      userId: RESIDENT,
      role: 'grid_worker',
      scopeId: 'gr-xiongguan-2',
      reason: '第二网格缺网格员',
    } as const;
    const results = await Promise.all([
      backend.call(STAFF, 'people', 'grantRole', grant),
      backend.call('demo-admin', 'people', 'grantRole', grant),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT', message: '该用户已拥有这个角色' } });
    expect(stored(RESIDENT)!.roles).toHaveLength(1);
    expect(eventsOf(RESIDENT)).toEqual([['grant', 'grid_worker', '第二网格缺网格员']]);
  });

  it('different grants to one person at once both land: neither overwrites the other', async () => {
    const results = await Promise.all([
      backend.call(STAFF, 'people', 'grantRole', {
        userId: RESIDENT,
        role: 'grid_worker',
        scopeId: 'gr-xiongguan-2',
        reason: '第二网格缺网格员',
      }),
      backend.call('demo-street-staff', 'people', 'grantRole', {
        userId: RESIDENT,
        role: 'unit_member',
        scopeId: 'un-health-center',
        reason: '卫生服务中心联络员',
      }),
    ]);
    results.forEach((r) => expectOk(r));
    expect(
      stored(RESIDENT)!
        .roles.map((g) => g.role)
        .sort(),
    ).toEqual(['grid_worker', 'unit_member']);
    expect(eventsOf(RESIDENT)).toHaveLength(2);
  });

  it('the same revoke twice at once: one lands, the other finds nothing to revoke', async () => {
    const revoke = {
      userId: 'demo-grid-worker',
      role: 'grid_worker',
      scopeId: 'gr-xiongguan-1',
      reason: '已调离',
    } as const;
    const results = await Promise.all([
      backend.call(STAFF, 'people', 'revokeRole', revoke),
      backend.call('demo-admin', 'people', 'revokeRole', revoke),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'NOT_FOUND', message: '该用户没有这个角色' } });
    expect(stored('demo-grid-worker')!.roles).toEqual([]);
    expect(eventsOf('demo-grid-worker')).toEqual([['revoke', 'grid_worker', '已调离']]);
  });

  it('a re-application sent twice at once: one lands, the rejected outcome is kept once', async () => {
    const { id } = await apply();
    expectOk(await review(id, 'reject'));
    const payload = { communityId: COMMUNITY, workUnit: '市第一中学', partyOrganization: '市教育局党委' };
    const results = await Promise.all([
      backend.call(RESIDENT, 'people', 'applyPartyMember', payload),
      backend.call(RESIDENT, 'people', 'applyPartyMember', payload),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(application(id)).toMatchObject({ status: 'pending', history: [{ status: 'rejected' }] });
  });
});

describe("a community's role record", () => {
  it('lists only that community’s events, newest first, a page at a time', async () => {
    const grid = { userId: RESIDENT, role: 'grid_worker', scopeId: 'gr-xiongguan-2' } as const;
    let minute = 0;
    const tick = () => backend.setNow(new Date(Date.UTC(2026, 10, 3, 1, minute++)));
    for (let round = 1; round <= 12; round += 1) {
      tick();
      expectOk(await backend.call(STAFF, 'people', 'grantRole', { ...grid, reason: `第${round}次授予` }));
      tick();
      expectOk(await backend.call(STAFF, 'people', 'revokeRole', { ...grid, reason: `第${round}次撤销` }));
    }
    // the same person's event in another community, and one of no community (a unit role), are not listed
    tick();
    expectOk(
      await backend.call('demo-admin', 'people', 'grantRole', {
        userId: RESIDENT,
        role: 'community_staff',
        scopeId: 'cm-changsheng',
        reason: '借调昌盛社区',
      }),
    );
    expectOk(
      await backend.call('demo-street-staff', 'people', 'grantRole', {
        userId: RESIDENT,
        role: 'unit_member',
        scopeId: 'un-health-center',
        reason: '卫生服务中心联络员',
      }),
    );

    const first = expectOk(await backend.call(STAFF, 'people', 'listRoleEvents', { communityId: COMMUNITY }));
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toBe(20);
    const second = expectOk(
      await backend.call(STAFF, 'people', 'listRoleEvents', { communityId: COMMUNITY, cursor: first.nextCursor! }),
    );
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((e) => e.reason)).toEqual(
      Array.from({ length: 12 }, (_, i) => 12 - i).flatMap((round) => [`第${round}次撤销`, `第${round}次授予`]),
    );
    expect(new Set(all.map((e) => e.id)).size).toBe(24);

    const elsewhere = expectOk(
      await backend.call('demo-staff-changsheng', 'people', 'listRoleEvents', { communityId: 'cm-changsheng' }),
    );
    expect(elsewhere.items.map((e) => [e.kind, e.reason, e.byName])).toEqual([['grant', '借调昌盛社区', '系统管理员']]);
  });
});

describe('round trips: every people action takes at most 3', () => {
  /** Calls an action and counts its database requests at the seam. */
  async function trips<A extends ActionName<'people'>>(openid: string, action: A, payload: ActionInput<'people', A>) {
    const { result, requests } = await countRequests(() => backend.call(openid, 'people', action, payload));
    expectOk(result);
    return requests.length;
  }
  const registration = registrationInput();

  it('registering, moving, applying, re-applying, reviewing, granting and revoking', async () => {
    const counts: Record<string, number> = {};
    const count = async <A extends ActionName<'people'>>(
      label: string,
      openid: string,
      action: A,
      payload: ActionInput<'people', A>,
    ) => {
      counts[label] = await trips(openid, action, payload);
    };
    await count('register (new)', 'demo-newcomer', 'register', registration);
    await count('register (move)', 'demo-newcomer', 'register', {
      ...registration,
      communityId: 'cm-changsheng',
      compoundId: 'cp-longhu',
      buildingId: 'bd-longhu-1',
    });
    await count('getProfile', RESIDENT, 'getProfile', {});
    const application = { communityId: COMMUNITY, workUnit: '市自然资源局', partyOrganization: '机关党支部' };
    await count('apply', RESIDENT, 'applyPartyMember', application);
    const [{ id }] = expectOk(await backend.call(RESIDENT, 'people', 'listMyApplications', {}));
    await count('reject', STAFF, 'reviewApplication', { applicationId: id, decision: 'reject', reason: '请补充材料' });
    await count('re-apply', RESIDENT, 'applyPartyMember', application);
    await count('approve', STAFF, 'reviewApplication', { applicationId: id, decision: 'approve' });
    await count('approve again', STAFF, 'reviewApplication', { applicationId: id, decision: 'approve' });
    const grid = {
      userId: RESIDENT,
      role: 'grid_worker',
      scopeId: 'gr-xiongguan-2',
      reason: '第二网格缺网格员',
    } as const;
    await count('grant', STAFF, 'grantRole', grid);
    await count('revoke', STAFF, 'revokeRole', grid);
    await count('grant (unit)', 'demo-street-staff', 'grantRole', {
      userId: RESIDENT,
      role: 'unit_member',
      scopeId: 'un-health-center',
      reason: '卫生服务中心联络员',
    });
    await count('grant (city)', 'demo-admin', 'grantRole', {
      userId: RESIDENT,
      role: 'admin',
      scopeId: 'jiayuguan',
      reason: '系统维护',
    });
    await count('listRoleEvents', STAFF, 'listRoleEvents', { communityId: COMMUNITY });
    await count('listMembers', STAFF, 'listMembers', { communityId: COMMUNITY });
    expect(Object.entries(counts).filter(([, n]) => n > 3)).toEqual([]);
    expect(counts).toMatchObject({ approve: 3, grant: 2, revoke: 2, 're-apply': 2, 'register (new)': 3 });
  });
});
