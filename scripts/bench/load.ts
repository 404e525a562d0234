/**
 * Load on `npm start` over loopback: the server started as a developer starts it (its own free PORT and data
 * directory, filled beforehand), driven over HTTP as the mini-program calls it (POST /functions/<name>, identity in
 * x-wx-openid) by 1, 10 and 50 concurrent clients. Each client is its own resident and volunteer and goes round
 * create order → my orders → claim → withdraw → file complaint → sign up → cancel sign-up, so every step is valid
 * (a claim is given back before the next; each round files another category, which the first client files and the
 * others join — 附议), and stops at a count or a time limit, whichever comes first.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../local-backend/db/store';
import { COMPLAINT_CATEGORY_NAMES } from '../../miniprogram/shared/complaints/machine';
import { filledStore, neighbourId, volunteerId } from './fill';
import type { Report } from './report';
import { elapsed, median, ms, quantile } from './stats';

const root = path.resolve(__dirname, '../..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

type Step = [
  label: string,
  fn: string,
  action: string,
  payload: (c: number, n: number) => unknown,
  as: 'resident' | 'volunteer',
];

const STEPS = (ids: { taskId: string; meetingId: string }): Step[] => [
  [
    'create order',
    'orders',
    'create',
    (c, n) => ({ requestId: `load-${c}-${n}`, categoryId: 'home_repair', description: '门锁坏了需要维修' }),
    'resident',
  ],
  ['list my orders', 'orders', 'listMine', () => ({}), 'resident'],
  ['claim', 'orders', 'claim', () => ({ taskId: ids.taskId }), 'volunteer'],
  ['withdraw', 'orders', 'withdraw', () => ({ taskId: ids.taskId }), 'volunteer'],
  [
    'file complaint',
    'complaints',
    'file',
    (c, n) => ({
      requestId: `load-file-${c}-${n}`,
      category: COMPLAINT_CATEGORY_NAMES[n % COMPLAINT_CATEGORY_NAMES.length],
      description: '基准测试：问题描述',
    }),
    'resident',
  ],
  ['sign up', 'councils', 'signUp', () => ({ meetingId: ids.meetingId }), 'resident'],
  ['cancel sign-up', 'councils', 'cancelSignUp', () => ({ meetingId: ids.meetingId }), 'resident'],
];

/** `profileDir`: the server runs under `node --cpu-prof` and leaves its profile there when it stops. */
export async function loadTest(
  report: Report,
  levels: number[],
  rounds: number,
  secondsPerLevel: number,
  profileDir?: string,
) {
  // A resident files each category once: more rounds than categories would refile his own.
  const perClientRounds = Math.min(rounds, COMPLAINT_CATEGORY_NAMES.length);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-bench-load-'));
  // Each level has its own clients (residents and volunteers), so no one refiles what he filed at another level;
  // one more warms the server up (its first calls compile and load what the measured ones would pay for).
  const clients = levels.reduce((a, b) => a + b, 0) + 1;
  // Fill the data directory first (demo seed, 1k of each, the clients' users, a task and a meeting), then let go.
  const store = Store.open(dir);
  const filled = await filledStore(1000, clients, store);
  filled.detach();
  store.close();
  const port = await freePort();
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'local-backend/main.ts', '--no-dev'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), JMT_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('listening') && resolve());
      child.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const steps = STEPS(filled);
    type Call = (label: string, ms: number, error?: string) => void;
    /** Client `c` goes round the steps `rounds` times or until the deadline, reporting each call. */
    const drive = async (c: number, rounds: number, deadline: number, call: Call) => {
      for (let n = 0; n < rounds && Date.now() < deadline; n++) {
        for (const [label, fn, action, payload, as] of steps) {
          const t = process.hrtime.bigint();
          const res = await fetch(`${url}/functions/${fn}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-wx-openid': as === 'resident' ? neighbourId(c) : volunteerId(c),
            },
            body: JSON.stringify({ action, payload: payload(c, n) }),
          });
          const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
          const failed = !res.ok || !body.ok;
          call(
            label,
            elapsed(t),
            failed ? `${label}: ${res.status} ${body.error?.code} ${body.error?.message}` : undefined,
          );
        }
      }
    };
    let warmUpErrors = '';
    await drive(clients - 1, 1, Infinity, (_label, _ms, error) => (warmUpErrors ||= error ?? ''));
    if (warmUpErrors) throw new Error(`load warm-up: ${warmUpErrors}`);
    const rows: Array<Array<string | number>> = [];
    let base = 0;
    for (const level of levels) {
      const times = new Map<string, number[]>(steps.map(([label]) => [label, []]));
      let errors = 0;
      let firstError = '';
      let total = 0;
      const deadline = Date.now() + secondsPerLevel * 1000;
      const start = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: level }, (_, i) =>
          drive(base + i, perClientRounds, deadline, (label, ms, error) => {
            times.get(label)!.push(ms);
            total++;
            if (error) {
              errors++;
              firstError ||= error;
            }
          }),
        ),
      );
      const seconds = elapsed(start) / 1000;
      base += level;
      const all = [...times.values()].flat();
      rows.push([
        `${level} client${level > 1 ? 's' : ''}`,
        total,
        `${(total / seconds).toFixed(0)}/s`,
        ms(median(all)),
        ms(quantile(all, 0.95)),
        errors,
      ]);
      for (const [label, list] of times)
        rows.push([`  ${level} · ${label}`, list.length, '–', ms(median(list)), ms(quantile(list, 0.95)), '–']);
      if (firstError) console.error(`load, ${level} clients, first error: ${firstError}`);
    }
    report.heading(
      `Load on npm start over loopback (${perClientRounds} rounds of 7 calls per client or ${secondsPerLevel} s, whichever first; errors must be 0)`,
      'One server process (`node --import tsx local-backend/main.ts --no-dev`, its own PORT and JMT_DATA_DIR, 1k',
      'documents of each kind), clients in this process over HTTP keep-alive (fetch), after one warm-up round that is',
      'not counted. A round: create order, list my orders, claim, withdraw, file complaint, sign up, cancel sign-up —',
      'each client as its own resident and volunteer.',
    );
    report.table(['clients · call', 'requests', 'requests/s', 'p50', 'p95', 'errors'], rows);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
