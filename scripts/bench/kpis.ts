/**
 * 工作台 at scale: a store of N orders (and N/5 complaints) over the last year, copies of real documents (made
 * through the functions: a closed order with its whole timeline, one sent back, one still waiting) spread over
 * the communities and their grids and units; then the read model's maintenance — the first full build, a run after
 * 100 orders changed, an idle run — and the dashboard read (city over 近30天 and over a year, one community) and a
 * drill-down, as the router runs them (one round trip each).
 */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { attachStore, seedIfEmpty } from '../../local-backend/backend';
import { Store, type Doc } from '../../local-backend/db/store';
import { attachWechat } from '../../local-backend/wechat/index';
import type { Result } from '../../miniprogram/shared/result';
import type { Report } from './report';
import { elapsed, median, ms, quantile } from './stats';

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const DAY = 86_400_000;
const kpis = () => FUNCTIONS.find((f) => f.name === 'kpis')!;

async function made(fn: string, openid: string, action: string, payload: unknown, at = NOW) {
  const res = (await FUNCTIONS.find((f) => f.name === fn)!.handle(
    { action, payload },
    { openid },
    { now: () => at },
  )) as Result<Record<string, unknown>>;
  if (!res.ok) throw new Error(`${fn}.${action}: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** Three template orders a year ago: closed and rated, sent back once and confirmed, still waiting. */
async function templates(store: Store): Promise<Doc[]> {
  const t0 = NOW.getTime() - 400 * DAY;
  const at = (h: number) => new Date(t0 + h * 3600_000);
  const order = async (id: string) =>
    (
      await made(
        'orders',
        'demo-resident',
        'create',
        { requestId: id, categoryId: 'water_supply', description: '基准测试的工单' },
        at(0),
      )
    ).id as string;
  const step = (orderId: string, h: number, who: string, action: string, extra = {}) =>
    made('orders', who, action, { orderId, ...extra }, at(h));
  const closed = await order('bench-kpi-closed');
  await step(closed, 0.5, 'demo-community-staff', 'dispatch', { unitId: 'un-dexuan-property' });
  await step(closed, 1, 'demo-unit-member', 'accept');
  await step(closed, 6, 'demo-unit-member', 'complete', { notes: '已处理' });
  await step(closed, 7, 'demo-resident', 'confirm');
  await step(closed, 8, 'demo-resident', 'rate', { as: 'resident', stars: 4 });
  await step(closed, 9, 'demo-community-staff', 'rate', { as: 'community', stars: 5 });
  const reworked = await order('bench-kpi-reworked');
  await step(reworked, 3, 'demo-community-staff', 'handleSelf');
  await step(reworked, 20, 'demo-community-staff', 'complete', { notes: '已处理' });
  await step(reworked, 21, 'demo-resident', 'notFixed', { reason: '还没修好' });
  await step(reworked, 30, 'demo-community-staff', 'complete', { notes: '已处理' });
  await step(reworked, 31, 'demo-resident', 'confirm');
  const waiting = await order('bench-kpi-waiting');
  return [closed, reworked, waiting].map((id) => store.get('orders', id)!);
}

/** How long before now the i-th document was created: over 365 days, at any hour. */
const spread = (i: number) => ((i * 7919) % 365) * DAY + ((i * 13) % 24) * 3600_000;

const shift = (iso: unknown, by: number) => new Date(new Date(iso as string).getTime() + by).toISOString();

/** N orders over the last 365 days (and N/5 complaints), in every community, grid and a few units. */
async function fill(size: number): Promise<{ store: Store; detach: () => void }> {
  const store = Store.memory();
  const detachStore = attachStore(store, () => NOW);
  const wechat = attachWechat({ now: () => NOW, verdictDelayMs: 0 });
  await seedIfEmpty(store, NOW);
  const bases = await templates(store);
  const grids = store.dump().places.filter((p) => p.kind === 'grid') as Array<
    Doc & { communityId: string; streetId: string }
  >;
  const units = ['un-dexuan-property', 'un-longhu-property', 'un-power-supply', 'un-health-center', null];
  const batch: Array<{ collection: string; id: string; doc: Doc }> = [];
  const flush = (force = false) => (batch.length >= 1000 || (force && batch.length)) && store.commit(batch.splice(0));
  for (let i = 0; i < size; i++) {
    const base = bases[i % bases.length];
    const grid = grids[i % grids.length];
    const by = NOW.getTime() - spread(i) - new Date(base.createdAt as string).getTime();
    const timeline = (base.timeline as Array<{ at: string }>).map((e) => ({ ...e, at: shift(e.at, by) }));
    const doc = {
      ...base,
      _id: `bench_kpi_${i}`,
      streetId: grid.streetId,
      communityId: grid.communityId,
      gridId: grid._id,
      unitId: base.unitId ? units[i % units.length] : null,
      createdAt: shift(base.createdAt, by),
      stateSince: shift(base.stateSince, by),
      updatedAt: shift(base.updatedAt, by),
      deadline: base.deadline ? shift(base.deadline, by) : null,
      timeline,
      outbox: [],
      outboxSize: 0,
    } as Doc;
    batch.push({ collection: 'orders', id: doc._id, doc });
    flush();
  }
  const complaint = await made('complaints', 'demo-resident', 'file', {
    requestId: 'bench-kpi-complaint',
    category: 'other',
    description: '基准测试的投诉',
  });
  const cbase = store.get('complaints', complaint.id as string)!;
  for (let i = 0; i < size / 5; i++) {
    const grid = grids[i % grids.length];
    const by = -spread(i);
    const doc = {
      ...cbase,
      _id: `bench_kpi_c${i}`,
      streetId: grid.streetId,
      communityId: grid.communityId,
      gridId: grid._id,
      createdAt: shift(cbase.createdAt, by),
      updatedAt: shift(cbase.updatedAt, by),
      deadline: shift(cbase.deadline, by),
      timeline: (cbase.timeline as Array<{ at: string }>).map((e) => ({ ...e, at: shift(e.at, by) })),
      outbox: [],
      outboxSize: 0,
    } as Doc;
    batch.push({ collection: 'complaints', id: doc._id, doc });
    flush();
  }
  flush(true);
  return {
    store,
    detach: () => {
      wechat.detach();
      detachStore();
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const out = await work();
  return [elapsed(start), out];
}

async function tallyAt(at: Date) {
  const res = await kpis().runTimer('tally', { now: () => at });
  if (!res.ok) throw new Error(`tally: ${res.error.message}`);
  return res.data;
}

export async function kpisBench(report: Report, size: number, samples: number) {
  console.log(`kpis at ${size} orders…`);
  const { store, detach } = await fill(size);
  try {
    const [fullMs, full] = await timed(() => tallyAt(NOW));
    // 100 orders changed (a step each), spread over the year: their days are recomputed whole.
    const later = new Date(NOW.getTime() + 60_000);
    const changed = [];
    for (let i = 0; i < 100; i++) {
      const doc = store.get('orders', `bench_kpi_${i * Math.floor(size / 100)}`)!;
      changed.push({ collection: 'orders', id: doc._id, doc: { ...doc, updatedAt: later.toISOString() } as Doc });
    }
    store.commit(changed);
    const [stepMs, step] = await timed(() => tallyAt(new Date(later.getTime() + 60_000)));
    // Past the runs' overlap (2 min), nothing changed: only the reads of changes and of what is overdue now.
    await tallyAt(new Date(later.getTime() + 5 * 60_000)); // the overlap's re-read of the 100
    const [idleMs, idle] = await timed(() => tallyAt(new Date(later.getTime() + 10 * 60_000)));
    const read = async (openid: string, action: string, payload: unknown) => {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const [t, res] = await timed(() => kpis().handle({ action, payload }, { openid }, { now: () => later }));
        if (!res.ok) throw new Error(`${action}: ${res.error.message}`);
        times.push(t);
      }
      return [ms(median(times)), ms(quantile(times, 0.95))];
    };
    const yearAgo = new Date(later.getTime() - 365 * DAY + DAY).toISOString().slice(0, 10);
    const today = later.toISOString().slice(0, 10);
    report.heading(
      `工作台 read model at ${size.toLocaleString('en')} orders (${(size / 5).toLocaleString('en')} complaints, one year)`,
      'The read model (a document of counts per China day, kpis.tally every minute) and the reads of it, in process',
      'against the local store; each read is one round trip with the caller.',
    );
    report.table(
      ['maintenance', 'time', 'days recomputed'],
      [
        ['first build (every day)', ms(fullMs), full.days],
        ['after 100 orders changed (spread over the year)', ms(stepMs), step.days],
        ['idle (nothing changed)', ms(idleMs), idle.days],
      ],
    );
    report.table(
      ['read', 'p50', 'p95'],
      [
        ['dashboard · city · 近30天', ...(await read('demo-admin', 'dashboard', { window: { preset: 'last30' } }))],
        [
          'dashboard · city · 366 days',
          ...(await read('demo-admin', 'dashboard', { window: { from: yearAgo, to: today } })),
        ],
        ['dashboard · 雄关社区 · 本月', ...(await read('demo-community-staff', 'dashboard', {}))],
        [
          'drill-down · 雄关社区 · 近30天',
          ...(await read('demo-community-staff', 'figureItems', {
            scope: 'community:cm-xiongguan',
            measure: 'response',
            window: { preset: 'last30' },
          })),
        ],
      ],
    );
  } finally {
    detach();
    store.close();
  }
}
