/**
 * What the test run observes for the budget script (scripts/budgets.ts): queries no declared index serves,
 * database round trips per action, the largest setData payload, and what a long list costs while scrolled. Each test file writes its own JSON file
 * under tmp/observations; the budget script reads them all after jest.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const OBSERVATIONS_DIR = path.resolve(__dirname, '../../tmp/observations');

export interface Observations {
  testFile: string;
  /** Unserved query → the test that issued it. */
  unservedQueries: Record<string, string>;
  /**
   * `function.action` → the most round trips one call took (answered or refused), and what they were: `alone` among calls
   * that ran by themselves, `racing` among calls that overlapped others (staged races, where retries belong).
   */
  roundTrips: Record<string, { alone?: WorstCall; racing?: WorstCall }>;
  largestSetData: { bytes: number; component: string; test: string } | null;
  /** List pages scrolled through many rows (tests/pages/long-list.test.ts). */
  longLists: LongListFigures[];
}

export interface LongListFigures {
  page: string;
  /** Rows loaded by the end of the scroll. */
  rows: number;
  /** The largest setData payload (JSON bytes) of the page while scrolling. */
  largestSetData: number;
  /** The most elements the page's rendered tree had (tdesign components' own included). */
  largestNodeCount: number;
  test: string;
}

const current: Omit<Observations, 'testFile'> = {
  unservedQueries: {},
  roundTrips: {},
  largestSetData: null,
  longLists: [],
};

export function recordUnservedQuery(description: string, test: string) {
  current.unservedQueries[description] ??= test;
}

export interface WorstCall {
  count: number;
  /** Each round trip of the call, e.g. `aggregate users`, `modify orders`. */
  requests: string[];
}

export function recordRoundTrips(action: string, call: { requests: string[]; overlapped: boolean }) {
  const entry = (current.roundTrips[action] ??= {});
  const kind = call.overlapped ? 'racing' : 'alone';
  if (call.requests.length > (entry[kind]?.count ?? -1))
    entry[kind] = { count: call.requests.length, requests: call.requests };
}

export function recordSetData(bytes: number, component: string, test: string) {
  if (!current.largestSetData || bytes > current.largestSetData.bytes)
    current.largestSetData = { bytes, component, test };
}

export function recordLongList(figures: LongListFigures) {
  current.longLists.push(figures);
}

export function flushObservations(testFile: string) {
  const empty =
    Object.keys(current.unservedQueries).length === 0 &&
    Object.keys(current.roundTrips).length === 0 &&
    !current.largestSetData &&
    current.longLists.length === 0;
  if (empty) return;
  fs.mkdirSync(OBSERVATIONS_DIR, { recursive: true });
  const file = path.join(OBSERVATIONS_DIR, `${path.basename(testFile)}-${randomBytes(4).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify({ testFile, ...current }, null, 2));
}

export function readObservations(): Observations[] {
  if (!fs.existsSync(OBSERVATIONS_DIR)) return [];
  return fs
    .readdirSync(OBSERVATIONS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(OBSERVATIONS_DIR, f), 'utf8')) as Observations);
}
