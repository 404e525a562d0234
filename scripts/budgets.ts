/**
 * Budgets, checked at the end of `npm test` (after jest): prints every figure, exits 1 when one is exceeded.
 *
 * - mini-program: main package and each subpackage, counting what an upload ships (scripts compiled from TS,
 *   templates, styles, configs, the npm build with only the tdesign components used): main ≤ 1.5 MB (aim 800 KB)
 * - each cloud function bundle ≤ 1 MB
 * - the largest setData payload any page test produced ≤ 64 KB
 * - every query the functions issued in the tests is served by a declared index (named when not)
 * Database round trips per action are printed (target ≤ 3), not enforced: see the README's performance notes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { readObservations } from '../tests/helpers/observations';
import { buildFunctions } from './build-functions';

const root = path.resolve(__dirname, '..');
const miniprogramRoot = path.join(root, 'miniprogram');
const KB = 1024;

export const BUDGETS = {
  mainPackage: 1536 * KB,
  mainPackageAim: 800 * KB,
  subpackage: 2048 * KB,
  functionBundle: 1024 * KB,
  setData: 64 * KB,
};

/** The size a file has once uploaded: TypeScript is shipped compiled (types stripped, as DevTools does). */
function shippedBytes(file: string): number {
  if (!file.endsWith('.ts')) return fs.statSync(file).size;
  if (file.endsWith('.d.ts')) return 0;
  return Buffer.byteLength(transformSync(fs.readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs' }).code);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

export function packageSizes(): Array<{ name: string; bytes: number }> {
  const app = JSON.parse(fs.readFileSync(path.join(miniprogramRoot, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string; name?: string }>;
  };
  const subs = (app.subPackages ?? []).map((s) => ({
    name: s.name ?? s.root,
    root: path.join(miniprogramRoot, s.root),
  }));
  const sizes = new Map<string, number>([['main', 0], ...subs.map((s) => [s.name, 0] as [string, number])]);
  for (const file of filesUnder(miniprogramRoot)) {
    const owner = subs.find((s) => file.startsWith(s.root))?.name ?? 'main';
    sizes.set(owner, sizes.get(owner)! + shippedBytes(file));
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes }));
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

async function main() {
  const failures: string[] = [];
  const check = (label: string, bytes: number, limit: number) => {
    const ok = bytes <= limit;
    console.log(`  ${ok ? 'ok  ' : 'OVER'} ${label.padEnd(28)} ${kb(bytes).padStart(10)}  (budget ${kb(limit)})`);
    if (!ok) failures.push(`${label} is ${kb(bytes)}, over its budget of ${kb(limit)}`);
  };

  console.log('mini-program packages (as uploaded):');
  for (const { name, bytes } of packageSizes()) {
    check(
      name === 'main' ? 'main package' : `subpackage ${name}`,
      bytes,
      name === 'main' ? BUDGETS.mainPackage : BUDGETS.subpackage,
    );
    if (name === 'main' && bytes > BUDGETS.mainPackageAim)
      console.log(`       (above the ${kb(BUDGETS.mainPackageAim)} aim)`);
  }

  console.log('cloud function bundles:');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-budget-'));
  try {
    for (const { name, bytes } of await buildFunctions(outDir)) check(name, bytes, BUDGETS.functionBundle);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }

  const observations = readObservations();
  console.log(`from the test run (${observations.length} test files reported):`);
  const largest = observations
    .map((o) => o.largestSetData)
    .filter((x) => x !== null)
    .sort((a, b) => b.bytes - a.bytes)[0];
  if (largest) check(`largest setData (${largest.component})`, largest.bytes, BUDGETS.setData);
  else console.log('  (no page test recorded a setData)');

  const unserved = new Map<string, string>();
  for (const o of observations) {
    for (const [query, test] of Object.entries(o.unservedQueries))
      if (!unserved.has(query)) unserved.set(query, `${path.basename(o.testFile)}: ${test}`);
  }
  console.log(
    `  index coverage: ${unserved.size === 0 ? 'every query served by a declared index' : `${unserved.size} unserved`}`,
  );
  for (const [query, where] of unserved) {
    console.log(`  UNSERVED ${query}\n           first seen in ${where}`);
    failures.push(`no declared index serves: ${query} (add one to COLLECTION_SPECS in cloudfunctions/lib/db.ts)`);
  }

  const trips = new Map<string, { count: number; requests: string[] }>();
  for (const o of observations)
    for (const [action, worst] of Object.entries(o.roundTrips))
      if (worst.count > (trips.get(action)?.count ?? -1)) trips.set(action, worst);
  const over = [...trips].filter(([, w]) => w.count > 3).sort((a, b) => b[1].count - a[1].count);
  console.log(`  database round trips per action: ${trips.size} actions, ${over.length} above the target of 3`);
  for (const [action, w] of over) console.log(`       ${action.padEnd(32)} ${w.count}: ${w.requests.join(' → ')}`);

  if (failures.length) {
    console.error(`\nbudget check failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log('budgets ok');
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
