/**
 * Cold start: a fresh node process that requires a function bundle, against the floors — a bundle of node-sdk
 * alone (the same esbuild options and left-out parts as the functions), node-sdk alone with nothing left out,
 * and `node -e 0`. Runs are interleaved (A B C … A B C …) so a noisy moment hits every subject alike.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, buildFunctions } from '../build-functions';
import type { Report } from './report';
import { elapsed, kb, median, ms, ratio } from './stats';

const root = path.resolve(__dirname, '../..');

interface Subject {
  name: string;
  file?: string;
  bytes?: number;
  wall: number[];
  require: number[];
}

/** One process: its wall time, and the time its `require` took inside it. */
function runOnce(file: string | undefined) {
  const script = file
    ? `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`
    : '0';
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), env: { PATH: process.env.PATH } });
  const wall = elapsed(start);
  if (out.status !== 0) throw new Error(`cold start of ${file}: ${out.stderr}`);
  return { wall, require: file ? Number(out.stdout.toString()) : 0 };
}

export async function coldStarts(report: Report, rounds: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-bench-cold-'));
  try {
    const built = await buildFunctions(dir);
    const sdkOnly = async (name: string, plugins: typeof BUNDLE_OPTIONS.plugins) => {
      const outfile = path.join(dir, `${name}.js`);
      await build({
        ...BUNDLE_OPTIONS,
        plugins,
        stdin: { contents: "module.exports = require('@cloudbase/node-sdk');", resolveDir: root, loader: 'js' },
        outfile,
      });
      return { name, file: outfile, bytes: fs.statSync(outfile).size, wall: [], require: [] } as Subject;
    };
    const floor = await sdkOnly('node-sdk only (as bundled)', BUNDLE_OPTIONS.plugins);
    const whole = await sdkOnly('node-sdk only, nothing left out', []);
    const bare: Subject = { name: '`node -e 0`', wall: [], require: [] };
    const subjects: Subject[] = [
      ...built.map(({ name, bytes }) => ({
        name,
        file: path.join(dir, name, 'index.js'),
        bytes,
        wall: [],
        require: [],
      })),
      floor,
      whole,
      bare,
    ];
    runOnce(floor.file); // warm the OS file cache once
    for (let round = 0; round < rounds; round++) {
      for (const subject of subjects) {
        const r = runOnce(subject.file);
        subject.wall.push(r.wall);
        subject.require.push(r.require);
      }
    }
    const node = median(bare.wall);
    const floorWall = median(floor.wall);
    const floorRequire = median(floor.require);
    report.heading(
      `Cold start (fresh node process per run, ${rounds} interleaved rounds; target ≤ 1.2× the node-sdk-only floor)`,
      '`process` is the wall time of `node -e "require(bundle)"`; `require` the time of the require inside it (what',
      'the previous table measured). Ratios are of medians, against the node-sdk-only bundle built with the same',
      'options and left-out parts (`scripts/build-functions.ts`); `node -e 0` is the process floor.',
      '',
      'The floor was lowered by leaving out of the bundles what no function reaches (`LEFT_OUT`: storage, calling',
      'functions, cloud run, analytics, notifications, jsonwebtoken for custom login tickets, realtime `watch()`,',
      'data models, AI); the query builder (`@cloudbase/database`, bson) and the request layer (`tcbapirequester`,',
      'request-core, the signer, axios for the platform check) stay. Production still talks to CloudBase the same way:',
      '`tests/scripts/bundle-sdk-paths.test.ts` runs a get, an update, an aggregate with `$lookup` and a',
      '`callWxOpenApi` through a bundle built with these options and through the installed node-sdk, in bare node',
      'processes with outgoing HTTP intercepted, and requires the same requests (address, method, header names, body)',
      'and the same caller from `auth().getUserInfo()`; a left-out module throws if anything reaches it.',
    );
    report.table(
      ['bundle', 'size', 'process', 'require', '× floor (process)', '× floor (require)', 'process − node'],
      subjects.map((s) => [
        s.name,
        s.bytes ? kb(s.bytes) : '–',
        ms(median(s.wall)),
        s.file ? ms(median(s.require)) : '–',
        ratio(median(s.wall), floorWall),
        s.file ? ratio(median(s.require), floorRequire) : '–',
        ms(median(s.wall) - node),
      ]),
    );
    return subjects.map((s) => ({ name: s.name, wall: median(s.wall), require: median(s.require), bytes: s.bytes }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
