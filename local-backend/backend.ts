import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLLECTION_SPECS, getDb } from '../cloudfunctions/lib/db';
import { FUNCTIONS } from '../cloudfunctions/registry';
import { useLocalDatabase } from './db/install';
import { FileStorage } from './files';
import type { Store } from './db/store';
import { demoUsers, seedDemo } from './seed';
import { createServer } from './server';

/** The declared indexes, in the shape the local store understands. */
export const declaredIndexes = () =>
  Object.entries(COLLECTION_SPECS).flatMap(([collection, spec]) =>
    spec.indexes.map((index) => ({ collection, fields: index.keys.map(([field]) => field) })),
  );

/**
 * Points the functions' database handle at a local store. The handle is created first, because creating it
 * resets the sdk's request class; then only that request layer is swapped.
 */
export function attachStore(store: Store): () => void {
  getDb();
  store.declareIndexes(declaredIndexes());
  return useLocalDatabase(store);
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
  close(): Promise<void>;
}

export interface StartOptions {
  store: Store;
  port?: number;
  host?: string;
  now?: () => Date;
  /** Where uploaded files are kept (`POST /files`); no file storage without it. */
  filesDir?: string;
  /** Run the functions' timers on their schedule, as CloudBase's timer triggers would (default true). */
  timers?: boolean;
}

/** Runs every function's timers on their interval; returns a stop function. */
export function startTimers(now?: () => Date): () => void {
  const handles = FUNCTIONS.flatMap((fn) =>
    Object.entries(fn.timers).map(([name, timer]) =>
      setInterval(async () => {
        const result = await fn.runTimer(name, { now });
        if (!result.ok) console.error(`[timer ${fn.name}.${name}]`, result.error);
      }, timer.everyMinutes * 60_000),
    ),
  );
  return () => handles.forEach(clearInterval);
}

export async function startLocalBackend({
  store,
  port = 0,
  host = '127.0.0.1',
  now,
  timers = true,
  filesDir,
}: StartOptions): Promise<LocalBackend> {
  const detach = attachStore(store);
  const stopTimers = timers ? startTimers(now) : () => {};
  const server = createServer({
    functions: FUNCTIONS,
    now,
    files: filesDir ? new FileStorage(filesDir) : undefined,
    info: { demoUsers: demoUsers.map(({ openid, name, purpose }) => ({ openid, name, purpose })) },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        stopTimers();
        server.close(() => {
          detach();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
