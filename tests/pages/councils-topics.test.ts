/**
 * 群众说事 end to end: a resident proposes a topic (checked by the contract's rules first, then stored), a
 * neighbour backs it (附议: the count goes up, the button goes), the proposer may withdraw, and organisers put
 * a topic on an upcoming meeting or decline it with a reason.
 */
import { COMMUNITY, NEIGHBOUR, RESIDENT, STAFF, createMeeting, proposeTopic } from '../helpers/councils';
import { usePageBackend } from '../helpers/complaints';
import { openPage } from '../helpers/simulate';

const TOPICS = 'pages/councils/topics/index';

const env = usePageBackend();

type Page = Awaited<ReturnType<typeof openPage>>;
const topicCard = (page: Page, title: string) => page.queryAll('.topic').find((c) => page.text(c).includes(title))!;
/** A button of the topic with this title (its card's id is `topic-<stored id>`). */
const buttonOf = async (page: Page, title: string, button: string) => {
  const topic = (await env.backend.docs('topics')).find((t) => t.title === title)!;
  return page.get(`#topic-${topic._id} .${button}`);
};

describe('群众说事', () => {
  it('propose: the form says what is missing, then the topic is stored and listed as mine', async () => {
    const wxMock = env.as(RESIDENT);
    const page = await openPage(TOPICS);
    await page.waitForText('还没有议题');

    await page.tap('.submit');
    expect(page.text('.form')).toContain('请选择议事层级');
    expect(page.text('.form')).toContain('标题至少4个字');
    expect(page.text('.form')).toContain('请说明情况（至少10个字）');
    expect(wxMock.requests.map((r) => (r.data as { action: string }).action)).toEqual(['listTopics']);

    await page.tap('.level-community');
    await page.input('.topic-title', '小区加装电梯');
    await page.input('.topic-description', '德轩小区多为老人，上下楼困难，希望加装电梯');
    await page.trigger('.public-name', 'change', { value: true });
    await page.tap('.submit');
    await page.waitForText('我提出的');

    const stored = await env.backend.docs('topics');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      title: '小区加装电梯',
      level: 'community',
      proposerId: RESIDENT,
      publicName: true,
      status: 'proposed',
    });
    const card = page.text(topicCard(page, '小区加装电梯'));
    expect(card).toContain('大党委议事 · 雄关社区');
    expect(card).toContain('0人附议');
    expect(page.query('.topic .back')).toBeUndefined(); // not one's own
    expect(page.query('.topic .withdraw')).toBeDefined();
    expect(page.data.form.title).toBe(''); // the form is ready for the next one
  });

  it('a neighbour backs it: the count goes up by one, the button goes, the store has him', async () => {
    env.as(NEIGHBOUR);
    const page = await openPage(TOPICS);
    await page.waitForText('小区加装电梯');
    const card = topicCard(page, '小区加装电梯');
    expect(page.text(card)).toContain('0人附议');
    expect(page.text(card)).toContain('张'); // the proposer let neighbours see his (masked) name
    await page.tap(page.get('.topic .back'));
    await page.waitForText('1人附议');
    expect(page.text(topicCard(page, '小区加装电梯'))).toContain('我已附议');
    expect(page.query('.topic .back')).toBeUndefined();
    const [topic] = await env.backend.docs('topics');
    expect(topic).toMatchObject({ backerCount: 1, backers: [NEIGHBOUR] });
  });

  it('the proposer withdraws his own topic after confirming', async () => {
    await proposeTopic(env.backend, RESIDENT, {
      level: 'building',
      title: '楼道灯不亮',
      description: '一号楼三单元楼道灯坏了很久，晚上很黑',
    });
    const wxMock = env.as(RESIDENT);
    const page = await openPage(TOPICS);
    await page.waitForText('楼道灯不亮');
    const card = topicCard(page, '楼道灯不亮');
    expect(page.text(card)).toContain('楼院议事 · 1号楼');
    await page.tap(await buttonOf(page, '楼道灯不亮', 'withdraw'));
    await page.waitFor(() => page.text(topicCard(page, '楼道灯不亮')).includes('已撤回'));
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '撤回议题' });
    const stored = (await env.backend.docs('topics')).find((t) => t.title === '楼道灯不亮')!;
    expect(stored.status).toBe('withdrawn');
  });

  it('organisers put a topic on an upcoming meeting, or decline one with a reason', async () => {
    const meeting = await createMeeting(env.backend, { title: '十一月居民议事会' });
    await proposeTopic(env.backend, NEIGHBOUR, {
      level: 'community',
      title: '广场舞噪音',
      description: '晚上九点以后广场舞音响太吵，影响休息',
    });
    const wxMock = env.as(STAFF);
    wxMock.setActionSheetAnswer(0);
    const page = await openPage(TOPICS, { communityId: COMMUNITY });
    await page.waitForText('广场舞噪音');
    expect(page.query('.form')).toBeUndefined(); // organisers handle topics, they do not propose here

    await page.tap(await buttonOf(page, '小区加装电梯', 'accept'));
    await page.waitFor(() => page.text(topicCard(page, '小区加装电梯')).includes('已列入议程'));
    expect(wxMock.actionSheets.at(-1)!.itemList[0]).toContain('十一月居民议事会');
    expect(page.text(topicCard(page, '小区加装电梯'))).toContain('议事会「十一月居民议事会」');
    const accepted = (await env.backend.docs('topics')).find((t) => t.title === '小区加装电梯')!;
    expect(accepted).toMatchObject({ status: 'accepted', meetingId: meeting.id });

    wxMock.setModalAnswer({ confirm: true, content: '已由城管部门处理' });
    await page.tap(await buttonOf(page, '广场舞噪音', 'decline'));
    await page.waitForText('未采纳理由：已由城管部门处理');
    const declined = (await env.backend.docs('topics')).find((t) => t.title === '广场舞噪音')!;
    expect(declined).toMatchObject({ status: 'declined', declineReason: '已由城管部门处理' });
  });
});
