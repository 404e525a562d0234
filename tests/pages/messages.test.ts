/**
 * 消息 (pages/messages): the inbox newest first a page at a time, the unread count on the page and on the tab's
 * badge, a tap that opens the message's page and marks it read, 全部已读 after a confirmation that says how many,
 * and the empty, loading and error states — against an in-process messages function holding one person's inbox.
 */
import type { InboxItem } from '../../miniprogram/shared/api/messages';
import { openPage, loadPage, type LoadedPage } from '../helpers/simulate';
import { getLargestSetData, installWxMock, type WxMock, type WxRequest } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const MESSAGES = 'pages/messages/index';
const TAB = 1;
const PAGE = 20;

const message = (n: number, read = false): InboxItem => ({
  id: `inb_${String(n).padStart(3, '0')}`,
  title: `供水排水：处理中 ${n}`,
  body: `第${n}条：单位已接单`,
  subject: { type: 'order', id: `ord_${n}` },
  page: `pages/orders/detail/index?id=ord_${n}`,
  createdAt: new Date(Date.UTC(2026, 10, 2, 2, n)).toISOString(),
  read,
});

let wxMock: WxMock;
/** The inbox, newest first. */
let inbox: InboxItem[];
let failWith: { code: string; message: string } | null;

const unread = () => inbox.filter((m) => !m.read).length;
const sent = (action: string) =>
  wxMock.requests.filter((r) => (r.data as { action: string }).action === action).map((r: WxRequest) => r.data);

beforeEach(() => {
  inbox = [message(3), message(2), message(1, true)];
  failWith = null;
  wxMock = installWxMock({ storage: { localOpenid: 'demo-resident' } });
  wxMock.setRequestHandler((req) => {
    const { action, payload } = req.data as { action: string; payload: { cursor?: number; id?: string } };
    const ok = (data: unknown) => ({ statusCode: 200, data: { ok: true, data } });
    if (failWith) return { statusCode: 200, data: { ok: false, error: failWith } };
    switch (action) {
      case 'listInbox': {
        const from = payload.cursor ?? 0;
        const next = from + PAGE < inbox.length ? from + PAGE : null;
        return ok({ items: inbox.slice(from, from + PAGE), nextCursor: next, unread: unread() });
      }
      case 'markRead':
        inbox = inbox.map((m) => (m.id === payload.id ? { ...m, read: true } : m));
        return ok({ unread: unread() });
      case 'markAllRead': {
        const marked = unread();
        inbox = inbox.map((m) => ({ ...m, read: true }));
        return ok({ marked, unread: 0 });
      }
      default:
        return { statusCode: 200, data: { ok: false, error: { code: 'UNKNOWN_ACTION', message: action } } };
    }
  });
});

const rows = (page: LoadedPage) => page.queryAll('.message').map((row) => page.text(row));

describe('消息', () => {
  it('shows loading, then the messages newest first, the unread ones marked, and the count on the tab', async () => {
    const page = loadPage(MESSAGES);
    expect(page.text()).toContain('正在加载消息');
    await page.launch();
    await page.waitForText('2 条未读');
    expect(rows(page)).toEqual([
      '未读 工单 11-02 10:03 供水排水：处理中 3 第3条：单位已接单',
      '未读 工单 11-02 10:02 供水排水：处理中 2 第2条：单位已接单',
      '工单 11-02 10:01 供水排水：处理中 1 第1条：单位已接单',
    ]);
    expect(wxMock.tabBarBadges.get(TAB)).toBe('2');
    expect(page.text()).toContain('全部已读');
    expect(page.text()).toContain('没有更早的消息了');
  });

  it('tapping a message opens its page and marks it read; the count and badge go down', async () => {
    const page = await openPage(MESSAGES);
    await page.waitForText('2 条未读');
    await page.tap(page.queryAll('.message')[1]);
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: '/pages/orders/detail/index?id=ord_2' }]);
    await page.waitForText('1 条未读');
    expect(sent('markRead')).toEqual([{ action: 'markRead', payload: { id: 'inb_002' } }]);
    expect(rows(page)[1]).not.toContain('未读');
    expect(wxMock.tabBarBadges.get(TAB)).toBe('1');

    // a read one opens without marking anything again
    await page.tap(page.queryAll('.message')[2]);
    expect(wxMock.navigations[1]).toEqual({ type: 'navigateTo', url: '/pages/orders/detail/index?id=ord_1' });
    expect(sent('markRead')).toHaveLength(1);
  });

  it('staff see theirs: a new topic opens their topic queue', async () => {
    inbox = [
      {
        ...message(5),
        title: '群众说事：老旧小区加装电梯',
        body: '德轩小区的居民提出了新议题',
        subject: { type: 'topic', id: 'tpc_1' },
        page: 'pages/councils/topics/index?communityId=cm-xiongguan',
      },
    ];
    wxMock.storage.set('localOpenid', 'demo-community-staff');
    const page = await openPage(MESSAGES);
    await page.waitForText('1 条未读');
    expect(rows(page)[0]).toContain('议题');
    await page.tap('.message');
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/councils/topics/index?communityId=cm-xiongguan' },
    ]);
    expect(wxMock.requests[0].header['x-wx-openid']).toBe('demo-community-staff');
  });

  it('全部已读 asks first, saying how many; confirmed, every message is read and the badge is gone', async () => {
    const page = await openPage(MESSAGES);
    await page.waitForText('2 条未读');

    wxMock.setModalAnswer(false);
    await page.tap('.mark-all');
    expect(wxMock.modals.at(-1)).toMatchObject({ title: '全部已读', content: '将 2 条未读消息全部标为已读？' });
    expect(sent('markAllRead')).toEqual([]);
    expect(page.text()).toContain('2 条未读');

    wxMock.setModalAnswer(true);
    await page.tap('.mark-all');
    await page.waitFor(() => page.query('.mark-all') === undefined);
    expect(sent('markAllRead')).toHaveLength(1);
    expect(page.text('.summary')).toBe('全部已读');
    expect(rows(page).some((r) => r.includes('未读'))).toBe(false);
    expect(wxMock.tabBarBadges.has(TAB)).toBe(false);
    expect(wxMock.toasts.at(-1)).toMatchObject({ title: '已全部标为已读' });
  });

  it('an empty inbox says so, and no badge is shown', async () => {
    inbox = [];
    const page = await openPage(MESSAGES);
    await page.waitForText('还没有消息');
    expect(page.text()).toContain('工单、投诉和议事会有了进展，会在这里告诉您');
    expect(page.query('.mark-all')).toBeUndefined();
    expect(wxMock.calls.filter((c) => c.api === 'removeTabBarBadge')).toHaveLength(1);
    expect(wxMock.tabBarBadges.size).toBe(0);
  });

  it('coming back to the tab shows what arrived meanwhile, and the badge follows', async () => {
    const page = await openPage(MESSAGES);
    await page.waitForText('2 条未读');
    inbox = [{ ...message(4), title: '暖气投诉：已答复', subject: { type: 'complaint', id: 'cpl_1' } }, ...inbox];
    await page.onShow();
    await page.waitForText('3 条未读');
    expect(rows(page)[0]).toContain('投诉');
    expect(rows(page)[0]).toContain('暖气投诉：已答复');
    expect(wxMock.tabBarBadges.get(TAB)).toBe('3');
  });

  it('a long inbox comes a page at a time; pulling down shows the first page again', async () => {
    inbox = Array.from({ length: 45 }, (_, i) => message(45 - i));
    const page = await openPage(MESSAGES);
    await page.waitForText('45 条未读');
    expect(rows(page)).toHaveLength(20);
    expect(page.text()).toContain('上拉加载更多');
    await page.onReachBottom();
    await page.waitFor(() => rows(page).length === 40);
    expect(sent('listInbox').at(-1)).toEqual({ action: 'listInbox', payload: { cursor: 20 } });
    await page.onPullDownRefresh();
    expect(rows(page)).toHaveLength(20);
    expect(wxMock.pullDownRefreshStops).toBe(1);
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('when the inbox cannot be reached it says so in words, and 重新加载 tries again', async () => {
    failWith = { code: 'NETWORK_ERROR', message: '网络不给力，请检查网络后重试' };
    const page = await openPage(MESSAGES);
    await page.waitForText('网络不给力，请检查网络后重试');
    expect(wxMock.calls.some((c) => c.api === 'setTabBarBadge')).toBe(false);
    failWith = null;
    await page.tap('.retry');
    await page.waitForText('2 条未读');
  });

  it('someone not registered is told what the inbox is for and where to register', async () => {
    failWith = { code: 'UNAUTHENTICATED', message: '请先登录并绑定所在社区' };
    const page = await openPage(MESSAGES);
    await page.waitForText('注册后，工单、投诉和议事会的消息会在这里告诉您');
    expect(page.text()).toContain('请先到「我的」注册');
  });
});
