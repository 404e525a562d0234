/**
 * The subscription asks (订阅消息) at the taps after which a person waits to hear back: filing a complaint (its
 * answer or escalation), joining a meeting's waitlist (a seat coming free), claiming a task (the next task). Each
 * ask comes in the tap, before what was tapped is sent; what he accepts is reported to the messages function; a
 * refusal does not stop what he tapped. End to end on the real backend.
 */
import { createMeeting } from '../helpers/councils';
import { registerDexuanResidents, RESIDENT, usePageBackend } from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';
import type { WxMock } from '../helpers/wx-mock';
import { DEV_TEMPLATE_IDS } from '../../miniprogram/shared/notices/templates';

jest.setTimeout(60_000);

const env = usePageBackend();
const HOUR = 3600_000;

/** The order of what reached WeChat and the backend: asks (`ask`) and actions (`action`). */
function timeline(wxMock: WxMock): string[] {
  return wxMock.calls.flatMap((c) => {
    if (c.api === 'requestSubscribeMessage') return ['ask'];
    if (c.api === 'showModal') return ['confirm'];
    if (c.api !== 'request') return [];
    return [(c.options as { data: { action: string } }).data.action];
  });
}

const grantsOf = async (openid: string) =>
  (await env.backend.docs('subscribeGrants')).filter((g) => g.userId === openid).map((g) => [g.kind, g.count]);

describe('订阅消息 asks', () => {
  it('filing a complaint asks about its answer and escalation first; accepted, the grants are reported', async () => {
    const wxMock = env.as(RESIDENT);
    wxMock.setSubscribeAnswer('accept');
    const page = await openPage('pages/complaints/new/index');
    await page.waitForText('环境卫生');
    await page.tap('.category-sanitation');
    await page.waitFor(() => !page.data.similarLoading);
    await page.input('.description', '3号楼楼道垃圾三天没人清运，气味很大');
    wxMock.clearRecords();

    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(wxMock.subscribeAsks).toEqual([[DEV_TEMPLATE_IDS.complaint_answered, DEV_TEMPLATE_IDS.complaint_escalated]]);
    expect(timeline(wxMock).slice(0, 2)).toEqual(['ask', 'reportGrants']);
    expect(timeline(wxMock)).toContain('file');
    await page.waitFor(async () => (await grantsOf(RESIDENT)).length === 2);
    expect(await grantsOf(RESIDENT)).toEqual(
      expect.arrayContaining([
        ['complaint_answered', 1],
        ['complaint_escalated', 1],
      ]),
    );
  });

  it('refused, the complaint is filed all the same and nothing is reported', async () => {
    const [filer] = await registerDexuanResidents(env.backend, 'refuser', 1);
    const wxMock = env.as(filer);
    wxMock.setSubscribeAnswer('reject');
    const page = await openPage('pages/complaints/new/index');
    await page.waitForText('环境卫生');
    await page.tap('.category-parking');
    await page.waitFor(() => !page.data.similarLoading);
    await page.input('.description', '小区停车位被外来车辆长期占用');
    wxMock.clearRecords();

    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(timeline(wxMock)[0]).toBe('ask');
    expect(timeline(wxMock)).toContain('file');
    expect(timeline(wxMock)).not.toContain('reportGrants');
    expect(wxMock.navigations[0].url).toMatch(/^\/pages\/complaints\/detail\/index\?id=/);
  });

  it('排候补 asks about a seat coming free before it joins the waitlist; 报名 with seats free asks nothing', async () => {
    const meeting = await createMeeting(env.backend, { title: '停车位分配议事会', capacity: 1 });
    const [holder] = await registerDexuanResidents(env.backend, 'seat-first', 1);
    let wxMock = env.as(holder);
    const first = await openPage('pages/councils/meeting/index', { id: meeting.id });
    await first.waitForText('停车位分配议事会');
    await first.tap('.signup-button');
    await first.waitForText('取消报名');
    // a seat is confirmed by a message, and a reminder comes the day before
    expect(wxMock.subscribeAsks).toEqual([[DEV_TEMPLATE_IDS.meeting_seat, DEV_TEMPLATE_IDS.meeting_reminder]]);
    first.detach();

    wxMock = env.as(RESIDENT);
    wxMock.setSubscribeAnswer('reject');
    const page = await openPage('pages/councils/meeting/index', { id: meeting.id });
    await page.waitForText('名额已满');
    wxMock.clearRecords();
    await page.tap('.signup-button');
    await page.waitForText('候补第1位');
    expect(wxMock.subscribeAsks).toEqual([[DEV_TEMPLATE_IDS.meeting_promoted, DEV_TEMPLATE_IDS.meeting_reminder]]);
    expect(timeline(wxMock).slice(0, 2)).toEqual(['ask', 'signUp']); // refused: he is on the waitlist anyway
  });

  it('领单 asks about the next task before the confirmation and the claim; refused, the claim goes through', async () => {
    const order = expectOk(
      await env.backend.call(RESIDENT, 'orders', 'create', {
        requestId: 'req-asks-0001',
        categoryId: 'elderly_care',
        description: '楼上独居老人需要陪伴，需要志愿者帮忙',
      }),
    );
    expectOk(await env.backend.call('demo-community-staff', 'orders', 'handleSelf', { orderId: order.id }));
    const start = Date.now() + HOUR;
    expectOk(
      await env.backend.call('demo-community-staff', 'orders', 'publishTask', {
        orderId: order.id,
        title: '陪伴独居老人',
        description: '陪老人聊天、打扫房间',
        place: '德轩小区3号楼',
        slots: 2,
        startAt: new Date(start).toISOString(),
        endAt: new Date(start + 2 * HOUR).toISOString(),
      }),
    );
    const wxMock = env.as('demo-party-member');
    wxMock.setSubscribeAnswer('reject');
    const page = await openPage('pages/volunteer/hall/index', { communityId: 'cm-xiongguan' });
    await page.waitForText('陪伴独居老人');
    wxMock.clearRecords();
    await page.tap('.claim');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '领单成功'));
    expect(wxMock.subscribeAsks).toEqual([[DEV_TEMPLATE_IDS.task_published]]);
    expect(timeline(wxMock).slice(0, 3)).toEqual(['ask', 'confirm', 'claim']);
    const stored = await env.backend.doc('orders', order.id);
    expect(JSON.stringify(stored?.task)).toContain('demo-party-member');
  });
});
