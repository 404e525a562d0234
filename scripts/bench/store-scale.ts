/**
 * Scale of the local store on disk: each size in fresh processes — write N order documents (1000 per commit) and
 * get killed (SIGKILL, no close), reopen after the kill (snapshot + log replay), close (compaction), start again
 * from the snapshot — with memory after a GC, and the log and snapshot sizes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from './report';
import { mb, ms } from './stats';

const root = path.resolve(__dirname, '../..');

/** The child's side: one phase against `dir`, its figures as JSON on stdout. */
const CHILD = `
const fs = require('node:fs'), path = require('node:path');
const { Store } = require(${JSON.stringify(path.join(root, 'local-backend/db/store.ts'))});
const [phase, dir, n] = process.argv.slice(1);
const size = (f) => (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size : 0);
const mem = () => (global.gc(), process.memoryUsage());
const t = process.hrtime.bigint();
const took = () => Number(process.hrtime.bigint() - t) / 1e6;
const store = Store.open(dir);
const out = { openMs: took() };
if (phase === 'write') {
  const at = new Date('2026-11-02T01:00:00Z');
  for (let i = 0; i < Number(n); i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(i + 1000, Number(n)); j++) {
      const doc = { _id: 'o' + j, residentId: 'r' + (j % 5000), communityId: 'cm-' + (j % 6), status: 'submitted',
        categoryId: 'home_repair', description: '门锁坏了需要维修，请尽快安排', createdAt: at, deadline: at, version: 3,
        timeline: [{ id: 'e1', kind: 'created', at, by: 'r' + (j % 5000), note: '居民下单' },
                   { id: 'e2', kind: 'dispatched', at, by: 'staff', note: '社区派单' }], outbox: [], outboxSize: 0 };
      batch.push({ collection: 'orders', id: doc._id, doc });
    }
    store.commit(batch);
  }
  out.writeMs = took();
}
const m = mem();
Object.assign(out, { rss: m.rss, heap: m.heapUsed, log: size('log.jsonl'), snapshot: size('snapshot.jsonl'), count: store.count('orders') });
if (phase === 'reopen') {
  const c = process.hrtime.bigint();
  store.close();
  Object.assign(out, { closeMs: Number(process.hrtime.bigint() - c) / 1e6, snapshotAfter: size('snapshot.jsonl'), logAfter: size('log.jsonl') });
}
process.stdout.write(JSON.stringify(out));
if (phase === 'write') process.kill(process.pid, 'SIGKILL');
if (phase === 'start') store.close();
`;

function phase(name: string, dir: string, n: number) {
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', CHILD, name, dir, String(n)], {
    cwd: root,
    maxBuffer: 1 << 20,
  });
  if (name !== 'write' && res.status !== 0) throw new Error(`store ${name} at ${n}: ${res.stderr}`);
  return JSON.parse(res.stdout.toString()) as Record<string, number>;
}

export function storeScale(report: Report, sizes: number[]) {
  const rows: Array<Array<string | number>> = [];
  for (const n of sizes) {
    console.log(`store at ${n} documents…`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-bench-store-'));
    try {
      const write = phase('write', dir, n);
      const reopen = phase('reopen', dir, n);
      const start = phase('start', dir, n);
      const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
      rows.push([
        label,
        ms(write.writeMs),
        mb(write.log),
        mb(write.snapshot),
        ms(reopen.openMs),
        `${reopen.count}`,
        ms(reopen.closeMs),
        mb(reopen.snapshotAfter),
        ms(start.openMs),
        mb(start.heap),
        mb(start.rss),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  report.heading(
    'Scale of the local store (order documents of ~0.6 KB, 1000 per commit; fresh processes)',
    'Written then killed (SIGKILL, no close); reopened after the kill (snapshot + log replay), closed (compaction:',
    'the log folded into the snapshot), started again from the snapshot. The snapshot is one line per document; the',
    'log is compacted past the larger of 32 MB and half the snapshot, so it stays under that plus one commit and the',
    'snapshots written while filling add up to about 3× the last. Memory: after a GC, in the process that started',
    'from the snapshot.',
  );
  report.table(
    [
      'documents',
      'write',
      'log at kill',
      'snapshot at kill',
      'reopen after kill',
      'found',
      'close (compact)',
      'snapshot',
      'start',
      'heap',
      'rss',
    ],
    rows,
  );
}
