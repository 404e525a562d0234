/**
 * 议事会 list and detail end to end: the pages → services → wx.request → the real `councils` function on a fresh
 * seeded store. Meetings are arranged through the functions as the community's staff; seats are checked in the
 * store (confirmed / waitlist on the meeting document).
 */
import { RESIDENT, STAFF, createMeeting } from '../helpers/councils';
import { registerDexuanResidents, usePageBackend } from '../helpers/complaints';
import { openPage } from '../helpers/simulate';
import { getLargestSetData, type WxMock } from '../helpers/wx-mock';

const LIST = 'pages/councils/meetings/index';
const DETAIL = 'pages/councils/meeting/index';

const env = usePageBackend();
let wxMock: WxMock;

const stored = async (id: string) => (await env.backend.doc('meetings', id))!;

describe('议事会 list', () => {
  it('shows a meeting I may join with its level, scope, time, place and seats; tap opens it', async () => {
    const meeting = await createMeeting(env.backend, { title: '德轩小区停车管理议事会', capacity: 10 });
    wxMock = env.as(RESIDENT);
    const page = await openPage(LIST);
    await page.waitForText('德轩小区停车管理议事会');
    const card = page.text(page.get('.meeting'));
    expect(card).toContain('大党委议事 · 雄关社区');
    expect(card).toContain('雄关社区党群服务中心');
    expect(card).toContain('已报名 0/10');
    expect(card).toContain('待召开');
    expect(wxMock.requests[0].data).toEqual({ action: 'listMeetings', payload: { filter: 'upcoming' } });

    await page.tap('.meeting');
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: `/pages/councils/meeting/index?id=${meeting.id}` }]);

    // 已结束: nothing yet
    await page.tap(page.queryAll('.tabs >>> .t-tabs__item')[1]);
    await page.waitForText('还没有已结束的议事会');
    expect(wxMock.requests.at(-1)!.data).toEqual({ action: 'listMeetings', payload: { filter: 'past' } });
  });

  it('organisers (?communityId=) see the community’s meetings and can call a new one', async () => {
    const wxMock = env.as(STAFF);
    const page = await openPage(LIST, { communityId: 'cm-xiongguan' });
    await page.waitForText('德轩小区停车管理议事会');
    expect(wxMock.requests[0].data).toEqual({
      action: 'listMeetings',
      payload: { communityId: 'cm-xiongguan', filter: 'upcoming' },
    });
    await page.tap('.new-meeting');
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/staff/meeting-form/index?communityId=cm-xiongguan' },
    ]);
  });

  it('a resident of another community sees none; the error shows a retry', async () => {
    wxMock = env.as('demo-resident-changsheng');
    const page = await openPage(LIST);
    await page.waitForText('近期没有可以参加的议事会');

    wxMock = env.as(RESIDENT);
    wxMock.setRequestHandler(() => {
      throw new Error('offline');
    });
    const broken = await openPage(LIST);
    await broken.waitForText('连不上本地服务');
    expect(broken.query('.retry')).toBeDefined();
  });
});

describe('议事会 detail: sign-up, waitlist, cancel', () => {
  it('报名 stores the seat and shows my code as digits (and a QR canvas)', async () => {
    const meeting = await createMeeting(env.backend, {
      title: '老旧小区加装电梯议事会',
      otherItems: ['听取上次决议落实情况'],
    });
    wxMock = env.as(RESIDENT);
    const page = await openPage(DETAIL, { id: meeting.id });
    await page.waitForText('老旧小区加装电梯议事会');
    expect(page.text()).toContain('听取上次决议落实情况');
    expect(page.text()).toContain('剩余10个名额');
    expect(page.text('.signup-button')).toBe('报名');
    expect(page.query('.organiser')).toBeUndefined(); // a resident has no organiser buttons

    await page.tap('.signup-button');
    await page.waitForText('签到码');
    const doc = await stored(meeting.id);
    expect(doc.confirmed).toEqual([RESIDENT]);
    const code = (doc.codes as Record<string, string>)[RESIDENT];
    expect(code).toMatch(/^\d{6}$/);
    expect(page.text('.code__digits')).toBe(code);
    expect(page.query('#qr')).toBeDefined();
    expect(page.text('.mine')).toBe('已报名');
    expect(page.text('.signup-button')).toBe('取消报名');
    expect(page.text()).toContain('已报名 1/10');
    expect(wxMock.toasts.at(-1)).toMatchObject({ title: '报名成功' });
  });

  it('a full meeting offers 排候补 and shows my waitlist position; a cancel moves me up', async () => {
    const meeting = await createMeeting(env.backend, { title: '楼道堆物清理议事会', capacity: 1 });
    const [first] = await registerDexuanResidents(env.backend, 'seat-holder', 1);
    wxMock = env.as(first);
    const holder = await openPage(DETAIL, { id: meeting.id });
    await holder.waitForText('楼道堆物清理议事会');
    await holder.tap('.signup-button');
    await holder.waitForText('取消报名');

    wxMock = env.as(RESIDENT);
    const page = await openPage(DETAIL, { id: meeting.id });
    await page.waitForText('名额已满，可排候补（前面有0人）');
    expect(page.text('.signup-button')).toBe('排候补');
    await page.tap('.signup-button');
    await page.waitForText('候补第1位');
    expect(page.text()).toContain('已报名 1/1 · 候补 1');
    expect(await stored(meeting.id)).toMatchObject({ confirmed: [first], waitlist: [RESIDENT] });
    expect(page.text('.code__digits')).toMatch(/^\d{6}$/); // a waitlisted person has his code already

    // the seat holder cancels: asked first; saying no keeps the seat
    wxMock = env.as(first);
    wxMock.setModalAnswer(false);
    const again = await openPage(DETAIL, { id: meeting.id });
    await again.waitForText('取消报名');
    await again.tap('.signup-button');
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '取消报名' });
    expect(await stored(meeting.id)).toMatchObject({ confirmed: [first], waitlist: [RESIDENT] });

    wxMock.setModalAnswer(true);
    await again.tap('.signup-button');
    await again.waitForText('报名');
    await again.waitFor(() => again.text('.signup-button') === '排候补'); // his seat went to the waitlist
    expect(await stored(meeting.id)).toMatchObject({ confirmed: [RESIDENT], waitlist: [] });
    expect(again.query('.code')).toBeUndefined();

    wxMock = env.as(RESIDENT);
    const moved = await openPage(DETAIL, { id: meeting.id });
    await moved.waitForText('已报名 1/1');
    expect(moved.text('.mine')).toBe('已报名');
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('organisers see their buttons; cancelling asks a reason and shows it', async () => {
    const meeting = await createMeeting(env.backend, { title: '垃圾分类议事会' });
    wxMock = env.as(STAFF);
    wxMock.setModalAnswer({ confirm: true, content: '场地临时被占用' });
    const page = await openPage(DETAIL, { id: meeting.id });
    await page.waitForText('垃圾分类议事会');
    const labels = page.queryAll('.organiser').map((b) => page.text(b));
    expect(labels).toEqual(['签到与到会情况', '修改会议', '取消会议']);
    await page.tap('.organiser-edit');
    expect(wxMock.navigations.at(-1)).toEqual({
      type: 'navigateTo',
      url: `/pages/staff/meeting-form/index?id=${meeting.id}`,
    });
    await page.tap('.organiser-cancel');
    await page.waitForText('取消理由：场地临时被占用');
    expect(await stored(meeting.id)).toMatchObject({ status: 'cancelled', cancelReason: '场地临时被占用' });
    expect(page.query('.organiser')).toBeUndefined();
  });
});
