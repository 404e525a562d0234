/**
 * 我的积分 (pages/volunteer/points): the balance and the ledger a page at a time, against an in-process handler
 * serving 60 ledger lines: the ledger's rows are t-cells, so each sits in a row view (the fold measures rows
 * through it), and past 40 rows the oldest fold behind a line back to the top.
 */
import { openPage, type LoadedPage } from '../helpers/simulate';
import { installWxMock, type WxMock } from '../helpers/wx-mock';

// the first render compiles the page (and its tdesign components): seconds on a busy machine
jest.setTimeout(60_000);

const LINES = 60;
const line = (n: number) => ({
  id: `pl-${String(n).padStart(3, '0')}`,
  kind: 'task' as const,
  kindLabel: '志愿服务',
  delta: 10,
  orderId: null,
  note: `第${n}次志愿服务`,
  at: '2026-11-02T10:00:00.000Z',
});

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: 'demo-party-member' } });
  wxMock.setRequestHandler((req) => {
    const { action, payload } = req.data as { action: string; payload: { cursor?: number } };
    if (action !== 'myPoints')
      return { statusCode: 200, data: { ok: false, error: { code: 'NOT_FOUND', message: action } } };
    const from = payload.cursor ?? 0;
    const items = Array.from({ length: Math.min(20, LINES - from) }, (_, i) => line(LINES - from - i));
    const nextCursor = from + 20 < LINES ? from + 20 : null;
    return { statusCode: 200, data: { ok: true, data: { balance: LINES * 10, items, nextCursor } } };
  });
});

const shown = (page: LoadedPage) =>
  page.queryAll('.list-row').map((row) => Number(/第(\d+)次/.exec(page.text(row))?.[1]));

it('shows the balance and the ledger newest first; past 40 rows the oldest fold behind a line', async () => {
  const page = await openPage('pages/volunteer/points/index');
  await page.waitForText('第60次志愿服务');
  expect(page.text('.balance__value')).toBe('600');
  expect(shown(page)).toEqual(Array.from({ length: 20 }, (_, i) => 60 - i));

  await page.onReachBottom();
  await page.waitForText('第21次志愿服务');
  expect(shown(page)).toHaveLength(40);
  expect(page.query('.list-fold__top')).toBeUndefined();

  await page.onReachBottom();
  await page.waitForText('已经到底了');
  expect(shown(page)).toEqual(Array.from({ length: 40 }, (_, i) => 40 - i));
  expect(page.text('.list-fold__top')).toBe('已收起前 20 条，点此回到顶部');
  expect(page.text()).toContain('+10');
});
