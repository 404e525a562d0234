/**
 * Budgets, checked at the end of `npm test` (after jest): prints every figure, exits 1 when one is exceeded.
 *
 * - mini-program: main package and each subpackage as miniprogram-ci compiles them for an upload (what
 *   `npm run package:check` measured): main ≤ 500 KB (#17: what the four main-package pages need), each
 *   subpackage ≤ 2 MB; each figure beside the one recorded in docs/package-sizes.json (`-- --record` rewrites
 *   that file with this run's figures)
 * - each cloud function bundle ≤ 1 MB
 * - the largest setData payload any page test produced ≤ 64 KB
 * - a list page scrolled through 300 rows (tests/pages/long-list.test.ts): its largest setData while scrolling
 *   ≤ 32 KB (a next page sends its rows only) and its largest rendered node count ≤ 1000 (WeChat's guideline)
 * - every query the functions issued in the tests is served by a declared index (named when not)
 * - every action takes ≤ 3 database round trips in every call (answered or refused) of the test run that ran
 *   alone (the exceptions are listed with their reason below); calls in staged races (several at once, on
 *   purpose) may retry a lost compare-and-set, and are printed, not budgeted
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readObservations, type Observations, type WorstCall } from '../tests/helpers/observations';
import { buildFunctions } from './build-functions';
import { COMPILED_DIR, type PackageSize } from './wechat/compile';

const KB = 1024;

export const BUDGETS = {
  mainPackage: 500 * KB,
  subpackage: 2048 * KB,
  functionBundle: 1024 * KB,
  setData: 64 * KB,
  /** One setData of a list page while it is scrolled through 300 rows. */
  longListSetData: 32 * KB,
  /** Elements of a list page's rendered tree while scrolled through 300 rows (WeChat: fewer than 1000). */
  longListNodes: 1000,
  /** Database round trips of one call that ran alone (at the request seam). */
  roundTrips: 3,
};

/**
 * Actions allowed more round trips than the budget on some path, with the reason; printed on every run so the
 * exception stays in sight, and still failing above the stated figure.
 */
const ROUND_TRIP_EXCEPTIONS: Record<string, { allowed: number; why: string }> = {
  'exports.create': {
    allowed: 7,
    why:
      'an export reads its window in pages of 1000 (the server sdk’s most per get()), after the caller and one ' +
      'count: 2 + EXPORT_ROW_CAP / 1000 at the cap; it writes nothing to the database',
  },
  'councils.updateMeeting': {
    allowed: 4,
    why:
      'an edit that takes topics off the agenda and puts others on moves topics two ways (one multi-document ' +
      'update sets the same values on every topic), and an edit that finds another request’s accept cut short ' +
      'reads that topic to finish it',
  },
  'shop.redeem': {
    allowed: 6,
    why:
      'without a multi-document transaction two documents each guard themselves with one conditional update — his ' +
      'account (no overdraw, against his ledger summed by kind: one aggregate) and the item (no oversell) — then ' +
      'the redemption is inserted and its ledger line written at once (a sold-out take instead undoes the debit)',
  },
  'shop.cancel': {
    allowed: 4,
    why:
      'the redemption’s conditional state change (refunded once) is followed by the refund line written at once and ' +
      'the item’s stock given back in one conditional update on its hold (given back once)',
  },
};

/** Every action's worst call over the test run, alone and racing. */
export function worstCalls(observations: Observations[]): Map<string, { alone?: WorstCall; racing?: WorstCall }> {
  const worst = new Map<string, { alone?: WorstCall; racing?: WorstCall }>();
  for (const o of observations) {
    for (const [action, calls] of Object.entries(o.roundTrips)) {
      const entry = worst.get(action) ?? {};
      for (const kind of ['alone', 'racing'] as const) {
        const call = calls[kind];
        if (call && call.count > (entry[kind]?.count ?? -1)) entry[kind] = call;
      }
      worst.set(action, entry);
    }
  }
  return new Map([...worst].sort(([a], [b]) => a.localeCompare(b)));
}

/** The package sizes as last recorded (`npm run budgets -- --record`), to print beside this run's. */
export const RECORDED_SIZES = path.join(__dirname, '..', 'docs', 'package-sizes.json');

function recordedSizes(): Map<string, number> {
  if (!fs.existsSync(RECORDED_SIZES)) return new Map();
  const sizes = JSON.parse(fs.readFileSync(RECORDED_SIZES, 'utf8')) as PackageSize[];
  return new Map(sizes.map((s) => [s.name, s.bytes]));
}

/** The package sizes `npm run package:check` measured on miniprogram-ci's compiled output (run before this). */
function compiledSizes(): PackageSize[] {
  const file = path.join(COMPILED_DIR, 'sizes.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run package:check\` first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageSize[];
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

async function main() {
  const failures: string[] = [];
  const check = (label: string, bytes: number, limit: number, recorded?: number) => {
    const ok = bytes <= limit;
    const beside =
      recorded === undefined
        ? ''
        : `; recorded ${kb(recorded)}, ${bytes >= recorded ? '+' : '−'}${kb(Math.abs(bytes - recorded))}`;
    console.log(
      `  ${ok ? 'ok  ' : 'OVER'} ${label.padEnd(28)} ${kb(bytes).padStart(10)}  (budget ${kb(limit)}${beside})`,
    );
    if (!ok) failures.push(`${label} is ${kb(bytes)}, over its budget of ${kb(limit)}`);
  };

  console.log('mini-program packages (compiled by miniprogram-ci, as uploaded):');
  const recorded = recordedSizes();
  const sizes = compiledSizes();
  for (const { name, bytes } of sizes) {
    check(
      name === 'main' ? 'main package' : `subpackage ${name}`,
      bytes,
      name === 'main' ? BUDGETS.mainPackage : BUDGETS.subpackage,
      recorded.get(name),
    );
  }
  if (process.argv.includes('--record')) {
    fs.writeFileSync(RECORDED_SIZES, `${JSON.stringify(sizes, null, 2)}\n`);
    console.log(`  recorded in ${path.relative(process.cwd(), RECORDED_SIZES)}`);
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

  const longLists = observations.flatMap((o) => o.longLists ?? []);
  const mostBytes = longLists.sort((a, b) => b.largestSetData - a.largestSetData)[0];
  const mostNodes = [...longLists].sort((a, b) => b.largestNodeCount - a.largestNodeCount)[0];
  if (mostBytes && mostNodes) {
    check(
      `largest setData while scrolling ${mostBytes.rows} rows (${mostBytes.page})`,
      mostBytes.largestSetData,
      BUDGETS.longListSetData,
    );
    const ok = mostNodes.largestNodeCount <= BUDGETS.longListNodes;
    console.log(
      `  ${ok ? 'ok  ' : 'OVER'} largest rendered node count while scrolling ${mostNodes.rows} rows ` +
        `(${mostNodes.page}) ${mostNodes.largestNodeCount}  (budget ${BUDGETS.longListNodes})`,
    );
    if (!ok)
      failures.push(
        `${mostNodes.page} rendered ${mostNodes.largestNodeCount} nodes, over the budget of ${BUDGETS.longListNodes}`,
      );
  } else console.log('  (no page test scrolled a long list)');

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

  const trips = worstCalls(observations);
  const alone = [...trips].filter(([, w]) => w.alone);
  const allowed = (action: string) => ROUND_TRIP_EXCEPTIONS[action]?.allowed ?? BUDGETS.roundTrips;
  const over = alone.filter(([action, w]) => w.alone!.count > allowed(action));
  console.log(
    `  database round trips: ${alone.length} actions seen alone, ${over.length} over budget` +
      ` (most: ${Math.max(0, ...alone.map(([, w]) => w.alone!.count))})`,
  );
  for (const [action, { allowed: n, why }] of Object.entries(ROUND_TRIP_EXCEPTIONS)) {
    const seen = trips.get(action)?.alone?.count ?? 0;
    console.log(`  allowed ${n}: ${action} (worst seen ${seen}) — ${why}`);
  }
  for (const [action, w] of over) {
    console.log(`  OVER ${action}: ${w.alone!.count} — ${w.alone!.requests.join(' → ')}`);
    failures.push(`${action} took ${w.alone!.count} database round trips (budget ${allowed(action)})`);
  }
  const racing = [...trips].filter(([, w]) => (w.racing?.count ?? 0) > BUDGETS.roundTrips);
  if (racing.length) console.log('  in staged races (retries after a lost compare-and-set; not budgeted):');
  for (const [action, w] of racing.sort((a, b) => b[1].racing!.count - a[1].racing!.count))
    console.log(`       ${action.padEnd(32)} ${w.racing!.count}: ${w.racing!.requests.join(' → ')}`);

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
