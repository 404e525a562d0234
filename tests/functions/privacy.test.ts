/**
 * What each viewer sees of the people in an order, a complaint and a meeting: the rule of shared/privacy.ts, in
 * every output (contact block and timeline alike); no output carries a person's OPENID.
 */
import { expectOk, T0, at, useTestBackend } from '../helpers/functions';
import { meetingInput } from '../factories/councils';
import { taskInput } from '../factories/inputs';

const backend = useTestBackend();

const RESIDENT = 'demo-resident'; // 张桂兰 13893700001
const STAFF = 'demo-community-staff';
const UNIT = 'demo-unit-member';
const VOLUNTEER = 'demo-party-member';
const STREET = 'demo-street-staff';
const ADMIN = 'demo-admin';

async function publishedOrder(privateContact: boolean) {
  backend.setNow(T0);
  const order = expectOk(
    await backend.call(RESIDENT, 'orders', 'create', {
      requestId: `req-privacy-${String(privateContact)}`,
      categoryId: 'water_supply',
      description: '厨房水管漏水，楼下邻居家天花板渗水',
      privateContact,
    }),
  );
  expectOk(await backend.call(STAFF, 'orders', 'dispatch', { orderId: order.id, unitId: 'un-dexuan-property' }));
  expectOk(await backend.call(UNIT, 'orders', 'accept', { orderId: order.id }));
  expectOk(await backend.call(UNIT, 'orders', 'publishTask', taskInput(order.id, 24, { endAt: at(26).toISOString() })));
  return order.id;
}

/** The resident as one viewer sees him in the contact block and in the timeline's 居民下单 line. */
async function residentAsSeenBy(openid: string, orderId: string) {
  const detail = expectOk(await backend.call(openid, 'orders', 'getDetail', { orderId }));
  expect(JSON.stringify(detail)).not.toContain(RESIDENT);
  return { contact: detail.resident, timeline: detail.timeline[0].actorName };
}

describe('orders: the contact block and the timeline agree, per viewer', () => {
  it.each([
    ['the resident himself', RESIDENT, { name: '张桂兰', phone: '13893700001' }, '张桂兰'],
    ['his community staff', STAFF, { name: '张桂兰', phone: '13893700001' }, '张桂兰'],
    ['the unit holding it', UNIT, { name: '张桂兰', phone: '13893700001' }, '张桂兰'],
    ['street staff', STREET, { name: '张**', phone: '138****0001' }, '张**'],
    ['an admin', ADMIN, { name: '张**', phone: '138****0001' }, '张**'],
    ['a volunteer', VOLUNTEER, { name: '张**', phone: '138****0001' }, '张**'],
  ])('%s', async (_who, openid, contact, timeline) => {
    const orderId = await publishedOrder(false);
    expect(await residentAsSeenBy(openid, orderId)).toEqual({ contact, timeline });
  });

  it('on a private order a volunteer sees neither his contact nor his name in the timeline', async () => {
    const orderId = await publishedOrder(true);
    expect(await residentAsSeenBy(VOLUNTEER, orderId)).toEqual({ contact: null, timeline: '居民' });
    // Staff and the unit still reach him.
    expect((await residentAsSeenBy(UNIT, orderId)).timeline).toBe('张桂兰');
  });
});

describe('complaints: the filer, per viewer', () => {
  async function file(publicName: boolean) {
    return expectOk(
      await backend.call(RESIDENT, 'complaints', 'file', {
        requestId: `req-cpl-${String(publicName)}`,
        category: 'elevator',
        description: '电梯经常停运，老人上下楼困难',
        publicName,
      }),
    ).id;
  }

  it.each([
    ['the company', 'demo-unit-member', { name: '张桂兰', phone: '13893700001' }, '张桂兰'],
    ['his community staff', STAFF, { name: '张桂兰', phone: '13893700001' }, '张桂兰'],
    ['an admin', ADMIN, { name: '张**', phone: '138****0001' }, '张**'],
  ])('%s', async (_who, openid, resident, actorName) => {
    const id = await file(false);
    const detail = expectOk(await backend.call(openid, 'complaints', 'getDetail', { complaintId: id }));
    expect(JSON.stringify(detail)).not.toContain(RESIDENT);
    expect({ resident: detail.resident, actorName: detail.timeline[0].actorName }).toEqual({ resident, actorName });
  });
});

describe('councils: the organiser is named, never identified', () => {
  it('a resident reading a meeting sees the organiser’s name and no OPENID', async () => {
    backend.setNow(T0);
    const meeting = expectOk(
      await backend.call(STAFF, 'councils', 'createMeeting', meetingInput({ requestId: 'meeting-privacy-01' })),
    );
    const seen = expectOk(await backend.call(RESIDENT, 'councils', 'getMeeting', { meetingId: meeting.id }));
    expect(seen.organizer).toEqual({ name: '陈明' });
    expect(JSON.stringify(seen)).not.toContain(STAFF);
  });
});
