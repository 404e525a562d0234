/**
 * 数据导出 (pages/staff/export) end to end on the real local backend, as the demo community staff of 雄关社区: the
 * page asks the exports function for this month's orders as Excel, downloads the file from its temporary link
 * and opens it with wx.openDocument (menu shown); a CSV gives a link to open on a computer; a window that ends
 * before it starts and an export outside his scope are told in words.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expectOk, startPageBackend, type PageBackend } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';
import { forwardRequestsTo, installWxMock, type WxMock } from '../helpers/wx-mock';

jest.setTimeout(60_000);

const STAFF = 'demo-community-staff';
const EXPORT = 'pages/staff/export/index';
const QUERY = { scope: 'community', id: 'cm-xiongguan', name: '雄关社区' };

let backend: PageBackend;
beforeAll(async () => {
  backend = await startPageBackend();
  expectOk(
    await backend.call('demo-resident', 'orders', 'create', {
      requestId: 'req-export-page-1',
      categoryId: 'water_supply',
      description: '厨房水管漏水，楼下天花板渗水',
      address: '2单元301',
    }),
  );
});
afterAll(() => backend?.close());

let wxMock: WxMock;
beforeEach(() => {
  wxMock = installWxMock({ storage: { localOpenid: STAFF } });
  wxMock.setRequestHandler(forwardRequestsTo(backend.url));
});

const opened = () =>
  wxMock.calls.filter((c) => c.api === 'openDocument').map((c) => c.options as Record<string, unknown>);

describe('数据导出', () => {
  it('exports this month’s orders as Excel and opens the file, with the menu', async () => {
    const page = await openPage(EXPORT, QUERY);
    expect(page.text('.scope')).toContain('雄关社区');
    expect(page.get('.kind-orders').dom.className).toContain('chip--on');
    await page.tap('.submit');
    await page.waitFor(() => opened().length === 1);

    expect(page.data.result.state).toBe('done');
    expect(page.text('.done')).toContain('共 1 条');
    expect(page.text('.done__name')).toMatch(/^服务工单_\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [doc] = opened();
    expect(doc).toMatchObject({ fileType: 'xlsx', showMenu: true });
    // What WeChat opens is a real workbook with the orders sheet.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync(String(doc.filePath)) as unknown as ArrayBuffer);
    expect(book.worksheets[0].name).toBe('服务工单');
    expect(book.worksheets[0].getRow(1).getCell(1).value).toBe('工单编号');
    expect(book.worksheets[0].rowCount).toBe(2);
  });

  it('gives a CSV as a link to open on a computer, not in WeChat', async () => {
    const page = await openPage(EXPORT, { ...QUERY, kind: 'complaints' });
    await page.tap('.format-csv');
    await page.tap('.submit');
    await page.waitFor(() => page.data.result.state === 'done');
    expect(page.text('.done__name')).toMatch(/^物业投诉_.*\.csv$/);
    expect(page.text('.done__url')).toContain('/storage/exports/');
    expect(opened()).toEqual([]);
  });

  it('says what is wrong with a custom window before sending, and a scope he does not hold', async () => {
    const page = await openPage(EXPORT, QUERY);
    await page.tap('.window-custom');
    page.get('.date-from').instance.triggerEvent('change', { value: '2026-12-31' });
    page.get('.date-to').instance.triggerEvent('change', { value: '2026-12-01' });
    await page.tap('.submit');
    await page.waitFor(() => page.data.result.state === 'error');
    expect(page.text('.error')).toBe('开始日期不能晚于结束日期');
    expect(wxMock.requests.filter((r) => r.url.includes('/functions/exports'))).toEqual([]);

    const other = await openPage(EXPORT, { scope: 'community', id: 'cm-changsheng', name: '昌盛社区' });
    await other.tap('.submit');
    await other.waitFor(() => other.data.result.state === 'error');
    expect(other.text('.error')).toContain('不在您负责的范围内');
  });
});
