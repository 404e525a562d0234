/**
 * 报名成功 and 会议提醒: a confirmed seat is told at sign-up; the day before the meeting every seated attendee is
 * reminded once — through the meeting's outbox, into each inbox, and as a subscription message where he accepted
 * the template. Waitlisted people and cancelled meetings get no reminder.
 */
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import { DEV_TEMPLATE_IDS, type NoticeKind } from '../../../miniprogram/shared/notices/templates';
import { NEIGHBOUR, RESIDENT, STAFF, addResidents, meetingInput } from '../../factories/councils';
import { at, expectOk, useTestBackend } from '../../helpers/functions';

const backend = useTestBackend();
const councils = FUNCTIONS.find((f) => f.name === 'councils')!;
const messages = FUNCTIONS.find((f) => f.name === 'messages')!;
/** Another resident of 雄关社区 (written straight into the store before each test). */

/** The reminder timer at `hours` after T0 (whether its hour is due or not), then the outboxes delivered. */
async function remind(hours: number) {
  const res = expectOk(await councils.runTimer('remind', { now: () => at(hours) }));
  await backend.deliver();
  return res;
}
/** The messages function's timer: fan-out to inboxes, then subscription messages. */
const send = async (hours: number) => expectOk(await messages.runTimer('send', { now: () => at(hours) }));

const grant = (openid: string, askId: string, ...kinds: NoticeKind[]) =>
  backend.call(openid, 'messages', 'reportGrants', { askId, accepted: kinds.map((k) => DEV_TEMPLATE_IDS[k]) });

const inboxTitles = async (openid: string) =>
  expectOk(await backend.call(openid, 'messages', 'listInbox', {})).items.map((i) => i.title);
const sentKinds = (openid: string) =>
  backend.wechat
    .messagesTo(openid)
    .map((m) => (Object.keys(DEV_TEMPLATE_IDS) as NoticeKind[]).find((k) => DEV_TEMPLATE_IDS[k] === m.template_id));

let OTHER = '';
beforeEach(async () => {
  [OTHER] = await addResidents(1);
});

it('a confirmed seat is told at sign-up (报名成功); a waitlisted one is not', async () => {
  expectOk(await grant(RESIDENT, 'ask-00000001', 'meeting_seat'));
  expectOk(await grant(NEIGHBOUR, 'ask-00000002', 'meeting_seat'));
  const meeting = expectOk(await backend.call(STAFF, 'councils', 'createMeeting', meetingInput({ capacity: 1 })));
  expectOk(await backend.call(RESIDENT, 'councils', 'signUp', { meetingId: meeting.id }));
  const waiting = expectOk(await backend.call(NEIGHBOUR, 'councils', 'signUp', { meetingId: meeting.id }));
  expect(waiting.mine).toMatchObject({ status: 'waitlisted' });
  await backend.deliver();
  await send(0);

  expect(await inboxTitles(RESIDENT)).toContain('报名成功：加装电梯议事会');
  expect(backend.wechat.messagesTo(RESIDENT)).toEqual([
    expect.objectContaining({
      template_id: DEV_TEMPLATE_IDS.meeting_seat,
      page: `pages/councils/meeting/index?id=${meeting.id}`,
      data: expect.objectContaining({ thing1: { value: '加装电梯议事会' }, phrase2: { value: '报名成功' } }),
    }),
  ]);
  expect(await inboxTitles(NEIGHBOUR)).not.toContain('报名成功：加装电梯议事会');
  expect(backend.wechat.messagesTo(NEIGHBOUR)).toEqual([]);
});

it('the day before, each seated attendee is reminded once; the waitlist and a cancelled meeting are not', async () => {
  for (const [who, ask] of [
    [RESIDENT, 'ask-00000001'],
    [NEIGHBOUR, 'ask-00000002'],
    [OTHER, 'ask-00000003'],
  ])
    expectOk(await grant(who, ask, 'meeting_reminder'));
  // starts at +48 h: seated RESIDENT, waitlisted NEIGHBOUR
  const meeting = expectOk(await backend.call(STAFF, 'councils', 'createMeeting', meetingInput({ capacity: 1 })));
  expectOk(await backend.call(RESIDENT, 'councils', 'signUp', { meetingId: meeting.id }));
  expectOk(await backend.call(NEIGHBOUR, 'councils', 'signUp', { meetingId: meeting.id }));
  // the same time, seated OTHER, then cancelled
  const cancelled = expectOk(
    await backend.call(STAFF, 'councils', 'createMeeting', meetingInput({ title: '停车管理议事会' })),
  );
  expectOk(await backend.call(OTHER, 'councils', 'signUp', { meetingId: cancelled.id }));
  expectOk(await backend.call(STAFF, 'councils', 'cancelMeeting', { meetingId: cancelled.id, reason: '场地维修' }));

  expect(await remind(22)).toEqual({ reminded: 0, people: 0 }); // 26 h ahead: not yet
  expect(await remind(23)).toEqual({ reminded: 1, people: 1 }); // 25 h ahead: the day before
  expect(await remind(23)).toEqual({ reminded: 0, people: 0 }); // the same run again (a retried trigger)
  expect(await remind(24)).toEqual({ reminded: 0, people: 0 }); // the next hour
  await send(24);
  await send(25);

  const reminder = '会议提醒：加装电梯议事会';
  expect((await inboxTitles(RESIDENT)).filter((t) => t === reminder)).toHaveLength(1);
  expect(sentKinds(RESIDENT)).toEqual(['meeting_reminder']);
  expect(backend.wechat.messagesTo(RESIDENT)[0]).toMatchObject({
    page: `pages/councils/meeting/index?id=${meeting.id}`,
    data: { phrase2: { value: '会议提醒' }, thing4: { value: '11-04 09:00 雄关社区党群服…' } },
  });
  expect(await inboxTitles(NEIGHBOUR)).not.toContain(reminder);
  expect(sentKinds(NEIGHBOUR)).toEqual([]);
  expect((await inboxTitles(OTHER)).some((t) => t.startsWith('会议提醒'))).toBe(false);
  expect(sentKinds(OTHER)).toEqual([]);
});

it('the hourly trigger reminds on its own; a meeting moved to another day is reminded of its new time', async () => {
  const meeting = expectOk(await backend.call(STAFF, 'councils', 'createMeeting', meetingInput()));
  expectOk(await backend.call(RESIDENT, 'councils', 'signUp', { meetingId: meeting.id }));
  const trigger = async (hours: number) => {
    const res = expectOk(await councils.runDueTimers({ now: () => at(hours) }));
    await backend.deliver();
    return res.remind;
  };
  expect(await trigger(23)).toEqual({ ok: true, data: { reminded: 1, people: 1 } });
  expect(await trigger(23.5)).toBeUndefined(); // not due within the hour
  backend.setNow(at(30));
  expectOk(
    await backend.call(STAFF, 'councils', 'updateMeeting', {
      meetingId: meeting.id,
      startAt: at(72).toISOString(),
      endAt: at(74).toISOString(),
    }),
  );
  expect(await trigger(46)).toEqual({ ok: true, data: { reminded: 0, people: 0 } });
  expect(await trigger(47)).toEqual({ ok: true, data: { reminded: 1, people: 1 } });
  await send(47);
  expect((await inboxTitles(RESIDENT)).filter((t) => t === '会议提醒：加装电梯议事会')).toHaveLength(2);
});
