/**
 * `npm run bench`: figures, not pass/fail. Writes docs/bench-results.md (the README points to it).
 *
 * - cold start: median time to `require` each function bundle in a fresh node process (20 processes each)
 * - handler latency of the core actions on the local backend with 1k, 10k and 100k orders: p50 / p95
 * - database round trips per action, counted at the request seam: the worst call of each over the last `npm test`
 * These machines are shared and noisy: compare medians and ratios, not single numbers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FUNCTIONS } from '../cloudfunctions/registry';
import { attachStore, seedIfEmpty } from '../local-backend/backend';
import { Store, type Doc } from '../local-backend/db/store';
import type { Result } from '../miniprogram/shared/result';
import { readObservations } from '../tests/helpers/observations';
import { worstCalls } from './budgets';
import { buildFunctions } from './build-functions';

const root = path.resolve(__dirname, '..');
const COLD_STARTS = 20;
const SIZES = [1_000, 10_000, 100_000];
const SAMPLES = 200;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function coldStarts(): Promise<Array<{ name: string; kb: number; median: number; p90: number }>> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-bench-'));
  try {
    const built = await buildFunctions(outDir);
    return built.map(({ name, bytes }) => {
      const file = path.join(outDir, name, 'index.js');
      const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
      const times = Array.from({ length: COLD_STARTS }, () =>
        Number(execFileSync(process.execPath, ['-e', script], { cwd: os.tmpdir() }).toString()),
      );
      return { name, kb: bytes / 1024, median: quantile(times, 0.5), p90: quantile(times, 0.9) };
    });
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

const NOW = new Date('2026-11-02T09:00:00+08:00');
const callFn = (fn: string, openid: string, action: string, payload: unknown) =>
  FUNCTIONS.find((f) => f.name === fn)!.handle({ action, payload }, { openid }, { now: () => NOW }) as Promise<
    Result<Record<string, unknown>>
  >;
const call = (openid: string, action: string, payload: unknown) => callFn('orders', openid, action, payload);

/** `count` copies of a stored document, each changed by `vary`, written straight into the store. */
function fillCopies(store: Store, collection: string, base: Doc, count: number, vary: (i: number) => Partial<Doc>) {
  const batch = [];
  for (let i = 0; i < count; i++) {
    const doc = { ...base, ...vary(i), _id: `bench_${collection}_${i}` } as Doc;
    batch.push({ collection, id: doc._id, doc });
    if (batch.length === 1000) store.commit(batch.splice(0));
  }
  if (batch.length) store.commit(batch);
}

const COMMUNITIES = ['cm-xiongguan', 'cm-changsheng', 'cm-zixuan', 'cm-jianshe', 'cm-tienan', 'cm-ziting'];

/** Complaints and meetings at the same scale as the orders (meetings: one per ten). */
async function fillComplaintsAndMeetings(store: Store, count: number) {
  const complaint = await callFn('complaints', 'demo-party-member', 'file', {
    requestId: 'bench-complaint-template',
    category: 'other',
    description: '批量生成的测试投诉',
  });
  if (!complaint.ok) throw new Error(complaint.error.message);
  fillCopies(store, 'complaints', store.get('complaints', complaint.data.id as string)!, count, (i) => ({
    communityId: COMMUNITIES[i % COMMUNITIES.length],
    compoundId: `bench-compound-${i % 500}`,
    status: ['filed', 'acknowledged', 'closed', 'closed'][i % 4],
    createdAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
  }));
  const meeting = await callFn('councils', 'demo-community-staff', 'createMeeting', {
    requestId: 'bench-meeting-template',
    level: 'community',
    placeId: 'cm-xiongguan',
    title: '基准测试议事会',
    startAt: new Date(NOW.getTime() + 48 * 3600_000).toISOString(),
    endAt: new Date(NOW.getTime() + 50 * 3600_000).toISOString(),
    signUpDeadline: new Date(NOW.getTime() + 24 * 3600_000).toISOString(),
    place: '党群服务中心',
    capacity: SAMPLES,
  });
  if (!meeting.ok) throw new Error(meeting.error.message);
  const template = store.get('meetings', meeting.data.id as string)!;
  fillCopies(store, 'meetings', template, Math.floor(count / 10), (i) => ({
    communityId: COMMUNITIES[i % COMMUNITIES.length],
    scopeKey: `community:${COMMUNITIES[i % COMMUNITIES.length]}`,
    startAt: new Date(NOW.getTime() + (i % 90) * 86_400_000).toISOString(),
  }));
  return template._id;
}

/** Copies of a real order, spread over residents, communities and states, written straight into the store. */
async function fillOrders(store: Store, count: number) {
  const template = await call('demo-resident', 'create', {
    requestId: 'bench-template',
    categoryId: 'home_repair',
    description: '批量生成的测试工单',
  });
  if (!template.ok) throw new Error(template.error.message);
  const base = store.get('orders', template.data.id as string)!;
  const states = ['submitted', 'dispatched', 'accepted', 'completed', 'closed', 'closed', 'closed'];
  const batch = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(NOW.getTime() - i * 60_000).toISOString();
    const doc: Doc = {
      ...base,
      _id: `bench_${i}`,
      residentId: `bench-resident-${i % 5000}`,
      communityId: COMMUNITIES[i % COMMUNITIES.length],
      unitId: i % 3 === 0 ? 'un-dexuan-property' : null,
      status: states[i % states.length],
      createdAt: at,
      stateSince: at,
      deadline: at,
      updatedAt: at,
    };
    batch.push({ collection: 'orders', id: doc._id, doc });
    if (batch.length === 1000) store.commit(batch.splice(0));
  }
  if (batch.length) store.commit(batch);
}

async function timed(label: string, run: (i: number) => Promise<Result<unknown>>) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    const result = await run(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!result.ok) throw new Error(`${label}: ${result.error.code} ${result.error.message}`);
  }
  return { label, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function latencies(size: number) {
  const store = Store.memory();
  const detach = attachStore(store);
  await seedIfEmpty(store, NOW);
  await fillOrders(store, size);
  const meetingId = await fillComplaintsAndMeetings(store, size);
  // Residents of 德轩小区 for complaints and sign-ups.
  store.commit(
    Array.from({ length: SAMPLES }, (_, i) => ({
      collection: 'users',
      id: `bench-neighbour-${i}`,
      doc: {
        _id: `bench-neighbour-${i}`,
        name: `住户${i}`,
        streetId: 'st-xiongguan',
        communityId: 'cm-xiongguan',
        compoundId: 'cp-dexuan',
        buildingId: 'bd-dexuan-1',
        gridId: 'gr-xiongguan-1',
        roles: [],
      },
    })),
  );
  // Volunteers for the claims, and a task with a slot for each sample.
  store.commit(
    Array.from({ length: SAMPLES }, (_, i) => ({
      collection: 'users',
      id: `bench-volunteer-${i}`,
      doc: {
        _id: `bench-volunteer-${i}`,
        name: `志愿者${i}`,
        roles: [{ role: 'party_member', scopeType: 'community', scopeId: 'cm-xiongguan', scopeName: '雄关社区' }],
      },
    })),
  );
  const order = await call('demo-resident', 'create', {
    requestId: 'bench-task-order',
    categoryId: 'elderly_care',
    description: '基准测试用的志愿任务',
  });
  if (!order.ok) throw new Error(order.error.message);
  await call('demo-community-staff', 'handleSelf', { orderId: order.data.id });
  const task = await call('demo-community-staff', 'publishTask', {
    orderId: order.data.id,
    title: '基准任务',
    description: '',
    place: '社区',
    slots: 50,
    startAt: new Date(NOW.getTime() + 86_400_000).toISOString(),
    endAt: new Date(NOW.getTime() + 90_000_000).toISOString(),
  });
  if (!task.ok) throw new Error(task.error.message);

  const rows = [
    await timed('create order', (i) =>
      call('demo-resident', 'create', {
        requestId: `bench-${size}-${i}`,
        categoryId: 'home_repair',
        description: '门锁坏了需要维修',
      }),
    ),
    await timed('list my orders', () => call('demo-resident', 'listMine', {})),
    await timed('staff queue', () => call('demo-community-staff', 'staffQueue', { communityId: 'cm-xiongguan' })),
    // claims beyond the 50 slots are refused quickly; the first 50 write
    await timed('claim (50 slots)', async (i) => {
      const res = await call(`bench-volunteer-${i}`, 'claim', { taskId: (task.data as { id: string }).id });
      return res.ok || res.error.code === 'FULL' ? { ok: true, data: null } : res;
    }),
    // the first of each category files, the others join it (附议): both are what residents do
    await timed('file complaint', (i) =>
      callFn('complaints', `bench-neighbour-${i}`, 'file', {
        requestId: `bench-file-${size}-${i}`,
        category: (['heating', 'elevator', 'parking', 'sanitation', 'noise'] as const)[i % 5],
        description: '基准测试：问题描述',
      }),
    ),
    await timed('list meetings', () => callFn('councils', 'demo-resident', 'listMeetings', {})),
    await timed('sign up', (i) => callFn('councils', `bench-neighbour-${i}`, 'signUp', { meetingId })),
  ];
  detach();
  return rows;
}

async function main() {
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}).`,
    'Shared, noisy machine: read medians and ratios.',
    '',
    `## Cold start (require of the bundle, ${COLD_STARTS} fresh processes; target ≤ 150 ms)`,
    '',
    '| function | bundle | median | p90 |',
    '| --- | ---: | ---: | ---: |',
  ];
  console.log('cold start…');
  for (const r of await coldStarts())
    lines.push(`| ${r.name} | ${r.kb.toFixed(0)} KB | ${ms(r.median)} | ${ms(r.p90)} |`);

  lines.push(
    '',
    `## Handler latency on the local backend (${SAMPLES} calls each; target p95 ≤ 20 ms at 10k, 100k within 2× of 1k)`,
    '',
  );
  lines.push('| action | ' + SIZES.map((s) => `${s / 1000}k p50 / p95`).join(' | ') + ' |');
  lines.push('| --- |' + SIZES.map(() => ' ---: |').join(''));
  const bySize = [];
  for (const size of SIZES) {
    console.log(`latency at ${size} orders…`);
    bySize.push(await latencies(size));
  }
  for (let row = 0; row < bySize[0].length; row++) {
    lines.push(
      `| ${bySize[0][row].label} | ` + bySize.map((r) => `${ms(r[row].p50)} / ${ms(r[row].p95)}`).join(' | ') + ' |',
    );
  }

  lines.push('', '## Database round trips per action (target ≤ 3)', '');
  const trips = worstCalls(readObservations());
  if (trips.size === 0) {
    lines.push('No test run recorded: run `npm test` first; this table comes from its observations.', '');
  } else {
    lines.push(
      'The worst call of each action over the last `npm test`, counted at the request seam: alone, and in the',
      'staged races of the tests (where a lost compare-and-set retries).',
      '',
      '| action | alone | requests of the worst call alone | racing |',
      '| --- | ---: | --- | ---: |',
    );
    for (const [action, w] of trips)
      lines.push(
        `| ${action} | ${w.alone?.count ?? '–'} | ${w.alone?.requests.join(' → ') ?? ''} | ${w.racing?.count ?? '–'} |`,
      );
    lines.push('');
  }

  const text = lines.join('\n');
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs', 'bench-results.md'), text);
  console.log(`\n${text}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
