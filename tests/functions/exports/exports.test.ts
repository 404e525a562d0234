/**
 * 导出 through the real function: staff export their scope's orders or complaints as a file in cloud storage, opened
 * through a temporary link; the file is read back with a real spreadsheet reader (exceljs), as Excel would.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { getDb } from '../../../cloudfunctions/lib/db';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import type { ActionInput } from '../../../miniprogram/shared/api';
import { BOM } from '../../../miniprogram/shared/exports/csv';
import { EXPORT_ROW_CAP } from '../../../miniprogram/shared/exports/kinds';
import { categoryLabel } from '../../../miniprogram/shared/orders/catalogue';
import { complaintInput } from '../../factories/complaints';
import { PLACES } from '../../factories/people';
import { expectOk, T0, useTestBackend } from '../../helpers/functions';

// Two tests write 1200 and 5001 orders: on a busy machine that takes seconds.
jest.setTimeout(30_000);

const backend = useTestBackend();

const RESIDENT = 'demo-resident';
const STAFF = 'demo-community-staff';
const STREET = 'demo-street-staff';
const ADMIN = 'demo-admin';
const OTHER_STAFF = 'demo-staff-changsheng';

type Input = ActionInput<'exports', 'create'>;
const exportInput = (extra: Partial<Input> = {}): Input => ({
  kind: 'orders',
  scope: { kind: 'community', id: PLACES.community },
  window: { kind: 'thisMonth' },
  format: 'xlsx',
  ...extra,
});

const orderInput = (extra: Partial<ActionInput<'orders', 'create'>> = {}): ActionInput<'orders', 'create'> => ({
  requestId: 'req-export-0001',
  categoryId: 'water_supply',
  description: '厨房水管漏水，楼下邻居家天花板渗水',
  address: '2单元301',
  contact: 'phone',
  ...extra,
});

const createOrder = async (extra: Partial<ActionInput<'orders', 'create'>> = {}) =>
  expectOk(await backend.call(RESIDENT, 'orders', 'create', orderInput(extra)));

/** `n` more orders like `orderId`, created a second apart after it, written straight into the store. */
async function cloneOrders(orderId: string, n: number) {
  const original = backend.store.get('orders', orderId)!;
  const start = new Date(String(original.createdAt)).getTime();
  const docs = Array.from({ length: n }, (_, i) => ({
    ...original,
    _id: `ord-bulk-${String(i).padStart(5, '0')}`,
    createdAt: new Date(start + (i + 1) * 1000).toISOString(),
  }));
  for (let i = 0; i < docs.length; i += 500)
    await getDb()
      .collection('orders')
      .add(docs.slice(i, i + 500));
}

const download = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
};

async function readSheet(url: string) {
  const { status, body } = await download(url);
  expect(status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, header: rows[0] as string[], rows: rows.slice(1) };
}

/** Every file the storage holds, by cloud path. */
function storedFiles(): string[] {
  const dir = backend.storage.dir;
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe('导出: an Excel file of the scope’s orders, opened through a temporary link', () => {
  it('gives community staff their community’s orders of the month, Chinese headers and labels, read back by a real reader', async () => {
    const order = await createOrder({ description: '=HYPERLINK("http://evil")' });
    const out = expectOk(await backend.call(STAFF, 'exports', 'create', exportInput()));
    expect(out).toMatchObject({ format: 'xlsx', rows: 1, fileName: '服务工单_2026-11-01_2026-11-02.xlsx' });
    expect(new Date(out.expiresAt).getTime() - T0.getTime()).toBe(600_000);

    const sheet = await readSheet(out.url);
    expect(sheet.name).toBe('服务工单');
    expect(sheet.header.slice(0, 6)).toEqual(['工单编号', '提交时间', '社区', '服务类别', '时限', '状态']);
    const row = Object.fromEntries(sheet.header.map((h, i) => [h, sheet.rows[0][i]]));
    expect(row).toMatchObject({
      工单编号: order.id,
      提交时间: '2026-11-02 09:00',
      社区: '雄关社区',
      服务类别: categoryLabel('water_supply'),
      状态: '待受理',
      // A text cell: shown as typed, never calculated.
      诉求描述: '=HYPERLINK("http://evil")',
      // Her community's staff reach her for her matter (privacy.ts: handler).
      居民: order.resident?.name,
    });
    expect(String(row['联系电话'])).not.toContain('*');
  });

  it('exports 考核指标: the community’s figures and each of its parts', async () => {
    await createOrder();
    await createOrder({ requestId: 'req-export-0002' });
    expectOk(await FUNCTIONS.find((f) => f.name === 'kpis')!.runTimer('tally', { now: () => T0 }));
    const out = expectOk(await backend.call(STAFF, 'exports', 'create', exportInput({ kind: 'kpis' })));
    const sheet = await readSheet(out.url);
    expect(sheet.name).toBe('考核指标');
    expect(sheet.header.slice(0, 6)).toEqual(['范围', '名称', '工单', '投诉', '响应率（%）', '响应样本']);
    const rows = sheet.rows.map((r) => Object.fromEntries(sheet.header.map((h, i) => [h, r[i]])));
    // the community first, with both orders; still waiting for 受理, no rate yet (an empty cell, never 0 %)
    expect(rows[0]).toMatchObject({ 范围: '社区', 名称: '雄关社区', 工单: 2, 投诉: 0 });
    expect(rows[0]['响应率（%）']).toBeUndefined();
    expect(rows.slice(1).map((r) => r['范围'])).toContain('网格');
    // no person in it
    expect(JSON.stringify(sheet.rows)).not.toMatch(/张桂兰|138\d{8}/);
  });

  it('shows street staff the residents of orders as overseers see them (masked), as the app does', async () => {
    await createOrder();
    const out = expectOk(
      await backend.call(STREET, 'exports', 'create', exportInput({ scope: { kind: 'street', id: PLACES.street } })),
    );
    const sheet = await readSheet(out.url);
    const col = sheet.header.indexOf('联系电话');
    expect(String(sheet.rows[0][col])).toMatch(/^\d{3}\*+\d{4}$/);
    expect(String(sheet.rows[0][sheet.header.indexOf('居民')])).toMatch(/\*/);
  });

  it('exports complaints with their labels; the city for an admin', async () => {
    expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    const out = expectOk(
      await backend.call(ADMIN, 'exports', 'create', exportInput({ kind: 'complaints', scope: { kind: 'city' } })),
    );
    const sheet = await readSheet(out.url);
    expect(sheet.name).toBe('物业投诉');
    expect(sheet.header).toEqual(expect.arrayContaining(['投诉编号', '小区', '类别', '状态', '当前层级', '附议户数']));
    expect(sheet.rows).toHaveLength(1);
  });

  it('reads a window of more than 1000 rows in pages, every row once, oldest first', async () => {
    const first = await createOrder();
    await cloneOrders(first.id, 1200);
    const out = expectOk(await backend.call(STAFF, 'exports', 'create', exportInput()));
    expect(out.rows).toBe(1201);
    const sheet = await readSheet(out.url);
    const ids = sheet.rows.map((r) => r[0]);
    expect(new Set(ids).size).toBe(1201);
    expect(ids[0]).toBe(first.id);
    expect(ids.at(-1)).toBe('ord-bulk-01199');
  });

  it('refuses a window holding more than the cap, with the count, and stores nothing', async () => {
    const first = await createOrder();
    await cloneOrders(first.id, EXPORT_ROW_CAP);
    const res = await backend.call(STAFF, 'exports', 'create', exportInput());
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('VALIDATION_FAILED');
    expect(res.error.message).toContain(String(EXPORT_ROW_CAP + 1));
    expect(storedFiles()).toEqual([]);
  });
});

describe('导出: people as the app shows them to the same staff member (privacy.ts)', () => {
  const cell = async (openid: string, input: Input, header: string) => {
    const sheet = await readSheet(expectOk(await backend.call(openid, 'exports', 'create', input)).url);
    return String(sheet.rows[0][sheet.header.indexOf(header)] ?? '');
  };
  const street = { kind: 'street', id: PLACES.street } as const;
  const city = { kind: 'city' } as const;

  it('an order’s resident: as its detail shows him to community staff, street staff and admins', async () => {
    const order = await createOrder();
    for (const [openid, scope] of [
      [STAFF, { kind: 'community', id: PLACES.community }],
      [STREET, street],
      [ADMIN, city],
    ] as const) {
      const detail = expectOk(await backend.call(openid, 'orders', 'getDetail', { orderId: order.id }));
      expect(await cell(openid, exportInput({ scope }), '居民')).toBe(detail.resident?.name ?? '');
      expect(await cell(openid, exportInput({ scope }), '联系电话')).toBe(detail.resident?.phone ?? '');
    }
  });

  it('a complaint’s filer: as its detail shows him to community staff, street staff and admins', async () => {
    const filed = expectOk(await backend.call(RESIDENT, 'complaints', 'file', complaintInput()));
    const complaintId = filed.id;
    for (const [openid, scope] of [
      [STAFF, { kind: 'community', id: PLACES.community }],
      [STREET, street],
      [ADMIN, city],
    ] as const) {
      const detail = expectOk(await backend.call(openid, 'complaints', 'getDetail', { complaintId }));
      const input = exportInput({ kind: 'complaints', scope });
      expect(await cell(openid, input, '投诉人')).toBe(detail.resident?.name ?? '');
      expect(await cell(openid, input, '联系电话')).toBe(detail.resident?.phone ?? '');
    }
  });
});

describe('导出: CSV as Excel opens it', () => {
  it('is UTF-8 with a BOM, quoted per RFC 4180, formulas neutralised', async () => {
    await createOrder({ description: '=1+1, 说"好"\n第二行' });
    const out = expectOk(await backend.call(STAFF, 'exports', 'create', exportInput({ format: 'csv' })));
    expect(out.fileName).toBe('服务工单_2026-11-01_2026-11-02.csv');
    const { body } = await download(out.url);
    const text = body.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')[0]).toMatch(/^工单编号,提交时间,社区,服务类别/);
    expect(text).toContain(`"'=1+1, 说""好""\n第二行"`);
  });
});

describe('导出: who may export what, and bad input', () => {
  const refused = async (openid: string, input: Input, code: string) => {
    const res = await backend.call(openid, 'exports', 'create', input);
    expect(res.ok ? 'ok' : res.error.code).toBe(code);
    expect(storedFiles()).toEqual([]);
    return res;
  };

  it('refuses another community’s staff, a resident, and community staff asking for the street or the city', async () => {
    await createOrder();
    await refused(OTHER_STAFF, exportInput(), 'FORBIDDEN');
    await refused(RESIDENT, exportInput(), 'FORBIDDEN');
    await refused(STAFF, exportInput({ scope: { kind: 'street', id: PLACES.street } }), 'FORBIDDEN');
    await refused(STAFF, exportInput({ scope: { kind: 'city' } }), 'FORBIDDEN');
    await refused(STAFF, exportInput({ scope: { kind: 'community', id: 'cm-nowhere' } }), 'NOT_FOUND');
  });

  it('refuses a window that ends before it starts, is too long or is no date; nothing is stored', async () => {
    const custom = (from: string, to: string): Input['window'] => ({ kind: 'custom', from, to });
    const res = await refused(STAFF, exportInput({ window: custom('2026-11-02', '2026-11-01') }), 'VALIDATION_FAILED');
    if (!res.ok) expect(res.error.message).toBe('开始日期不能晚于结束日期');
    await refused(STAFF, exportInput({ window: custom('2025-01-01', '2026-11-01') }), 'VALIDATION_FAILED');
    await refused(STAFF, exportInput({ window: custom('2026-02-30', '2026-03-01') }), 'VALIDATION_FAILED');
    await refused(STAFF, exportInput({ window: custom('2026-11', '2026-11-01') }), 'VALIDATION_FAILED');
    await refused(STAFF, { ...exportInput(), format: 'pdf' } as unknown as Input, 'VALIDATION_FAILED');
  });

  it('a custom window takes the days picked, China time', async () => {
    await createOrder();
    const window = { kind: 'custom' as const, from: '2026-11-02', to: '2026-11-02' };
    expect(expectOk(await backend.call(STAFF, 'exports', 'create', exportInput({ window }))).rows).toBe(1);
    const before = { kind: 'custom' as const, from: '2026-10-01', to: '2026-11-01' };
    expect(expectOk(await backend.call(STAFF, 'exports', 'create', exportInput({ window: before }))).rows).toBe(0);
  });

  it('the link stops working after ten minutes', async () => {
    await createOrder();
    const out = expectOk(await backend.call(STAFF, 'exports', 'create', exportInput()));
    expect((await download(out.url)).status).toBe(200);
    backend.setNow(new Date(T0.getTime() + 601_000));
    expect((await download(out.url)).status).toBe(403);
  });
});
