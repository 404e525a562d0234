/** 导出's rules: which days a window covers (China days), when it is refused, and CSV as spreadsheets read it. */
import { BOM, csvField, neutralise, toCsv } from '../../../miniprogram/shared/exports/csv';
import { exportFileName } from '../../../miniprogram/shared/exports/kinds';
import { MAX_WINDOW_DAYS, resolveWindow, windowProblem } from '../../../miniprogram/shared/exports/window';

// 2026-12-01 02:00 in Beijing is still 30 November in UTC.
const NOW = new Date('2026-11-30T18:00:00Z');

describe('export windows', () => {
  it('本月 runs from the 1st of the China month to the end of today', () => {
    const w = resolveWindow({ kind: 'thisMonth' }, NOW);
    expect([w.from, w.to]).toEqual(['2026-12-01', '2026-12-01']);
    expect(w.start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });

  it('近30天 is today and the 29 days before it', () => {
    const w = resolveWindow({ kind: 'last30Days' }, NOW);
    expect([w.from, w.to]).toEqual(['2026-11-02', '2026-12-01']);
  });

  it('a custom window covers both days picked, whole', () => {
    const w = resolveWindow({ kind: 'custom', from: '2026-11-01', to: '2026-11-01' }, NOW);
    expect(w.end.getTime() - w.start.getTime()).toBe(24 * 3600_000);
  });

  it('refuses a window ending before it starts, longer than the limit, starting in the future, or no real day', () => {
    const custom = (from: string, to: string) => windowProblem({ kind: 'custom', from, to }, NOW);
    expect(custom('2026-11-02', '2026-11-01')).toBe('开始日期不能晚于结束日期');
    expect(custom('2025-10-31', '2026-11-01')).toBe(`一次最多导出 ${MAX_WINDOW_DAYS} 天`);
    expect(custom('2025-11-01', '2026-11-01')).toBeNull(); // 366 days, both ends included
    expect(custom('2026-12-02', '2026-12-05')).toBe('开始日期不能晚于今天');
    expect(custom('2026-02-30', '2026-03-01')).toBe('请选择有效的日期');
    expect(windowProblem({ kind: 'thisMonth' }, NOW)).toBeNull();
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends lines with CRLF', () => {
    expect(toCsv(['编号', '状态'], [['a', '待受理']])).toBe(`${BOM}编号,状态\r\na,待受理\r\n`);
  });

  it('quotes a field holding a comma, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"好"')).toBe('"说""好"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvField(null)).toBe('');
    expect(csvField(5)).toBe('5');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralise(text)).toBe(`'${text}`);
    expect(neutralise('水管漏水 = 急')).toBe('水管漏水 = 急');
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });
});

it('names the file by kind and days', () => {
  expect(exportFileName('complaints', '2026-11-01', '2026-11-30', 'csv')).toBe('物业投诉_2026-11-01_2026-11-30.csv');
});
