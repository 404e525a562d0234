/**
 * 议事会 through the real functions on the local store: 群众说事 → agenda → meeting → sign-up with waitlist →
 * check-in → minutes and resolutions → a service order the meeting page tracks.
 */
import { getDb } from '../../../cloudfunctions/lib/db';
import { stableId } from '../../../cloudfunctions/lib/records';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput } from '../../../miniprogram/shared/api';
import { expectOk, useTestBackend, at } from '../../helpers/functions';
import {
  NEIGHBOUR,
  RESIDENT,
  STAFF,
  addResidents,
  meetingInput,
  minutesInput,
  topicInput,
} from '../../factories/councils';

const backend = useTestBackend();
const ELSEWHERE = 'demo-resident-changsheng';

const createMeeting = async (extra: Partial<ActionInput<'councils', 'createMeeting'>> = {}) =>
  expectOk(await backend.call(STAFF, 'councils', 'createMeeting', meetingInput(extra)));

const stored = (id: string) => backend.store.dump().meetings!.find((m) => m._id === id)!;

describe('the whole lifecycle: from topic to resolution to order', () => {
  it('群众说事 → backed → on the agenda → meeting → sign-up → check-in → minutes → resolution → order', async () => {
    const topic = expectOk(await backend.call(RESIDENT, 'councils', 'proposeTopic', topicInput()));
    expect(topic).toMatchObject({ status: 'proposed', relation: 'proposer', place: { name: '雄关社区' } });
    const backed = expectOk(await backend.call(NEIGHBOUR, 'councils', 'backTopic', { topicId: topic.id }));
    expect(backed).toMatchObject({ backers: 1, relation: 'backer' });

    const queue = expectOk(await backend.call(STAFF, 'councils', 'listTopics', { communityId: 'cm-xiongguan' }));
    expect(queue.items.map((t) => [t.id, t.backers, t.actions.sort()])).toEqual([[topic.id, 1, ['accept', 'decline']]]);

    const meeting = await createMeeting({ topicIds: [topic.id], otherItems: ['听取上次决议落实情况'] });
    expect(meeting.agenda).toEqual([
      { title: '老旧小区加装电梯', topic: { id: topic.id, backers: 1, status: 'accepted' } },
      { title: '听取上次决议落实情况', topic: null },
    ]);

    // residents in scope see it and sign up
    const list = expectOk(await backend.call(RESIDENT, 'councils', 'listMeetings', {}));
    expect(list.items.map((m) => [m.id, m.signUp.action])).toEqual([[meeting.id, 'sign_up']]);
    const signed = expectOk(await backend.call(RESIDENT, 'councils', 'signUp', { meetingId: meeting.id }));
    expect(signed.mine).toMatchObject({ status: 'confirmed' });
    expect(signed.myCode!.code).toMatch(/^\d{6}$/);
    const mine = expectOk(await backend.call(RESIDENT, 'councils', 'mySignUps', {}));
    expect(mine.items.map((s) => [s.meeting.id, s.code])).toEqual([[meeting.id, signed.myCode!.code]]);

    // at the door
    backend.setNow(at(47.5));
    const checked = expectOk(
      await backend.call(STAFF, 'councils', 'checkIn', { meetingId: meeting.id, code: signed.myCode!.qr }),
    );
    expect(checked).toMatchObject({
      attendee: { name: '张桂兰', basisLabel: '居民' },
      attendance: { checkedIn: 1, notYet: 0 },
    });

    // minutes before the meeting are refused; after it started they publish
    const early = await backend.call(STAFF, 'councils', 'publishMinutes', {
      meetingId: meeting.id,
      minutes: '会议讨论了加装电梯的方案和费用分摊',
      resolutions: [{ text: '成立加装电梯工作组', topicId: topic.id }],
    });
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    backend.setNow(at(51));
    const published = expectOk(
      await backend.call(STAFF, 'councils', 'publishMinutes', {
        meetingId: meeting.id,
        minutes: '会议讨论了加装电梯的方案和费用分摊',
        resolutions: [{ text: '成立加装电梯工作组，社区协调住建部门勘察', topicId: topic.id }],
      }),
    );
    expect(published).toMatchObject({ status: 'minutes_published', resolutions: [{ order: null }] });
    const settled = backend.store.dump().topics!.find((t) => t._id === topic.id)!;
    expect(settled.status).toBe('discussed');
    const told = (await backend.delivered()).notifications!.filter(
      (n) => (n.subject as { id: string }).id === meeting.id,
    );
    // the minutes reach the topic's people; the attendee was told of his seat at sign-up
    const minutesTold = told.filter((n) => n.kind !== 'meeting_seat');
    expect(minutesTold.map((n) => n.audience).sort()).toEqual(['user:demo-party-member', 'user:demo-resident']);
    expect(told.filter((n) => n.kind === 'meeting_seat').map((n) => n.audience)).toEqual(['user:demo-resident']);

    // a resolution becomes an order tracked like any other; the meeting page shows its progress
    const { orderId } = expectOk(
      await backend.call(STAFF, 'councils', 'resolutionToOrder', {
        requestId: 'resolution-order-1',
        meetingId: meeting.id,
        resolutionId: published.resolutions[0].id,
        categoryId: 'facility_renovation',
      }),
    );
    expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId, unitId: 'un-housing-dept' }));
    const page = expectOk(await backend.call(RESIDENT, 'councils', 'getMeeting', { meetingId: meeting.id }));
    expect(page.resolutions[0].order).toMatchObject({ id: orderId, status: 'dispatched', stepLabel: '部门干事' });
    expect(
      await backend.call(STAFF, 'councils', 'resolutionToOrder', {
        requestId: 'resolution-order-2',
        meetingId: meeting.id,
        resolutionId: published.resolutions[0].id,
        categoryId: 'facility_renovation',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a resolution whose order was claimed but never written (the request died) gets it on retry', async () => {
    const meeting = await createMeeting();
    backend.setNow(at(51));
    const published = expectOk(await backend.call(STAFF, 'councils', 'publishMinutes', minutesInput(meeting.id)));
    const request = {
      requestId: 'resolution-order-9',
      meetingId: meeting.id,
      resolutionId: published.resolutions[0].id,
      categoryId: 'facility_renovation',
    };
    // as if the first request claimed the resolution and then died before writing the order
    const orderId = stableId('ord', STAFF, request.requestId);
    await getDb().collection('meetings').doc(meeting.id).update({ 'resolutions.0.orderId': orderId });
    expect(backend.store.dump().orders ?? []).toHaveLength(0);
    expect(expectOk(await backend.call(STAFF, 'councils', 'resolutionToOrder', request))).toEqual({ orderId });
    expect(backend.store.dump().orders!.map((o) => o._id)).toEqual([orderId]);
  });

  it('staff decline a topic with a reason its proposer reads', async () => {
    const topic = expectOk(
      await backend.call(
        RESIDENT,
        'councils',
        'proposeTopic',
        topicInput({ level: 'building', title: '楼道里装监控', description: '1号楼楼道经常丢快递，希望装监控' }),
      ),
    );
    const declined = expectOk(
      await backend.call(STAFF, 'councils', 'declineTopic', { topicId: topic.id, reason: '已由物业统一安装' }),
    );
    expect(declined).toMatchObject({ status: 'declined', declineReason: '已由物业统一安装' });
  });
});

describe('seats: capacity is never exceeded, the waitlist moves up in order', () => {
  it('40 concurrent sign-ups for 10 seats: exactly 10 confirmed, 30 waitlisted in arrival order', async () => {
    const meeting = await createMeeting();
    const residents = await addResidents(40);
    const results = [];
    // Arrival order: they come in waves of 8 at once (concurrent), wave after wave.
    for (let wave = 0; wave < 5; wave += 1) {
      results.push(
        ...(await Promise.all(
          residents
            .slice(wave * 8, wave * 8 + 8)
            .map((id) => backend.call(id, 'councils', 'signUp', { meetingId: meeting.id })),
        )),
      );
    }
    expect(results.every((r) => r.ok)).toBe(true);
    const m = stored(meeting.id);
    const confirmed = m.confirmed as string[];
    const waitlist = m.waitlist as string[];
    expect(confirmed).toHaveLength(10);
    expect(waitlist).toHaveLength(30);
    // the first wave filled 8 seats, the second the last 2: everyone waitlisted arrived after every confirmed one
    for (const id of residents.slice(0, 8)) expect(confirmed).toContain(id);
    for (const id of residents.slice(16)) expect(waitlist).toContain(id);
    // arrival order: whoever came in an earlier wave is ahead of everyone of a later wave
    const wave = (id: string) => Math.floor(residents.indexOf(id) / 8);
    const waves = waitlist.map(wave);
    expect(waves).toEqual([...waves].sort((x, y) => x - y));
  });

  it('cancellations promote the waitlist in order, and the promoted person is told', async () => {
    const meeting = await createMeeting({ capacity: 2 });
    const [a, b, c, d] = await addResidents(4);
    for (const id of [a, b, c, d]) expectOk(await backend.call(id, 'councils', 'signUp', { meetingId: meeting.id }));
    const waiting = expectOk(await backend.call(d, 'councils', 'getMeeting', { meetingId: meeting.id }));
    expect(waiting.mine).toMatchObject({ status: 'waitlisted', position: 2 });

    expectOk(await backend.call(a, 'councils', 'cancelSignUp', { meetingId: meeting.id }));
    expect(stored(meeting.id)).toMatchObject({ confirmed: [b, c], waitlist: [d] });
    expect((await backend.delivered()).notifications!.map((n) => n.audience)).toContain(`user:${c}`);
    expectOk(await backend.call(b, 'councils', 'cancelSignUp', { meetingId: meeting.id }));
    expect(stored(meeting.id)).toMatchObject({ confirmed: [c, d], waitlist: [] });
  });

  it('concurrent cancels and sign-ups never put more than capacity in the seats', async () => {
    const meeting = await createMeeting({ capacity: 5 });
    const residents = await addResidents(20);
    for (const id of residents.slice(0, 10))
      expectOk(await backend.call(id, 'councils', 'signUp', { meetingId: meeting.id }));
    await Promise.all([
      ...residents.slice(0, 5).map((id) => backend.call(id, 'councils', 'cancelSignUp', { meetingId: meeting.id })),
      ...residents.slice(10).map((id) => backend.call(id, 'councils', 'signUp', { meetingId: meeting.id })),
    ]);
    const m = stored(meeting.id);
    expect((m.confirmed as string[]).length).toBe(5);
    expect((m.confirmed as string[]).slice(0, 5)).toEqual(residents.slice(5, 10)); // the waitlist moved up first
  });
});

describe('check-in codes', () => {
  it('a code works once, only for its meeting, and not after its holder cancelled', async () => {
    const first = await createMeeting();
    const second = await createMeeting({ title: '停车管理议事会' });
    const [a, b] = await addResidents(2);
    const codeA = expectOk(await backend.call(a, 'councils', 'signUp', { meetingId: first.id })).myCode!;
    const codeB = expectOk(await backend.call(b, 'councils', 'signUp', { meetingId: first.id })).myCode!;
    expectOk(await backend.call(b, 'councils', 'cancelSignUp', { meetingId: first.id }));
    const otherQr = expectOk(await backend.call(a, 'councils', 'signUp', { meetingId: second.id })).myCode!.qr;

    backend.setNow(at(47.5));
    expectOk(await backend.call(STAFF, 'councils', 'checkIn', { meetingId: first.id, code: codeA.code }));
    const before = backend.store.dump();
    for (const [code, expected] of [
      [codeA.code, 'CONFLICT'], // reused
      [otherQr, 'CONFLICT'], // another meeting's
      [codeB.code, 'INVALID_STATE'], // cancelled
      ['000000', 'NOT_FOUND'],
    ] as const) {
      const res = await backend.call(STAFF, 'councils', 'checkIn', { meetingId: first.id, code });
      expect([code, res]).toEqual([
        code,
        expect.objectContaining({ ok: false, error: expect.objectContaining({ code: expected }) }),
      ]);
    }
    expect(backend.store.dump()).toEqual(before);
    const live = expectOk(await backend.call(STAFF, 'councils', 'attendance', { meetingId: first.id }));
    expect(live.attendance).toMatchObject({ confirmed: 1, checkedIn: 1 });
  });
});

describe('bad input: a clear error and nothing written', () => {
  it('refuses out-of-scope sign-up, sign-up after the deadline, capacity below the confirmed count', async () => {
    const building = await createMeeting({ level: 'building', placeId: 'bd-dexuan-1', title: '一号楼楼院议事' });
    const community = await createMeeting();
    const residents = await addResidents(3);
    for (const id of residents) expectOk(await backend.call(id, 'councils', 'signUp', { meetingId: community.id }));
    const before = backend.store.dump();

    // 3号楼 is not 1号楼; 昌盛社区 is not 雄关社区
    expect(await backend.call(NEIGHBOUR, 'councils', 'signUp', { meetingId: building.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await backend.call(ELSEWHERE, 'councils', 'signUp', { meetingId: community.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await backend.call(STAFF, 'councils', 'updateMeeting', { meetingId: community.id, capacity: 2 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '已有3人报名成功，名额不能少于3' },
    });
    backend.setNow(at(25));
    expect(await backend.call(RESIDENT, 'councils', 'signUp', { meetingId: community.id })).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED' },
    });
    expect(await backend.call(residents[0], 'councils', 'cancelSignUp', { meetingId: community.id })).toMatchObject({
      ok: false,
      error: { code: 'DEADLINE_PASSED' },
    });
    expect(backend.store.dump()).toEqual(before);
  });

  it('refuses a meeting organised by staff of another community, and one starting in the past', async () => {
    const before = backend.store.dump();
    expect(await backend.call('demo-staff-changsheng', 'councils', 'createMeeting', meetingInput())).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await backend.call(STAFF, 'councils', 'createMeeting', meetingInput({ startAt: at(-1).toISOString() })),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '开始时间应晚于现在' } });
    expect(backend.store.dump()).toEqual(before);
  });

  it('cancelling a meeting tells everyone signed up and puts its topics back', async () => {
    const topic = expectOk(
      await backend.call(
        RESIDENT,
        'councils',
        'proposeTopic',
        topicInput({ title: '小区停车难', description: '晚上停车位不够，消防通道被占' }),
      ),
    );
    const meeting = await createMeeting({ topicIds: [topic.id] });
    expectOk(await backend.call(NEIGHBOUR, 'councils', 'signUp', { meetingId: meeting.id }));
    const cancelled = expectOk(
      await backend.call(STAFF, 'councils', 'cancelMeeting', { meetingId: meeting.id, reason: '场地临时被占用' }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '场地临时被占用' });
    expect(backend.store.dump().topics!.find((t) => t._id === topic.id)).toMatchObject({
      status: 'proposed',
      meetingId: null,
    });
    expect((await backend.delivered()).notifications!.map((n) => n.audience)).toContain('user:demo-party-member');
  });

  it('the timer marks a started meeting held', async () => {
    const meeting = await createMeeting();
    const fn = FUNCTIONS.find((f) => f.name === 'councils')!;
    expect(expectOk(await fn.runTimer('sweep', { now: () => at(47) }))).toMatchObject({ held: 0 });
    expect(expectOk(await fn.runTimer('sweep', { now: () => at(48.1) }))).toMatchObject({ held: 1 });
    expect(stored(meeting.id).status).toBe('held');
  });
});
