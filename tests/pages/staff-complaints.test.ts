/**
 * 升级投诉 (pages/staff/complaints) end to end: complaints that climbed past the property company reach the
 * community (社区呼叫), the street (街道吹哨) and the department (部门报到) through the real function — the company
 * answers, the resident is not satisfied, staff refer — and each level's staff see them in their inbox, 受理 (asked
 * first) and 答复 them from the row; the store holds each step. Callers outside the inbox are refused in words.
 */
import type { ComplaintCategory } from '../../miniprogram/shared/complaints/machine';
import {
  COMMUNITY,
  COMMUNITY_STAFF,
  COMPANY_MEMBER,
  fileComplaint,
  RESIDENT,
  usePageBackend,
} from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(120_000);

const INBOX = 'pages/staff/complaints/index';
const STREET = 'st-xiongguan';
const STREET_STAFF = 'demo-street-staff';
const DEPARTMENT = 'un-housing-dept'; // 市住房和城乡建设局: handles elevators in 雄关街道
const DEPARTMENT_MEMBER = 'demo-department-member';

const env = usePageBackend();

let wxMock: WxMock;
beforeEach(() => {
  wxMock = env.as(COMMUNITY_STAFF);
});

async function openInbox(query: Record<string, string>) {
  const page = await openPage(INBOX, query);
  await page.waitFor(() => page.data.vm.state !== 'loading');
  return page;
}

const openCommunityInbox = (query: Record<string, string> = {}) =>
  openInbox({ level: 'community', scopeId: COMMUNITY, ...query });

const rowOf = (page: LoadedPage, id: string): number =>
  page.data.vm.items.findIndex((r: { id: string }) => r.id === id);

const cardOf = (page: LoadedPage, id: string) => {
  const row = rowOf(page, id);
  if (row < 0) throw new Error(`${id} is not listed: ${page.text()}`);
  return page.queryAll('.complaint')[row];
};

async function switchTab(page: LoadedPage, label: string) {
  const tab = page.queryAll('.tabs >>> .t-tabs__item').find((n) => page.text(n) === label);
  if (!tab) throw new Error(`no tab ${label}: ${page.text('.tabs')}`);
  await page.tap(tab);
  await page.waitFor(() => page.data.vm.state !== 'loading');
}

/**
 * A complaint of the demo resident about 德轩小区 that climbed to 雄关社区 (社区呼叫): the company answered, the
 * resident was not satisfied.
 */
async function climbToCommunity(category: ComplaintCategory, description: string): Promise<string> {
  const filed = await fileComplaint(env.backend, RESIDENT, { category, description });
  expectOk(
    await env.backend.call(COMPANY_MEMBER, 'complaints', 'answer', {
      complaintId: filed.id,
      notes: '已派维修工查看，问题已处理',
    }),
  );
  const climbed = expectOk(
    await env.backend.call(RESIDENT, 'complaints', 'notSatisfied', {
      complaintId: filed.id,
      reason: '根本没人来过，问题还在',
    }),
  );
  expect(climbed).toMatchObject({ status: 'filed', level: 'community' });
  return filed.id;
}

describe('升级投诉 · 社区呼叫', () => {
  it('shows what climbed to the community; 受理 asks first; 答复 answers; each tab holds what it says', async () => {
    // nothing has reached the community yet
    const page = await openCommunityInbox();
    expect(page.text('.tabs')).toContain('新投诉');
    expect(page.text('.tabs')).toContain('已结束');
    expect(page.text()).toContain('没有待受理的投诉');
    expect(page.queryAll('.complaint')).toHaveLength(0);

    // the company's answer did not satisfy the resident: it climbs to the community; pulling down shows it
    const id = await climbToCommunity('elevator', '2号楼电梯一周停了三次，老人下不了楼');
    await page.onPullDownRefresh();
    await page.waitFor(() => page.data.vm.state === 'ready' && rowOf(page, id) >= 0);
    expect(wxMock.pullDownRefreshStops).toBe(1);
    const card = cardOf(page, id);
    expect(page.text(card)).toContain('电梯');
    expect(page.text(card)).toContain('2号楼电梯一周停了三次');
    expect(page.text(card)).toContain('德轩小区 · 社区');
    expect(page.text(card)).toContain('升级1次');
    expect(page.text(card)).toContain('待受理');
    expect(page.text(card)).toContain('受理时限');
    expect(page.text(card)).toContain('受理'); // the community's buttons: 受理 and 答复
    expect(page.queryAll('.acknowledge')).toHaveLength(1);
    expect(page.queryAll('.answer')).toHaveLength(1);

    // 受理 asks; "no" changes nothing
    wxMock.setModalAnswer(false);
    await page.tap(page.queryAll('.acknowledge')[rowOf(page, id)]);
    await page.waitFor(() => wxMock.modals.length === 1);
    expect(wxMock.modals[0].content).toContain('受理这条投诉');
    expect(await env.backend.doc('complaints', id)).toMatchObject({ status: 'filed', level: 'community' });
    expect(rowOf(page, id)).toBeGreaterThanOrEqual(0);

    wxMock.setModalAnswer(true);
    await page.tap(page.queryAll('.acknowledge')[rowOf(page, id)]);
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已受理'));
    expect(await env.backend.doc('complaints', id)).toMatchObject({
      status: 'acknowledged',
      level: 'community',
      handlerId: COMMUNITY,
    });
    expect(rowOf(page, id)).toBe(-1); // no longer new
    expect(page.text()).toContain('没有待受理的投诉');

    // nothing of the community's is overdue
    await switchTab(page, '已超时');
    expect(page.data.vm.filter).toBe('overdue');
    expect(page.text()).toContain('没有超时的投诉');

    // 处理中: 答复 needs what was done
    await switchTab(page, '处理中');
    expect(page.text(cardOf(page, id))).toContain('处理中');
    expect(page.text(cardOf(page, id))).toContain('答复时限');
    expect(page.queryAll('.acknowledge')).toHaveLength(0);
    await page.tap(page.queryAll('.answer')[rowOf(page, id)]);
    await page.waitFor(() => page.query('.answer-sheet >>> .answer-form'));
    await page.tap('.answer-sheet >>> .answer-submit');
    expect(page.text('.answer-sheet >>> .answer-error')).toBe('请填写办理情况');
    expect((await env.backend.doc('complaints', id))!.status).toBe('acknowledged');

    await page.input('.answer-sheet >>> .answer-notes', '社区约了电梯维保公司，已更换主板并试运行一天');
    await page.tap('.answer-sheet >>> .answer-submit');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已答复'));
    const stored = await env.backend.doc('complaints', id);
    expect(stored).toMatchObject({
      status: 'answered',
      level: 'community',
      answer: { level: 'community', notes: '社区约了电梯维保公司，已更换主板并试运行一天' },
    });
    expect(stored!.timeline.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'answer',
      'not_satisfied',
      'acknowledge',
      'answer',
    ]);
    expect(rowOf(page, id)).toBe(-1); // the resident's turn now
    expect(page.text()).toContain('没有处理中的投诉');
    expect(page.query('.answer-sheet >>> .answer-form')).toBeUndefined();

    // satisfied and rated, it ends at the community: 已结束 lists it, with no buttons
    expectOk(await env.backend.call(RESIDENT, 'complaints', 'satisfied', { complaintId: id }));
    expectOk(
      await env.backend.call(RESIDENT, 'complaints', 'rate', { complaintId: id, stars: 5, comment: '社区办事靠谱' }),
    );
    await switchTab(page, '已结束');
    expect(page.text(cardOf(page, id))).toContain('已办结');
    expect(page.queryAll('.acknowledge')).toHaveLength(0);
    expect(page.queryAll('.answer')).toHaveLength(0);
    expect(page.text()).toContain('已经到底了');

    // a row opens the complaint's page; back from it, the inbox reloads (it may have been acted on there)
    await page.tap(cardOf(page, id));
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/complaints/detail/index?id=${encodeURIComponent(id)}` },
    ]);
    const noise = await climbToCommunity('noise', '楼下商铺音响每晚开到十一点');
    expectOk(
      await env.backend.call(COMMUNITY_STAFF, 'complaints', 'closeNotResponsible', {
        complaintId: noise,
        reason: '噪音来自商铺经营，属城管执法范围，非物业责任',
      }),
    );
    const requests = wxMock.requests.length;
    await page.onShow();
    await page.waitFor(() => page.data.vm.state === 'ready' && rowOf(page, noise) >= 0);
    expect(wxMock.requests.length).toBe(requests + 1);
    expect(page.text(cardOf(page, noise))).toContain('非物业责任');
    expect(rowOf(page, noise)).toBe(0); // the latest ended first
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('opens on the tab its link names, and pages through a long 已结束 list', async () => {
    // 21 complaints that climbed to the community and that it closed as 非物业责任 (one open per category at a time)
    const categories: ComplaintCategory[] = ['parking', 'sanitation', 'noise'];
    const ids: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      const id = await climbToCommunity(categories[i % 3], `第${i + 1}次反映：楼道堆满杂物，无人清理`);
      expectOk(
        await env.backend.call(COMMUNITY_STAFF, 'complaints', 'closeNotResponsible', {
          complaintId: id,
          reason: '杂物为住户私人物品，由社区协调住户自行清理',
        }),
      );
      ids.push(id);
    }
    const closedAtCommunity = (await env.backend.docs('complaints')).filter(
      (c) => c.level === 'community' && c.handlerId === COMMUNITY && ['closed', 'not_responsible'].includes(c.status),
    );
    expect(closedAtCommunity.length).toBeGreaterThan(20);

    const page = await openCommunityInbox({ filter: 'closed' });
    expect(page.data.vm.filter).toBe('closed');
    expect(page.queryAll('.complaint')).toHaveLength(20);
    expect(page.text('.load-more')).toBe('上拉加载更多');
    expect(rowOf(page, ids[20])).toBe(0); // the latest ended first
    expect(page.text(page.queryAll('.complaint')[0])).toContain('非物业责任');

    await page.onReachBottom();
    await page.waitFor(() => page.queryAll('.complaint').length === closedAtCommunity.length);
    expect(page.query('.load-more')).toBeUndefined();
    expect(page.text()).toContain('已经到底了');
    for (const id of ids) expect(rowOf(page, id)).toBeGreaterThanOrEqual(0);
    expect(new Set(page.data.vm.items.map((r: { id: string }) => r.id)).size).toBe(closedAtCommunity.length);
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });
});

describe('升级投诉 · 街道吹哨与部门报到', () => {
  it('the street sees what the community referred; the department answers what the street passed on', async () => {
    const id = await climbToCommunity('elevator', '4号楼电梯门关不上，一直报警');
    expectOk(
      await env.backend.call(COMMUNITY_STAFF, 'complaints', 'refer', {
        complaintId: id,
        reason: '电梯需整体更换，社区协调不了，呼叫街道',
      }),
    );

    wxMock = env.as(STREET_STAFF);
    const street = await openInbox({ level: 'street', scopeId: STREET });
    const card = cardOf(street, id);
    expect(street.text(card)).toContain('德轩小区 · 街道');
    expect(street.text(card)).toContain('升级2次');
    expect(street.text(card)).toContain('待受理');
    wxMock.setModalAnswer(true);
    await street.tap(street.queryAll('.acknowledge')[rowOf(street, id)]);
    await street.waitFor(() => wxMock.toasts.some((t) => t.title === '已受理'));
    expect(await env.backend.doc('complaints', id)).toMatchObject({
      status: 'acknowledged',
      level: 'street',
      handlerId: STREET,
    });

    // 街道吹哨, 部门报到: the street passes it to the department that handles elevators
    expectOk(
      await env.backend.call(STREET_STAFF, 'complaints', 'refer', {
        complaintId: id,
        reason: '需住建部门牵头更换电梯',
        departmentId: DEPARTMENT,
      }),
    );
    await street.onPullDownRefresh();
    await street.waitFor(() => street.data.vm.state === 'ready' && rowOf(street, id) === -1);

    wxMock = env.as(DEPARTMENT_MEMBER);
    const department = await openInbox({ level: 'department', scopeId: DEPARTMENT });
    expect(department.text(cardOf(department, id))).toContain('德轩小区 · 职能部门');
    expect(department.text(cardOf(department, id))).toContain('升级3次');
    await department.tap(department.queryAll('.answer')[rowOf(department, id)]);
    await department.waitFor(() => department.query('.answer-sheet >>> .answer-form'));
    await department.input('.answer-sheet >>> .answer-notes', '已列入老旧电梯更新计划，下月进场施工');
    await department.tap('.answer-sheet >>> .answer-submit');
    await department.waitFor(() => wxMock.toasts.some((t) => t.title === '已答复'));
    expect(await env.backend.doc('complaints', id)).toMatchObject({
      status: 'answered',
      level: 'department',
      departmentId: DEPARTMENT,
      answer: { level: 'department', notes: '已列入老旧电梯更新计划，下月进场施工' },
    });
    expect(rowOf(department, id)).toBe(-1);
    expect(department.text()).toContain('没有待受理的投诉');
  });
});

describe('升级投诉 · 谁能看', () => {
  it('refuses a resident, another community’s staff and a property company, in words', async () => {
    const cases = [
      [RESIDENT, { level: 'community', scopeId: COMMUNITY }, '您没有权限进行此操作'], // no staff role at all
      ['demo-staff-changsheng', { level: 'community', scopeId: COMMUNITY }, '这不在您负责的范围内'], // 昌盛社区's
      [COMPANY_MEMBER, { level: 'department', scopeId: DEPARTMENT }, '这不在您负责的范围内'], // not the department
      [COMMUNITY_STAFF, { level: 'street', scopeId: STREET }, '这不在您负责的范围内'], // not the street
    ] as const;
    for (const [who, query, refusal] of cases) {
      wxMock = env.as(who);
      const page = await openInbox(query);
      expect(page.data.vm.state).toBe('error');
      expect(page.text()).toContain(refusal);
      expect(page.query('.retry')).toBeDefined();
      expect(page.queryAll('.complaint')).toHaveLength(0);
    }
  });

  it('a link without a level or a place says so; a lost backend shows a retry that works', async () => {
    const links: Record<string, string>[] = [
      {},
      { level: 'community' },
      { scopeId: COMMUNITY },
      { level: 'company', scopeId: COMMUNITY }, // the company's own inbox is pages/unit/complaints
    ];
    for (const query of links) {
      const page = await openInbox(query);
      expect(page.text()).toContain('缺少要查看的办理单位');
      // reloading cannot mend a link: no 重新加载 (it sent an invalid request and showed 填写的内容有误)
      expect(page.query('.retry')).toBeUndefined();
    }
    expect(wxMock.requests).toHaveLength(0);

    const id = await climbToCommunity('security', '单元门禁坏了一个月，陌生人随便进出');
    wxMock.setRequestHandler(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const page = await openCommunityInbox();
    expect(page.data.vm.state).toBe('error');
    expect(page.text()).toContain('连不上本地服务');
    wxMock.setRequestHandler(forwardRequestsTo(env.backend.url));
    await page.tap('.retry');
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.text(cardOf(page, id))).toContain('门禁坏了一个月');
  });
});
