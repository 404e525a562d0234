/**
 * 投诉热点 (pages/staff/hotspots) on the real env.backend, as the demo community staff: five households of 德轩小区
 * reporting heating (one complaint and four 附议, registered as fresh residents) make a hotspot at the default
 * threshold; the controls change what counts; 未诉先办 opens one proactive order (origin 'hotspot') and the card
 * links to it.
 */
import {
  COMMUNITY,
  COMMUNITY_STAFF,
  fileComplaint,
  registerDexuanResidents,
  usePageBackend,
} from '../helpers/complaints';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { getLargestSetData, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const HOTSPOTS = 'pages/staff/hotspots/index';

const env = usePageBackend();

let wxMock: WxMock;
beforeEach(() => {
  wxMock = env.as(COMMUNITY_STAFF);
});

const cardTitles = (page: LoadedPage): string[] => page.queryAll('.hotspot__title').map((n) => page.text(n));

describe('投诉热点 · 未诉先办', () => {
  it('finds a five-household heating cluster and opens one proactive order for it', async () => {
    const residents = await registerDexuanResidents(env.backend, 'heat', 5);
    // the first files, the other four file the same category: the server folds them in as 附议
    for (const who of residents) {
      await fileComplaint(env.backend, who, { category: 'heating', description: '暖气片不热，屋里只有十几度' });
    }
    await fileComplaint(env.backend, residents[0], { category: 'noise', description: '夜里装修噪音很大' });

    const page = await openPage(HOTSPOTS, { communityId: COMMUNITY });
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.data.controls).toEqual({ windowDays: 7, threshold: 5 });
    expect(cardTitles(page)).toEqual(['供暖 · 德轩小区']); // the single noise complaint is no cluster
    const card = page.get('.hotspot-0');
    expect(page.text(card)).toContain('小区');
    expect(page.text('.households')).toBe('5');
    expect(page.text(card)).toContain('1 条投诉');
    expect(page.text(card)).toContain('1 条未结');

    // the threshold is the page's: below the contract's least (2) it is clamped; 6 shows nothing; back to 5
    page.get('.threshold').instance.triggerEvent('change', { value: 1 });
    await page.waitFor(() => page.data.vm.state === 'ready' && page.data.controls.threshold === 2);
    expect(cardTitles(page)).toEqual(['供暖 · 德轩小区']); // the one noise complaint is one household: still none
    page.get('.threshold').instance.triggerEvent('change', { value: 6 });
    await page.waitFor(() => page.data.vm.state === 'ready' && page.data.controls.threshold === 6);
    expect(page.text()).toContain('近7天没有6户以上反映的同类问题');
    page.get('.threshold').instance.triggerEvent('change', { value: 5 });
    await page.waitFor(() => page.data.vm.state === 'ready' && page.data.controls.threshold === 5);

    // 未诉先办: a description, then a confirmation; too short a description is refused before sending
    wxMock.setModalAnswer({ confirm: true, content: '太短' });
    await page.tap('.proactive');
    await page.waitFor(() => wxMock.toasts.length > 0);
    expect(wxMock.toasts[0].title).toBe('请描述要办的事（至少5个字）');

    const description = '德轩小区集中反映暖气不热，社区协调供热公司入户排查';
    wxMock.setModalAnswer((options) => (options.editable ? { confirm: true, content: description } : true));
    await page.tap('.proactive');
    await page.waitFor(() => wxMock.toasts.some((t) => t.title === '已开单并告知住户'));
    expect(wxMock.modals.at(-1)!.content).toContain('告知反映过的5户');

    const orders = (await env.backend.docs('orders')).filter((o) => o.origin?.kind === 'hotspot');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      description,
      categoryId: 'heating',
      status: 'submitted',
      origin: { kind: 'hotspot', hotspotKey: 'heating:compound:cp-dexuan', complaintCategory: 'heating' },
    });
    const link = page.get('.order-link');
    expect(page.text(link)).toContain('已开工单');
    expect(page.query('.proactive')).toBeUndefined();
    await page.tap(link);
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: `/pages/orders/detail/index?id=${encodeURIComponent(orders[0]._id)}` },
    ]);

    // opened again later, the board still shows the link
    const later = await openPage(HOTSPOTS, { communityId: COMMUNITY });
    await later.waitFor(() => later.data.vm.state === 'ready');
    expect(later.text('.order-link')).toContain('已开工单');
    expect(getLargestSetData()!.bytes).toBeLessThan(16 * 1024);
  });

  it('a resident may not see the board: the refusal in words, with a retry', async () => {
    wxMock = env.as('demo-resident');
    const page = await openPage(HOTSPOTS, { communityId: COMMUNITY });
    await page.waitFor(() => page.data.vm.state === 'error');
    expect(page.query('.retry')).toBeDefined();
  });
});
