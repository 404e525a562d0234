/**
 * The demo's figures (npm start seeds the history, then today's sample activity) against the table computed by
 * hand in docs/kpis.md, over 近30天 — every order and complaint of the demo is inside it.
 */
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import { seedActivity } from '../../../local-backend/seed/activity';
import { seedHistory } from '../../../local-backend/seed/history';
import type { KpiRow } from '../../../miniprogram/shared/kpis/figures';
import { rankRows } from '../../../miniprogram/shared/kpis/figures';
import { expectOk, startTestBackend, type TestBackend } from '../../helpers/functions';

const NOW = new Date('2026-11-30T10:00:00+08:00');
let backend: TestBackend;

beforeAll(async () => {
  backend = await startTestBackend();
  backend.setNow(NOW);
  await seedHistory(FUNCTIONS, NOW);
  await seedActivity(FUNCTIONS, NOW);
  const kpis = FUNCTIONS.find((f) => f.name === 'kpis')!;
  expectOk(await kpis.runTimer('tally', { now: () => NOW }));
});
afterAll(() => backend.close());

const dashboard = async (openid: string, scope?: string) =>
  expectOk(await backend.call(openid, 'kpis', 'dashboard', { scope, window: { preset: 'last30' } }));

/** The row as the table in docs/kpis.md writes it: percentages to one decimal, n beside each. */
const asTable = (row: KpiRow) => ({
  volume: `${row.orders}+${row.complaints}`,
  响应率: pct(row.responseRate, row.responseN),
  解决率: pct(row.resolveRate, row.resolveN),
  满意率: pct(row.satisfactionRate, row.satisfactionN),
  按时办结率: pct(row.onTimeRate, row.onTimeN),
  发回重办率: pct(row.reworkRate, row.reworkN),
  avgCloseHours: row.avgCloseHours,
  overdue: row.overdueOrders + row.overdueComplaints,
});
const pct = (rate: number | null, n: number) => (rate === null ? `— (${n})` : `${(rate * 100).toFixed(1)}% (${n})`);

it('雄关社区, as its staff see it', async () => {
  const d = await dashboard('demo-community-staff');
  expect(d.summary.key).toBe('community:cm-xiongguan');
  expect(asTable(d.summary)).toEqual({
    volume: '9+3',
    响应率: '80.0% (15)',
    解决率: '83.3% (6)',
    满意率: '75.0% (4)',
    按时办结率: '66.7% (6)',
    发回重办率: '40.0% (5)',
    avgCloseHours: 69.6,
    overdue: 1,
  });
});

it('德轩物业 within 雄关社区: its own 接单 and 受理 only', async () => {
  const d = await dashboard('demo-community-staff');
  const units = d.groups.find((g) => g.kind === 'unit')!.rows;
  const dexuan = units.find((r) => r.key === 'community:cm-xiongguan/unit:un-dexuan-property')!;
  expect(dexuan.name).toBe('德轩物业服务有限公司');
  expect(asTable(dexuan)).toEqual({
    volume: '4+3',
    响应率: '71.4% (7)',
    解决率: '100.0% (4)',
    满意率: '66.7% (3)',
    按时办结率: '80.0% (5)',
    发回重办率: '50.0% (4)',
    avgCloseHours: 79.5,
    overdue: 1,
  });
});

it('昌盛社区 and 雄关街道; the street ranks its communities fairly to volume', async () => {
  const changsheng = await dashboard('demo-staff-changsheng');
  expect(asTable(changsheng.summary)).toEqual({
    volume: '2+0',
    响应率: '100.0% (1)',
    解决率: '100.0% (1)',
    满意率: '0.0% (1)',
    按时办结率: '100.0% (1)',
    发回重办率: '0.0% (1)',
    avgCloseHours: 2,
    overdue: 0,
  });
  const street = await dashboard('demo-street-staff');
  expect(street.summary.key).toBe('street:st-xiongguan');
  expect(asTable(street.summary)).toEqual({
    volume: '11+3',
    响应率: '81.3% (16)',
    解决率: '85.7% (7)',
    满意率: '60.0% (5)',
    按时办结率: '71.4% (7)',
    发回重办率: '33.3% (6)',
    avgCloseHours: 58.3,
    overdue: 1,
  });
  // 满意率: 雄关 3/4, 昌盛 0/1; pooled 3/5. Shrunk: 雄关 (3 + 10·0.6)/14 = 0.643, 昌盛 (0 + 6)/11 = 0.545.
  const communities = street.groups.find((g) => g.kind === 'community')!.rows;
  const ranked = rankRows(communities, 'satisfaction');
  expect(ranked.map((r) => [r.row.name, r.n, Number(r.value.toFixed(3))])).toEqual([
    ['雄关社区', 4, 0.643],
    ['昌盛社区', 1, 0.545],
  ]);
});

it('the admin sees the city, which here is the street', async () => {
  const city = await dashboard('demo-admin');
  expect(city.summary.key).toBe('city');
  expect(city.summary.volume).toBe(14);
  expect(city.groups.map((g) => g.kind)).toEqual(['street', 'community', 'unit']);
});
