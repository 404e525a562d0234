/**
 * 人员与角色 end to end, as 雄关社区's staff: search a resident, grant a role with a reason, revoke it with a
 * reason; the community's role record shows both, and the store holds the roles and the events (each person's
 * events are kept in his own user document, written together with his roles).
 */
import { startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getLargestSetData, installWxMock, type WxMock } from '../helpers/wx-mock';

const ROLES = 'pages/staff/roles/index';
const STAFF = 'demo-community-staff';
const COMMUNITY = 'cm-xiongguan';

let backend: PageBackend;
let wxMock: WxMock;
let page: LoadedPage;

beforeAll(async () => {
  backend = await startPageBackend();
  wxMock = installWxMock({ storage: { localOpenid: STAFF } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  page = await openPage(ROLES, { communityId: COMMUNITY });
  await page.waitFor(() => page.data.vm.state === 'ready');
});
afterAll(async () => {
  await backend?.close();
});
let largestSetData = 0;
beforeEach(() => wxMock.clearRecords());
afterEach(() => {
  largestSetData = Math.max(largestSetData, getLargestSetData()?.bytes ?? 0);
});

const members = () => page.queryAll('.member').map((c) => page.text(c));
const events = () => page.queryAll('.event').map((c) => page.text(c));
/** Answers the action sheet by the label of the item to tap. */
const tapAction = (label: string) =>
  wxMock.setActionSheetAnswer((opts) => {
    const index = (opts.itemList as string[]).findIndex((item) => item === label);
    if (index < 0) throw new Error(`no action ${label} in ${String(opts.itemList)}`);
    return index;
  });
const residentRoles = async () => (await backend.doc('users', 'demo-resident'))!.roles as Array<{ role: string }>;
/** Every stored role event, with the id of the person it concerns (the user document it is kept in). */
const storedRoleEvents = async () =>
  (await backend.docs('users')).flatMap((user) =>
    ((user.roleEvents ?? []) as Array<Record<string, unknown>>).map((event): Record<string, unknown> => ({
      ...event,
      userId: user._id,
    })),
  );

describe('人员与角色', () => {
  it('lists the community’s residents and an empty record', () => {
    const [zhang, li] = members();
    expect(zhang).toBe('张桂兰 13893700001 1号楼'); // a resident without roles: the building once
    expect(li).toBe('李建国 13893700002 在职党员（雄关社区） 3号楼'); // roles with their scopes
    expect(page.text()).toContain('暂无记录');
  });

  it('search narrows the list by name', async () => {
    await page.input('.search', '张');
    await page.waitFor(() => members().length === 1);
    expect(members()[0]).toContain('张桂兰');
    await page.input('.search', '没有这个人');
    await page.waitForText('没有找到居民');
    await page.input('.search', '桂兰');
    await page.waitFor(() => members().length === 1 && members()[0].includes('张桂兰'));
  });

  it('cancelling the action sheet or the reason changes nothing', async () => {
    wxMock.setActionSheetAnswer(null);
    await page.tap('.member');
    expect(wxMock.actionSheets).toHaveLength(1);
    expect(wxMock.modals).toHaveLength(0);

    tapAction('设为雄关社区第一网格网格员');
    wxMock.setModalAnswer(false);
    await page.tap('.member');
    expect(wxMock.modals).toHaveLength(1);
    expect(await residentRoles()).toEqual([]);
    expect(await storedRoleEvents()).toEqual([]);
    expect(wxMock.requests.filter((r) => /Role"?$/.test(String((r.data as { action: string }).action)))).toEqual([]);
  });

  it('grants a role with a reason: the member shows it, the record says who, what and why', async () => {
    tapAction('设为雄关社区第一网格网格员');
    wxMock.setModalAnswer({ confirm: true, content: '楼长推荐，熟悉本楼住户' });
    await page.tap('.member');
    expect(wxMock.actionSheets[0].itemList).toEqual([
      '设为社区工作人员',
      '设为雄关社区第一网格网格员',
      '设为雄关社区第二网格网格员',
    ]);
    expect(wxMock.modals[0]).toMatchObject({ title: '设为雄关社区第一网格网格员：张桂兰', editable: true });
    await page.waitFor(() => events().length === 1);
    expect(wxMock.toasts).toContainEqual({ title: '已授予', icon: 'success' });
    expect(members()).toEqual([expect.stringContaining('网格员（雄关社区第一网格）')]); // the search is kept
    expect(events()[0]).toContain('陈明授予 张桂兰 网格员（雄关社区第一网格）');
    expect(events()[0]).toContain('楼长推荐，熟悉本楼住户');

    expect(await residentRoles()).toEqual([
      expect.objectContaining({ role: 'grid_worker', scopeType: 'grid', scopeId: 'gr-xiongguan-1' }),
    ]);
  });

  it('a too-short reason is refused with the reason why, nothing changes', async () => {
    tapAction('设为社区工作人员');
    wxMock.setModalAnswer({ confirm: true, content: '好' });
    await page.tap('.member');
    await page.waitFor(() => wxMock.toasts.length > 0);
    expect(wxMock.toasts[0].icon).toBe('none');
    expect(wxMock.toasts[0].title).toBe('请填写理由（至少2个字）');
    expect(await residentRoles()).toHaveLength(1);
    expect(events()).toHaveLength(1);
  });

  it('revokes with a reason: the role is gone and the record shows both, newest first', async () => {
    tapAction('撤销网格员（雄关社区第一网格）');
    wxMock.setModalAnswer({ confirm: true, content: '调整分工' });
    await page.tap('.member');
    expect(wxMock.modals[0].title).toBe('撤销网格员（雄关社区第一网格）：张桂兰');
    await page.waitFor(() => events().length === 2);
    expect(wxMock.toasts).toContainEqual({ title: '已撤销', icon: 'success' });
    expect(members()[0]).not.toContain('网格员');
    expect(events()[0]).toContain('陈明撤销了 张桂兰 网格员（雄关社区第一网格）');
    expect(events()[0]).toContain('调整分工');
    expect(events()[1]).toContain('陈明授予 张桂兰 网格员（雄关社区第一网格）');

    expect(await residentRoles()).toEqual([]);
    const stored = await storedRoleEvents();
    expect(
      stored.map(({ kind, userId, role, scopeId, by, reason, communityId }) => ({
        kind,
        userId,
        role,
        scopeId,
        by,
        reason,
        communityId,
      })),
    ).toEqual(
      expect.arrayContaining([
        {
          kind: 'grant',
          userId: 'demo-resident',
          role: 'grid_worker',
          scopeId: 'gr-xiongguan-1',
          by: STAFF,
          reason: '楼长推荐，熟悉本楼住户',
          communityId: COMMUNITY,
        },
        {
          kind: 'revoke',
          userId: 'demo-resident',
          role: 'grid_worker',
          scopeId: 'gr-xiongguan-1',
          by: STAFF,
          reason: '调整分工',
          communityId: COMMUNITY,
        },
      ]),
    );
    expect(stored).toHaveLength(2);
  });

  it('typing fast: the list shows the last search, whatever order the answers come in', async () => {
    // the answer for '张' is held back until the answer for '李' has arrived
    const forward = forwardRequestsTo(backend.url);
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    wxMock.setRequestHandler(async (req) => {
      const payload = (req.data as { action: string; payload: { keyword?: string } }).payload;
      const res = await forward(req);
      if (payload.keyword === '张') await firstHeld;
      return res;
    });
    await page.input('.search', '张');
    await page.input('.search', '李');
    await page.waitFor(() => members().length === 1 && members()[0].includes('李建国'));
    releaseFirst();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(members()).toEqual([expect.stringContaining('李建国')]);
    wxMock.setRequestHandler(forwardRequestsTo(backend.url));
  });

  it('keeps setData small', () => {
    expect(largestSetData).toBeGreaterThan(0);
    expect(largestSetData).toBeLessThan(256 * 1024);
    console.log(`staff/roles: largest page setData ${largestSetData} bytes`);
  });
});
