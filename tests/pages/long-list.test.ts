/**
 * A long list within WeChat's limits (one setData ≤ 256 KB, < 1000 WXML nodes): real list pages on a backend
 * holding 300 orders, scrolled (onReachBottom) until every row is loaded. Each records the largest setData while
 * scrolling and the most elements its rendered tree had, for the budget step (scripts/budgets.ts).
 */
import { recordLongList } from '../helpers/observations';
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage, type LoadedPage } from '../helpers/simulate';
import { forwardRequestsTo, getSetDataRecords, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(120_000);

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const ROWS = 300;

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend();
  for (let n = 1; n <= ROWS; n += 1)
    expectOk(
      await backend.call(RESIDENT, 'orders', 'create', {
        requestId: `long-list-${String(n).padStart(4, '0')}`,
        categoryId: 'cleaning',
        description: `楼道第${n}号需要打扫一下`,
      }),
    );
}, 120_000);
afterAll(() => backend?.close());

let wxMock: WxMock;
const as = (openid: string) => {
  wxMock = installWxMock({ storage: { localOpenid: openid } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
};

/** The order numbers (楼道第N号) of the rows the page renders, top to bottom. */
const shownNumbers = (page: LoadedPage) =>
  page.queryAll('.order').map((row) => Number(/楼道第(\d+)号/.exec(page.text(row))?.[1]));

/** Rows in one direction, one apart: in order, none repeated, none missing. */
function expectRun(numbers: number[], step: 1 | -1) {
  expect(numbers.length).toBeGreaterThan(0);
  numbers.forEach((n, i) => i > 0 && expect(n - numbers[i - 1]).toBe(step));
}

/**
 * Scrolls to the bottom until the list ends, checking after each page that the rendered rows run on in order
 * and stay few; `between` runs after each page (to make one fail). Records the figures.
 */
async function scrollToEnd(
  page: LoadedPage,
  step: 1 | -1,
  between: (loaded: number) => Promise<void> = async () => {},
) {
  const seen = getSetDataRecords().length;
  let nodes = page.nodeCount();
  while (page.data.vm.nextCursor !== null) {
    const loaded = page.data.vm.items.length as number;
    await page.onReachBottom();
    await page.waitFor(() => !page.data.vm.loadingMore && (page.data.vm.items.length > loaded || page.data.vm.message));
    await between(page.data.vm.items.length);
    nodes = Math.max(nodes, page.nodeCount());
    const shown = shownNumbers(page);
    expectRun(shown, step);
    expect(shown.length).toBeLessThanOrEqual(40);
  }
  const ids = page.data.vm.items.map((item: { id: string }) => item.id);
  expect(new Set(ids).size).toBe(ROWS);
  const largestSetData = Math.max(
    ...getSetDataRecords()
      .slice(seen)
      .filter((r) => r.isPage)
      .map((r) => r.bytes),
  );
  const test = expect.getState().currentTestName ?? '';
  recordLongList({
    page: page.path.split('miniprogram/')[1],
    rows: ids.length,
    largestSetData,
    largestNodeCount: nodes,
    test,
  });
  return { largestSetData, nodes };
}

describe('a list of 300 rows', () => {
  it('我的工单: scrolls to the end in order, newest first, rendering the last rows only; back to the top', async () => {
    as(RESIDENT);
    const page = await openPage('pages/orders/mine/index');
    await page.waitForText('楼道第300号');
    expect(shownNumbers(page)).toHaveLength(20);

    const { largestSetData, nodes } = await scrollToEnd(page, -1);
    expect(largestSetData).toBeLessThanOrEqual(32 * 1024);
    expect(nodes).toBeLessThan(1000);

    // the end of the list is shown, the older rows stand folded behind a line that goes back to the top
    expect(shownNumbers(page).at(-1)).toBe(1);
    expect(page.text()).toContain('已经到底了');
    expect(page.text('.list-fold__top')).toBe(`已收起前 ${ROWS - shownNumbers(page).length} 条，点此回到顶部`);

    await page.tap('.list-fold__top');
    await page.waitFor(() => shownNumbers(page)[0] === 300);
    expect(shownNumbers(page)).toHaveLength(20);
    expect(page.query('.list-fold__top')).toBeUndefined();
    expect(wxMock.calls.filter((c) => c.api === 'pageScrollTo').at(-1)?.options).toMatchObject({ scrollTop: 0 });
  });

  it('社区发单: a next page that fails keeps the list and can be tried again', async () => {
    as(STAFF);
    const page = await openPage('pages/staff/queue/index', { communityId: 'cm-xiongguan' });
    await page.waitForText('楼道第1号');

    let failed = false;
    const { largestSetData, nodes } = await scrollToEnd(page, 1, async (loaded) => {
      if (failed || loaded < 100) return;
      failed = true;
      wxMock.setRequestHandler(() => {
        throw new Error('network down');
      });
      const before = shownNumbers(page);
      await page.onReachBottom();
      await page.waitFor(() => !page.data.vm.loadingMore && page.data.vm.message);
      expect(shownNumbers(page)).toEqual(before);
      expect(page.text('.load-more')).toBe(page.data.vm.message);
      expect(page.data.vm.items).toHaveLength(loaded);

      wxMock.setRequestHandler(forwardRequestsTo(backend.url));
      await page.tap('.load-more');
      await page.waitFor(() => page.data.vm.items.length > loaded);
      expectRun(shownNumbers(page), 1);
    });
    expect(failed).toBe(true);
    expect(largestSetData).toBeLessThanOrEqual(32 * 1024);
    expect(nodes).toBeLessThan(1000);
    expect(shownNumbers(page).at(-1)).toBe(ROWS);
    expect(page.text()).toContain('已经到底了');
  });
});
