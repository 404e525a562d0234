import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLLECTION_SPECS, getDb } from '../cloudfunctions/lib/db';
import { FUNCTIONS, HTTP_SERVICES } from '../cloudfunctions/registry';
import type { TimerOutcomes } from '../cloudfunctions/lib/timers';
import type { CloudFunction } from '../cloudfunctions/lib/router';
import { DevClock } from './clock';
import { useLocalDatabase } from './db/install';
import { FileStorage } from './files';
import type { Store } from './db/store';
import { demoUsers, seedDemo } from './seed';
import { createServer } from './server';
import { useLocalStorageLinks } from './storage';
import { attachWechat, type WechatEmulator } from './wechat/index';
import type { EmulatorOptions } from './wechat/emulator';

/** The declared indexes, in the shape the local store understands. */
export const declaredIndexes = () =>
  Object.entries(COLLECTION_SPECS).flatMap(([collection, spec]) =>
    spec.indexes.map((index) => ({ collection, fields: index.keys.map(([field]) => field) })),
  );

/**
 * Creates the collections that do not exist yet — by default every one in COLLECTION_SPECS, as a deploy does
 * (CloudBase creates none on first use). Every store the functions or a test use gets its collections here.
 */
export function createCollections(store: Store, names: readonly string[] = Object.keys(COLLECTION_SPECS)): Store {
  for (const name of names) if (!store.hasCollection(name)) store.createCollection(name);
  return store;
}

/**
 * Points the functions' database handle at a local store, with its collections and indexes. The handle is created
 * first, because creating it resets the sdk's request class; then only that request layer is swapped. `now` is the
 * database clock (`db.serverDate()`).
 */
export function attachStore(store: Store, now?: () => Date): () => void {
  getDb();
  createCollections(store);
  store.declareIndexes(declaredIndexes());
  return useLocalDatabase(store, { now });
}

/**
 * Everything of CloudBase the functions reach, locally: the database (attachStore), WeChat's open API (the
 * emulator) and cloud storage's temporary links (served from `baseUrl`). The one set-up of `npm start`, the tests
 * and the bench. Returns the emulator and the undo of all three.
 */
export function attachLocalCloud(
  store: Store,
  options: { now?: () => Date; baseUrl?: () => string } & Pick<Partial<EmulatorOptions>, 'verdictDelayMs'> = {},
): { wechat: WechatEmulator; detach: () => void } {
  const { now, baseUrl = () => 'http://127.0.0.1', ...emulator } = options;
  const detachStore = attachStore(store, now);
  const wechat = attachWechat({ now, ...emulator });
  const detachLinks = useLocalStorageLinks(baseUrl);
  return {
    wechat: wechat.emulator,
    detach: () => {
      detachLinks();
      wechat.detach();
      detachStore();
    },
  };
}

/** Seeds the demo data when the store has none (first start, or after a reset). */
export async function seedIfEmpty(store: Store, now = new Date()): Promise<boolean> {
  if (store.count('places') > 0) return false;
  await seedDemo(getDb(), now);
  return true;
}

export interface LocalBackend {
  url: string;
  server: http.Server;
  /** WeChat as the functions reach it here (what it was asked, its verdicts to come). */
  wechat: WechatEmulator;
  close(): Promise<void>;
}

export interface StartOptions {
  store: Store;
  port?: number;
  host?: string;
  now?: () => Date;
  /** Where uploaded files are kept (`POST /files`); no file storage without it. */
  filesDir?: string;
  /** Run each function's timer trigger every minute, as CloudBase does (default true). */
  timers?: boolean;
  /**
   * Development tools (`/_dev/clock`, `/_dev/timers`): a movable clock and running timers on demand. Local only;
   * off unless asked (`npm start` asks). Without it those paths answer 404.
   */
  dev?: boolean;
}

/**
 * What every function's one timer trigger does: runs its due timers. Functions run one after another; the answer
 * is what each ran, by function.
 */
export async function fireTimerTriggers(
  functions: CloudFunction[],
  now?: () => Date,
): Promise<Record<string, TimerOutcomes>> {
  const out: Record<string, TimerOutcomes> = {};
  for (const fn of functions) {
    if (Object.keys(fn.timers).length === 0) continue;
    const result = await fn.runDueTimers({ now });
    if (!result.ok) console.error(`[timers ${fn.name}]`, result.error);
    else out[fn.name] = result.data;
  }
  return out;
}

/** Fires every function's timer trigger each minute, as CloudBase does; returns a stop function. */
export function startTimers(now?: () => Date): () => void {
  const handle = setInterval(() => void fireTimerTriggers(FUNCTIONS, now), 60_000);
  return () => clearInterval(handle);
}

export async function startLocalBackend({
  store,
  port = 0,
  host = '127.0.0.1',
  now: realNow,
  timers = true,
  filesDir,
  dev = false,
}: StartOptions): Promise<LocalBackend> {
  const clock = dev ? new DevClock(realNow) : undefined;
  const now = clock?.now ?? realNow;
  let url = '';
  const cloud = attachLocalCloud(store, { now, baseUrl: () => url });
  const stopTimers = timers ? startTimers(now) : () => {};
  const server = createServer({
    functions: FUNCTIONS,
    http: HTTP_SERVICES,
    now,
    dev: clock && { clock, runTimers: (functions) => fireTimerTriggers(functions, now), wechat: cloud.wechat },
    files: filesDir ? new FileStorage(filesDir) : undefined,
    info: { demoUsers: demoUsers.map(({ openid, name, purpose }) => ({ openid, name, purpose })) },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  url = `http://${host}:${address.port}`;
  return {
    url,
    server,
    wechat: cloud.wechat,
    close: () =>
      new Promise<void>((resolve) => {
        stopTimers();
        server.close(() => {
          cloud.detach();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
