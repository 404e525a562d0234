/**
 * 我的投诉 (pages/complaints/mine) and 投诉详情 (pages/complaints/detail) end to end: the resident's filed and
 * joined complaints with their badges; the detail page's timeline with each level change; 满意 + 评价 closing it;
 * 不满意 climbing to the community, whose staff see their own buttons on the same page and pass it up (街道吹哨).
 */
import {
  COMMUNITY_STAFF,
  COMPANY_MEMBER,
  fileComplaint,
  NEIGHBOUR,
  RESIDENT,
  usePageBackend,
} from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { getLargestSetData, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const MINE = 'pages/complaints/mine/index';
const DETAIL = 'pages/complaints/detail/index';

const env = usePageBackend();

let wxMock: WxMock;
const as = (openid: string) => (wxMock = env.as(openid));

/** A complaint of the resident, acknowledged and answered by 德轩物业 through the functions. */
async function answered(category: 'security' | 'elevator', description: string, notes: string) {
  const c = await fileComplaint(env.backend, RESIDENT, { category, description });
  expectOk(await env.backend.call(COMPANY_MEMBER, 'complaints', 'acknowledge', { complaintId: c.id }));
  expectOk(await env.backend.call(COMPANY_MEMBER, 'complaints', 'answer', { complaintId: c.id, notes }));
  return c;
}

async function openDetail(id: string, query: Record<string, string> = {}): Promise<LoadedPage> {
  const page = await openPage(DETAIL, { id, ...query });
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const buttons = (page: LoadedPage): string[] => page.queryAll('.action').map((b) => page.text(b));
const steps = (page: LoadedPage): string[] => page.queryAll('.timeline >>> .step__title').map((s) => page.text(s));

describe('我的投诉', () => {
  it('lists what he filed and what he joined, with badges, level and status; tabs split open from ended', async () => {
    const own = await fileComplaint(env.backend, RESIDENT, { category: 'parking', description: '地库车位被长期占用' });
    const theirs = await fileComplaint(env.backend, NEIGHBOUR, {
      category: 'fly_line_charging',
      description: '2单元有人从窗口拉线充电',
    });
    expectOk(await env.backend.call(RESIDENT, 'complaints', 'meToo', { complaintId: theirs.id }));

    as(RESIDENT);
    const page = await openPage(MINE);
    await page.waitFor(() => page.data.vm.state === 'ready');
    const card = (id: string) =>
      page.text(page.queryAll('.complaint')[page.data.vm.items.findIndex((r: { id: string }) => r.id === id)]);
    expect(card(own.id)).toContain('停车');
    expect(card(own.id)).toContain('我发起的');
    expect(card(own.id)).toContain('物业企业办理');
    expect(card(own.id)).toContain('待受理');
    expect(card(theirs.id)).toContain('飞线充电');
    expect(card(theirs.id)).toContain('我附议的');
    expect(card(theirs.id)).toContain('1位邻居附议');

    await page.tap(page.queryAll('.complaint')[0]);
    expect(wxMock.navigations[0].url).toMatch(/^\/pages\/complaints\/detail\/index\?id=/);

    const tab = page.queryAll('.tabs >>> .t-tabs__item').find((n) => page.text(n) === '已结束')!;
    await page.tap(tab);
    await page.waitFor(() => page.data.vm.state === 'ready' && page.data.vm.tab === 'closed');
    expect(page.data.vm.items.map((r: { id: string }) => r.id)).not.toContain(own.id);
  });

  it('满意 then 评价 closes an answered complaint; the timeline shows each step', async () => {
    const c = await answered('security', '单元门禁坏了一个月，陌生人随意进出', '已更换门禁主板，恢复刷卡');
    as(RESIDENT);
    const page = await openDetail(c.id);
    expect(page.text('.status')).toContain('待确认');
    expect(page.text('.status')).toContain('物业企业办理');
    expect(page.text('.answer')).toContain('已更换门禁主板');
    expect(page.text('.info')).toContain('德轩物业服务有限公司');
    expect(steps(page)).toEqual(['答复', '受理', '投诉']); // newest first
    expect(buttons(page)).toEqual(['满意', '不满意，升级办理']); // only what the server allows him
    expect(page.query('.rating-form')).toBeUndefined();

    await page.tap('.action-satisfied');
    await page.waitFor(() => page.data.vm.state === 'ready' && page.data.vm.complaint.canRate);
    expect((await env.backend.doc('complaints', c.id))!.status).toBe('confirmed');
    expect(buttons(page)).toEqual([]);

    await page.tap('.submit-rating');
    expect(page.text('.rating-error')).toBe('请选择星级');
    page.get('.stars').instance.triggerEvent('change', { value: 4 });
    await page.waitFor(() => page.data.rating.stars === 4);
    expect(page.text('.star-text')).toBe('满意');
    await page.input('.rating-comment', '修得快，态度好');
    await page.tap('.submit-rating');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '感谢您的评价'));
    expect(await env.backend.doc('complaints', c.id)).toMatchObject({
      status: 'closed',
      rating: { stars: 4, comment: '修得快，态度好' },
    });
    expect(page.text('.status')).toContain('已办结');
    expect(page.text('.rating')).toContain('4星 · 满意');
    expect(steps(page)).toEqual(['评价', '满意', '答复', '受理', '投诉']);
    expect(page.query('.rating-form')).toBeUndefined();
    expect(getLargestSetData()!.bytes).toBeLessThan(32 * 1024);
  });

  it('不满意 climbs to the community (社区呼叫); its staff see their buttons there and blow the whistle to the street', async () => {
    const c = await answered('elevator', '电梯又停了，修了三次还是坏', '已重启电梯');
    as(RESIDENT);
    const page = await openDetail(c.id);
    wxMock.setModalAnswer({ confirm: true, content: '' });
    await page.tap('.action-not_satisfied');
    expect(page.text('.action-error')).toBe('请填写理由（至少2个字）');
    expect((await env.backend.doc('complaints', c.id))!.status).toBe('answered');

    wxMock.setModalAnswer({ confirm: true, content: '电梯还是三天两头停' });
    await page.tap('.action-not_satisfied');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已升级到上一级办理'));
    expect(await env.backend.doc('complaints', c.id)).toMatchObject({ status: 'filed', level: 'community' });
    expect(page.text('.status')).toContain('社区办理');
    expect(steps(page)[0]).toBe('不满意 · 社区呼叫');
    expect(page.text('.timeline')).toContain('物业企业 → 社区');
    expect(page.text('.timeline')).toContain('电梯还是三天两头停');
    expect(buttons(page)).toEqual([]);

    as(COMMUNITY_STAFF);
    const staff = await openDetail(c.id);
    expect(buttons(staff)).toEqual(['受理', '答复', '上报上级 · 街道吹哨', '认定非物业责任']);
    expect(staff.text('.contact')).toContain('张桂兰'); // who must reach him sees his name
    wxMock.setModalAnswer({ confirm: true, content: '电梯需整体更换，须街道协调维修资金' });
    await staff.tap('.action-refer');
    await staff.waitFor(() => wxMock.toasts.some((t) => t.title === '已上报上级'));
    expect(await env.backend.doc('complaints', c.id)).toMatchObject({ status: 'filed', level: 'street' });
    expect(steps(staff)[0]).toBe('上报上级 · 街道吹哨');
    expect(buttons(staff)).toEqual(['认定非物业责任']); // the street holds it now

    // and the resident sees the whole ladder
    as(RESIDENT);
    const again = await openDetail(c.id);
    expect(steps(again).slice(0, 2)).toEqual(['上报上级 · 街道吹哨', '不满意 · 社区呼叫']);
    expect(again.text('.status')).toContain('街道办理');
  });

  it('says so when he joined a neighbour’s complaint, and shows a refusal as a page with a retry', async () => {
    const c = await fileComplaint(env.backend, NEIGHBOUR, { category: 'other', description: '小区健身器材坏了没人修' });
    expectOk(await env.backend.call(RESIDENT, 'complaints', 'meToo', { complaintId: c.id }));
    as(RESIDENT);
    const page = await openDetail(c.id, { joined: '1' });
    expect(page.text('.joined-notice')).toContain('您已附议');
    expect(page.text('.status')).toContain('我附议的');
    expect(page.text('.info')).toContain('一位邻居');

    as('demo-resident-changsheng'); // another compound: not his to see, nor to know of
    const other = await openDetail(c.id);
    expect(other.text()).toContain('找不到这条投诉');
    expect(other.query('.error-state >>> .retry')).toBeDefined();
  });
});
