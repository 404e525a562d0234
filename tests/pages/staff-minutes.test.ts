/**
 * 会议纪要 end to end, on the real clock. The page backend cannot move its clock, so: a meeting two days ahead
 * shows the form's own checks and then the server's refusal (minutes only after the start); a meeting created to
 * start 2 s later (the test waits once) is published, stored, and its resolution becomes a service order whose
 * link and 五步工作法 step the page shows.
 */
import { RESIDENT, STAFF, createMeeting, imminent, proposeTopic, waitUntil } from '../helpers/councils';
import { usePageBackend } from '../helpers/complaints';
import { openPage } from '../helpers/simulate';

const MINUTES = 'pages/staff/minutes/index';

jest.setTimeout(20_000);

const env = usePageBackend();

describe('会议纪要', () => {
  it('checks the form, then shows the server’s refusal for a meeting not yet held (nothing stored)', async () => {
    const meeting = await createMeeting(env.backend, { title: '下周的议事会' });
    const wxMock = env.as(STAFF);
    const page = await openPage(MINUTES, { id: meeting.id });
    await page.waitForText('下周的议事会');

    await page.tap('.add-row');
    await page.tap('.publish');
    expect(page.text('.error-minutes')).toBe('请填写会议纪要（至少10个字）');
    expect(page.text('.error-row')).toBe('请填写决议（至少4个字）');
    expect(wxMock.modals).toHaveLength(0);

    await page.input('.minutes', '会议讨论了楼道堆物清理的办法和时间安排');
    await page.input('.row-text-0', '本月底前清理完楼道堆物');
    await page.tap('.publish');
    await page.waitForText('会议尚未召开，不能公开纪要');
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '公开纪要' });
    expect((await env.backend.doc('meetings', meeting.id))!).toMatchObject({ status: 'scheduled', minutes: null });
  });

  it('after the start: publishes minutes and a resolution, then turns it into an order', async () => {
    const topic = await proposeTopic(env.backend, RESIDENT, {
      level: 'community',
      title: '小区路灯不亮',
      description: '德轩小区东门到二号楼的路灯坏了一个多月',
    });
    const meeting = await createMeeting(env.backend, { title: '路灯维修议事会', topicIds: [topic.id], ...imminent(1) });
    await waitUntil(meeting.startAt);

    const wxMock = env.as(STAFF);
    const page = await openPage(MINUTES, { id: meeting.id });
    await page.waitForText('路灯维修议事会');
    await page.input('.minutes', '会议讨论了小区路灯的维修办法，由物业报修并跟进');
    await page.tap('.add-row');
    await page.tap('.add-row');
    await page.tap('.remove-1'); // rows can be removed
    await page.input('.row-text-0', '由社区联系住建部门维修东门路灯');
    await page.trigger('.row-topic-0', 'change', { value: 1 }); // settles 小区路灯不亮
    await page.tap('.publish');
    await page.waitForText('会议纪要（已公开）');

    const stored = (await env.backend.doc('meetings', meeting.id))!;
    expect(stored.status).toBe('minutes_published');
    expect(stored.resolutions).toEqual([
      expect.objectContaining({ text: '由社区联系住建部门维修东门路灯', topicId: topic.id, orderId: null }),
    ]);
    expect((await env.backend.doc('topics', topic.id))!.status).toBe('discussed');
    expect(page.text('.resolution')).toContain('五步工作法：议事会议事');

    await page.waitFor(() => page.data.categoryNames.length > 0);
    const categories = page.data.categories as Array<{ id: string }>;
    const index = categories.findIndex((c) => c.id === 'facility_renovation');
    await page.trigger('.to-order', 'change', { value: index });
    await page.waitForText('查看工单');
    // the resolution's one order (it points back at the resolution it came from)
    const [order] = (await env.backend.docs('orders')).filter(
      (o) => (o.origin as { meetingId?: string } | undefined)?.meetingId === meeting.id,
    );
    const orderId = order._id;
    expect(order).toMatchObject({ categoryId: 'facility_renovation', origin: { kind: 'resolution' } });
    expect(page.text('.resolution')).toContain('五步工作法：支部理事');
    await page.tap('.order-link');
    expect(wxMock.navigations.at(-1)).toEqual({ type: 'navigateTo', url: `/pages/orders/detail/index?id=${orderId}` });
  });
});
