/**
 * Handler time of the core actions on the local backend, against the executor's own time for the same requests
 * (the requester timed at the seam: EJSON in and out, the store, mingo) and a raw mingo scan of the collection for
 * the same queries; the contract's input and output parse timed apart; and a CPU profile of the calls at one size
 * summarised by where the time goes.
 */
import { Session, type Profiler } from 'node:inspector';
import { Db } from '@cloudbase/database';
import { Query } from 'mingo';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { onDatabaseRequest } from '../../local-backend/db/install';
import type { Store } from '../../local-backend/db/store';
import { callFn, filledStore, neighbourId, volunteerId } from './fill';
import type { Report } from './report';
import { elapsed, median, ms, quantile, ratio } from './stats';

interface Case {
  label: string;
  fn: string;
  action: string;
  call: (i: number, ctx: { size: number; meetingId: string; taskId: string }) => { openid: string; payload: unknown };
  /** An expected refusal that still answers the user (a claim past the last slot). */
  accept?: string;
}

const CATEGORIES = ['heating', 'elevator', 'parking', 'sanitation', 'noise'] as const;

export const CASES: Case[] = [
  {
    label: 'create order',
    fn: 'orders',
    action: 'create',
    call: (i, { size }) => ({
      openid: 'demo-resident',
      payload: { requestId: `bench-${size}-${i}`, categoryId: 'home_repair', description: '门锁坏了需要维修' },
    }),
  },
  { label: 'list my orders', fn: 'orders', action: 'listMine', call: () => ({ openid: 'demo-resident', payload: {} }) },
  {
    label: 'staff queue',
    fn: 'orders',
    action: 'staffQueue',
    call: () => ({ openid: 'demo-community-staff', payload: { communityId: 'cm-xiongguan' } }),
  },
  {
    label: 'task hall',
    fn: 'orders',
    action: 'taskHall',
    call: (i) => ({ openid: volunteerId(i), payload: { communityId: 'cm-xiongguan' } }),
  },
  {
    // the first 50 take a slot; the rest are refused as full (满员), as they would be
    label: 'claim (50 slots)',
    fn: 'orders',
    action: 'claim',
    call: (i, { taskId }) => ({ openid: volunteerId(i), payload: { taskId } }),
    accept: 'FULL',
  },
  {
    // the first of each category files, the others join it (附议): both are what residents do
    label: 'file complaint',
    fn: 'complaints',
    action: 'file',
    call: (i, { size }) => ({
      openid: neighbourId(i),
      payload: { requestId: `bench-file-${size}-${i}`, category: CATEGORIES[i % 5], description: '基准测试：问题描述' },
    }),
  },
  {
    label: 'list my complaints',
    fn: 'complaints',
    action: 'listMine',
    call: (i) => ({ openid: neighbourId(i), payload: {} }),
  },
  {
    label: 'list meetings',
    fn: 'councils',
    action: 'listMeetings',
    call: () => ({ openid: 'demo-resident', payload: {} }),
  },
  {
    label: 'sign up',
    fn: 'councils',
    action: 'signUp',
    call: (i, { meetingId }) => ({ openid: neighbourId(i), payload: { meetingId } }),
  },
];

export interface CaseResult {
  label: string;
  p50: number;
  p95: number;
  /** Per call, medians: the executor's time, input and output parse, and a raw mingo scan of the same queries. */
  executor: number;
  requests: number;
  parse: number;
  scan: number;
}

/** Times every request the functions send, inside the local requester: the executor's own share of a call. */
function timeExecutor(): { take: () => { ms: number; count: number }; restore: () => void } {
  const holder = Db as unknown as {
    reqClass: new (config?: unknown) => { send(a: string, p: unknown): Promise<unknown> };
  };
  const Inner = holder.reqClass;
  let total = 0;
  let count = 0;
  holder.reqClass = class {
    private readonly inner = new Inner();
    async send(action: string, params: unknown) {
      const start = process.hrtime.bigint();
      try {
        return await this.inner.send(action, params);
      } finally {
        total += elapsed(start);
        count++;
      }
    }
  };
  return {
    take: () => {
      const out = { ms: total, count };
      total = count = 0;
      return out;
    },
    restore: () => {
      holder.reqClass = Inner;
    },
  };
}

/** A raw mingo scan: the whole collection through the same query, no index. */
function scanTime(store: Store, queries: Array<{ collection: string; query: Record<string, unknown> }>) {
  const start = process.hrtime.bigint();
  for (const { collection, query } of queries) {
    const q = new Query(query);
    store.candidates(collection, {}).filter((doc) => q.test(doc));
  }
  return elapsed(start);
}

export async function measureSize(size: number, samples: number, wrap = (work: () => Promise<void>) => work()) {
  const filled = await filledStore(size, samples);
  const timer = timeExecutor();
  const results: CaseResult[] = [];
  try {
    await wrap(async () => {
      for (const c of CASES) {
        const fn = FUNCTIONS.find((f) => f.name === c.fn)!;
        const spec = fn.actions[c.action].spec;
        const times: number[] = [];
        const executor: number[] = [];
        const parse: number[] = [];
        const scans: number[] = [];
        let requests = 0;
        timer.take();
        for (let i = 0; i < samples; i++) {
          const { openid, payload } = c.call(i, { size, ...filled });
          const queries: Array<{ collection: string; query: Record<string, unknown> }> = [];
          const stop =
            i % 20 === 0
              ? onDatabaseRequest(
                  (e) => e.collection && queries.push({ collection: e.collection, query: e.query ?? {} }),
                )
              : () => {};
          const start = process.hrtime.bigint();
          const res = await callFn(c.fn, openid, c.action, payload);
          times.push(elapsed(start));
          stop();
          const spent = timer.take();
          executor.push(spent.ms);
          requests = Math.max(requests, spent.count);
          if (!res.ok && res.error.code !== c.accept)
            throw new Error(`${c.label}: ${res.error.code} ${res.error.message}`);
          if (queries.length) scans.push(scanTime(filled.store, queries));
          // What the router's two contract parses cost, on this call's input and answer.
          const parseStart = process.hrtime.bigint();
          spec.input.safeParse(payload);
          if (res.ok) spec.output.safeParse(res.data);
          parse.push(elapsed(parseStart));
        }
        results.push({
          label: c.label,
          p50: median(times),
          p95: quantile(times, 0.95),
          executor: median(executor),
          requests,
          parse: median(parse),
          scan: median(scans),
        });
      }
    });
  } finally {
    timer.restore();
    filled.detach();
  }
  return { results };
}

/** Where a profile's self time goes, by the file each sampled function lives in. */
const CATEGORIES_OF_TIME: Array<[RegExp, string]> = [
  [/node_modules\/zod\//, 'zod (input validation, output parse)'],
  [/node_modules\/bson\//, 'EJSON (bson)'],
  [/node_modules\/mingo\//, 'mingo (query, update, aggregate)'],
  [/node_modules\/@cloudbase\//, 'query builder (node-sdk, @cloudbase/database)'],
  [/local-backend\/db\/store/, 'store (indexes, clone, commit)'],
  [/local-backend\//, 'executor (parse, plan, reply)'],
  [/cloudfunctions\/lib\/caller/, 'caller aggregate (lib/caller.ts)'],
  [/cloudfunctions\/lib\//, 'router and lib'],
  [/cloudfunctions\//, 'handlers'],
  [/miniprogram\/shared\//, 'shared core'],
  [/^node:|^internal/, 'node internals'],
];

export interface ProfileSummary {
  /** Percent of self time by category. */
  categories: Array<[string, number]>;
  /** The functions with the most self time: name (file:line), percent. */
  functions: Array<[string, number]>;
}

const root = `${process.cwd()}/`;
const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(root, '')
    .replace(/^.*node_modules\//, '');

/** Runs `work` under the CPU profiler and sums self time by category and by function (percent of the profile). */
export async function profiled(work: () => Promise<void>): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  await work();
  const { profile } = await post<{ profile: Profiler.Profile }>('Profiler.stop');
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, dt: number) => map.set(key, (map.get(key) ?? 0) + dt);
  let all = 0;
  profile.samples!.forEach((id, i) => {
    const dt = profile.timeDeltas![i] ?? 0;
    const { url, functionName, lineNumber } = byId.get(id)!;
    const category = url
      ? (CATEGORIES_OF_TIME.find(([re]) => re.test(url))?.[1] ?? 'other code')
      : functionName === '(garbage collector)'
        ? 'garbage collector'
        : functionName === '(idle)' || functionName === '(program)'
          ? 'idle / program'
          : 'native (builtins)';
    add(categories, category, dt);
    add(functions, url ? `${functionName || '(anonymous)'} (${shortUrl(url)}:${lineNumber + 1})` : functionName, dt);
    all += dt;
  });
  const shares = (map: Map<string, number>) =>
    [...map].map(([k, v]) => [k, (100 * v) / all] as [string, number]).sort((a, b) => b[1] - a[1]);
  return { categories: shares(categories), functions: shares(functions).slice(0, 15) };
}

export async function handlerLatency(report: Report, sizes: number[], samples: number, profileAt: number) {
  const bySize: CaseResult[][] = [];
  let profile: ProfileSummary = { categories: [], functions: [] };
  for (const size of sizes) {
    console.log(`handlers at ${size} documents…`);
    // The profiled run is a second one at that size: the profiler's cost stays out of the timed figures.
    const { results } = await measureSize(size, samples);
    bySize.push(results);
    if (size === profileAt) {
      console.log(`profiling at ${size}…`);
      await measureSize(size, samples, async (work) => {
        profile = await profiled(work);
      });
    }
  }
  const label = (s: number) => (s >= 1_000_000 ? `${s / 1_000_000}M` : `${s / 1000}k`);
  report.heading(
    `Handler latency on the local backend (${samples} calls each; target p95 ≤ 5 ms at 10k and flat to 100k)`,
    'Orders, complaints at the size, meetings a tenth of it. A whole call through the router (envelope, input, caller',
    'and its reads, access, handler, writes, output parse), in process.',
  );
  report.table(
    ['action', ...sizes.map((s) => `${label(s)} p50 / p95`), `p95 ${label(sizes.at(-1)!)} / ${label(sizes[0])}`],
    bySize[0].map((row, i) => [
      row.label,
      ...bySize.map((r) => `${ms(r[i].p50)} / ${ms(r[i].p95)}`),
      ratio(bySize.at(-1)![i].p95, bySize[0][i].p95),
    ]),
  );
  const at = bySize[sizes.indexOf(profileAt)] ?? bySize.at(-1)!;
  report.heading(
    `Handler against the store's floor at ${label(profileAt)} (medians per call; target handler ≤ 2× executor)`,
    '`executor`: the local request layer for the same requests (EJSON parse of what the sdk sends, the store, mingo,',
    'EJSON of the reply). `raw scan`: mingo over the whole collection for the same queries, no index (one call in 20).',
    "`contract parse`: zod on the call's input and answer, as the router does.",
  );
  report.table(
    ['action', 'handler p50', 'requests', 'executor', 'handler / executor', 'contract parse', 'raw mingo scan'],
    at.map((r) => [r.label, ms(r.p50), r.requests, ms(r.executor), ratio(r.p50, r.executor), ms(r.parse), ms(r.scan)]),
  );
  report.heading(
    `Where a call's time goes (CPU profile of the ${samples}-call runs at ${label(profileAt)}, self time)`,
  );
  report.table(
    ['where', 'share'],
    profile.categories.filter(([, share]) => share >= 0.5).map(([where, share]) => [where, `${share.toFixed(1)} %`]),
  );
  report.text('The functions with the most self time:', '');
  report.table(
    ['function', 'share'],
    profile.functions.map(([fn, share]) => [`\`${fn}\``, `${share.toFixed(1)} %`]),
  );
  return bySize;
}
