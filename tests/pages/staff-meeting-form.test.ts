/**
 * 召集议事会 / 修改会议 end to end: the form checks the contract's and the schedule's rules before sending
 * (nothing is stored on a mistake), then creates the meeting with residents' topics on its agenda; an edit that
 * would leave fewer seats than people already confirmed shows the server's CONFLICT.
 */
import { chinaParts } from '../../miniprogram/shared/time';
import { COMMUNITY, RESIDENT, STAFF, createMeeting, proposeTopic } from '../helpers/councils';
import { registerDexuanResidents, usePageBackend } from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';

const FORM = 'pages/staff/meeting-form/index';
const DAY = 24 * 3600_000;
const day = (n: number) => chinaParts(Date.now() + n * DAY).date;

const env = usePageBackend();

describe('召集议事会', () => {
  it('a deadline after the start is refused before sending; fixed, the meeting is stored with its agenda', async () => {
    const topic = await proposeTopic(env.backend, RESIDENT, {
      level: 'community',
      title: '小区停车难',
      description: '晚上停车位不够，消防通道被占',
    });
    const wxMock = env.as(STAFF);
    const page = await openPage(FORM, { communityId: COMMUNITY });
    await page.waitForText('小区停车难');

    await page.input('.title', '停车管理议事会');
    await page.input('.place', '雄关社区党群服务中心');
    await page.trigger('.start-date', 'change', { value: day(3) });
    await page.trigger('.end-date', 'change', { value: day(3) });
    await page.trigger('.deadline-date', 'change', { value: day(4) });
    await page.tap('.capacity >>> .t-stepper__plus');
    await page.tap('.capacity >>> .t-stepper__plus');
    await page.trigger('.party-members', 'change', { value: true });
    await page.tap(page.get('.topic'));
    await page.input('.other-items', '听取上次决议落实情况\n通报停车收费方案');

    await page.tap('.submit');
    expect(page.text('.error-schedule')).toBe('报名截止时间不能晚于开始时间');
    expect(wxMock.requests.map((r) => (r.data as { action: string }).action)).toEqual(['listTopics']);
    expect(await env.backend.docs('meetings')).toHaveLength(0);

    await page.trigger('.deadline-date', 'change', { value: day(2) });
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    const [stored] = await env.backend.docs('meetings');
    expect(stored).toMatchObject({
      title: '停车管理议事会',
      level: 'community',
      communityId: COMMUNITY,
      place: '雄关社区党群服务中心',
      capacity: 32,
      status: 'scheduled',
      audience: { partyMembers: true },
    });
    expect(stored.agenda).toEqual([
      expect.objectContaining({ title: '小区停车难', topicId: topic.id }),
      expect.objectContaining({ title: '听取上次决议落实情况' }),
      expect.objectContaining({ title: '通报停车收费方案' }),
    ]);
    expect(new Date(stored.startAt).getTime()).toBe(new Date(`${day(3)}T14:30:00+08:00`).getTime());
    expect(wxMock.navigations).toEqual([{ type: 'redirectTo', url: `/pages/councils/meeting/index?id=${stored._id}` }]);
    expect((await env.backend.doc('topics', topic.id))!.status).toBe('accepted');
  });

  it('a building meeting: pick the compound, then the building; a missing title is said', async () => {
    const wxMock = env.as(STAFF);
    const page = await openPage(FORM, { communityId: COMMUNITY });
    await page.waitForText('议事层级');
    await page.trigger('.level-picker', 'change', { value: 0 });
    await page.waitFor(() => page.data.compoundNames.length > 0);
    await page.tap('.submit');
    expect(page.text('.error-place-id')).toBe('请选择楼栋');
    expect(page.text('.error-title')).toBe('标题至少4个字');

    await page.trigger('.compound-picker', 'change', { value: page.data.compoundNames.indexOf('德轩小区') });
    await page.waitFor(() => page.data.buildingNames.length > 0);
    await page.trigger('.building-picker', 'change', { value: page.data.buildingNames.indexOf('1号楼') });
    await page.input('.title', '一号楼楼院议事');
    await page.input('.place', '1号楼楼下凉亭');
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    const stored = (await env.backend.docs('meetings')).find((m) => m.title === '一号楼楼院议事')!;
    expect(stored).toMatchObject({ level: 'building', buildingId: 'bd-dexuan-1', capacity: 30 });
  });
});

describe('修改会议', () => {
  it('capacity below those confirmed shows the server’s refusal; a valid edit is saved', async () => {
    const meeting = await createMeeting(env.backend, { title: '垃圾分类议事会', capacity: 5 });
    for (const id of await registerDexuanResidents(env.backend, 'form-crowd', 3))
      expectOk(await env.backend.call(id, 'councils', 'signUp', { meetingId: meeting.id }));

    const wxMock = env.as(STAFF);
    const page = await openPage(FORM, { id: meeting.id });
    await page.waitForText('保存修改');
    expect(page.data.form.title).toBe('垃圾分类议事会');
    expect(page.query('.level-picker')).toBeUndefined(); // level and place stay

    for (let i = 0; i < 3; i += 1) await page.tap('.capacity >>> .t-stepper__minus'); // 5 → 2
    await page.tap('.submit');
    await page.waitForText('已有3人报名成功，名额不能少于3');
    expect(page.text('.error-capacity')).toBe('已有3人报名成功，名额不能少于3');
    expect((await env.backend.doc('meetings', meeting.id))!.capacity).toBe(5);

    for (let i = 0; i < 6; i += 1) await page.tap('.capacity >>> .t-stepper__plus'); // 2 → 8
    await page.input('.title', '垃圾分类与桶站议事会');
    await page.tap('.submit');
    await page.waitFor(() => wxMock.navigations.length > 0);
    expect(wxMock.navigations).toEqual([{ type: 'navigateBack', delta: 1 }]);
    expect(await env.backend.doc('meetings', meeting.id)).toMatchObject({ title: '垃圾分类与桶站议事会', capacity: 8 });
  });
});
