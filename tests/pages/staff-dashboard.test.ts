/**
 * 工作台 (pages/staff/dashboard) and 指标明细 (pages/staff/figure) end to end, as 雄关社区's staff: two orders made
 * through the real functions (one answered, done, confirmed and rated; one waiting), the read model brought up to
 * date by its timer, then the five rates with their samples, what is overdue, the trend's chart, the rankings with
 * their sample sizes, and the documents behind a figure. Residents are refused in words.
 */
import { COMMUNITY_STAFF, RESIDENT, usePageBackend } from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';
import { getLargestSetData, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const DASHBOARD = 'pages/staff/dashboard/index';
const FIGURE = 'pages/staff/figure/index';
const env = usePageBackend();

let wxMock: WxMock;
let done = '';
beforeAll(async () => {
  const b = env.backend;
  const order = async (requestId: string) =>
    expectOk(
      await b.call(RESIDENT, 'orders', 'create', {
        requestId,
        categoryId: 'water_supply',
        description: '厨房水管漏水了',
      }),
    ).id;
  done = await order('page-kpi-done');
  await order('page-kpi-waiting');
  expectOk(await b.call(COMMUNITY_STAFF, 'orders', 'handleSelf', { orderId: done }));
  expectOk(await b.call(COMMUNITY_STAFF, 'orders', 'complete', { orderId: done, notes: '已更换水管接头' }));
  expectOk(await b.call(RESIDENT, 'orders', 'confirm', { orderId: done }));
  expectOk(await b.call(RESIDENT, 'orders', 'rate', { orderId: done, as: 'resident', stars: 5 }));
  expectOk(await b.runTimer('kpis', 'tally'));
});
beforeEach(() => {
  wxMock = env.as(COMMUNITY_STAFF);
});

const tile = (page: Awaited<ReturnType<typeof openPage>>, measure: string) =>
  page.text(`.tile-${measure}`).replace(/\s+/g, ' ').trim();

describe('工作台', () => {
  it('shows the community’s rates with their samples, the trend and the rankings inside it', async () => {
    const page = await openPage(DASHBOARD, {});
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.text('.head__title')).toBe('雄关社区');
    expect(page.text('.head__caption')).toMatch(/^本月（.+）· 更新于 /);
    expect(tile(page, 'response')).toBe('响应率 100.0% 1件'); // the waiting order is within its 2 h: not counted
    expect(tile(page, 'resolve')).toBe('解决率 100.0% 1件');
    expect(tile(page, 'satisfaction')).toBe('满意率 100.0% 1件');
    expect(tile(page, 'rework')).toBe('发回重办率 0.0% 1件');
    expect(tile(page, 'volume')).toBe('受理量 2 工单2 · 投诉0');
    expect(page.text('.extra-overdue-orders')).toContain('0');
    expect(page.text('.trend')).toContain('按时办结率'); // the chart's legend
    expect(page.data.vm.state === 'ready' && page.data.vm.series.map((s: { label: string }) => s.label)).toEqual([
      '响应率',
      '解决率',
      '满意率',
      '按时办结率',
      '发回重办率',
    ]);

    // 网格 first (the community's children), ranked with the sample beside each; then the units' work there
    expect(page.text('.group-grid')).toBe('网格');
    expect(page.text('.rank-0')).toContain('雄关社区第一网格');
    expect(page.text('.rank-0')).toContain('样本1');
    await page.tap('.measure-satisfaction');
    expect(page.text('.measure-satisfaction.chip--on')).toBe('满意率');
    expect(page.text('.rank-0')).toContain('100.0%');

    // a ranking line opens that scope's own dashboard; a tile the documents behind its figure
    await page.tap('.rank-0');
    await page.tap('.tile-response');
    expect(wxMock.navigations).toEqual([
      { type: 'navigateTo', url: '/pages/staff/dashboard/index?scope=grid%3Agr-xiongguan-1' },
      {
        type: 'navigateTo',
        url: '/pages/staff/figure/index?scope=community%3Acm-xiongguan&measure=response&preset=month',
      },
    ]);
    expect(getLargestSetData({ component: DASHBOARD })!.bytes).toBeLessThan(16 * 1024);
    page.detach();
  });

  it('近30天 reads again; a grid opened from the ranking offers the way back to the community', async () => {
    const page = await openPage(DASHBOARD, { scope: encodeURIComponent('grid:gr-xiongguan-1') });
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.text('.head__title')).toBe('雄关社区第一网格');
    expect(page.text('.root-0')).toBe('返回雄关社区');
    page.get('.tabs').instance.triggerEvent('change', { value: 'last30' });
    await page.waitFor(() => page.data.vm.state === 'ready' && page.data.preset === 'last30');
    expect(page.text('.head__caption')).toMatch(/^近30天/);
    page.detach();
  });

  it('a resident is told in words that this is not for him', async () => {
    env.as(RESIDENT);
    const page = await openPage(DASHBOARD, {});
    await page.waitFor(() => page.data.vm.state === 'error');
    expect(page.text()).toContain('没有权限');
    page.detach();
  });
});

describe('指标明细', () => {
  it('lists the orders a figure counts, each marked, and opens one', async () => {
    const page = await openPage(FIGURE, {
      scope: encodeURIComponent('community:cm-xiongguan'),
      measure: 'resolve',
      preset: 'month',
    });
    await page.waitFor(() => page.data.vm.state === 'ready');
    expect(page.text('.section-title')).toBe('解决率：计入的工单与投诉');
    expect(page.queryAll('.item')).toHaveLength(1);
    expect(page.text('.item-0')).toContain('供水排水');
    expect(page.text('.item-0')).toContain('已解决');
    await page.tap('.item-0');
    expect(wxMock.navigations).toEqual([{ type: 'navigateTo', url: `/pages/orders/detail/index?id=${done}` }]);
    page.detach();
  });
});
