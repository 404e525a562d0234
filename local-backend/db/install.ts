import { Db } from '@cloudbase/database';
import { createRequester, type ExecutorOptions, type RequestEvent } from './executor';
import type { Store } from './store';

/**
 * Swaps the sdk's database request layer for the local executor, and nothing else: the functions keep using
 * the real `@cloudbase/node-sdk` query builder. Call after `app.database()` (which resets the request class).
 * Returns a function that puts the previous request layer back.
 */
const listeners = new Set<(event: RequestEvent) => void>();

/**
 * Observes every database request at the seam (round-trip counts, index coverage). Returns the unsubscribe.
 */
export function onDatabaseRequest(listener: (event: RequestEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocalDatabase(store: Store, options: ExecutorOptions = {}): () => void {
  const previous = (Db as unknown as { reqClass: unknown }).reqClass;
  if (!previous) {
    // node-sdk sets Db.reqClass on its own copy of @cloudbase/database; if ours is another copy, patching it
    // would silently send every query to the cloud. Fail loudly instead.
    throw new Error('@cloudbase/database is not the copy @cloudbase/node-sdk uses: run `npm ci` (one version only)');
  }
  const onRequest = (event: RequestEvent) => {
    options.onRequest?.(event);
    for (const listener of listeners) listener(event);
  };
  (Db as unknown as { reqClass: unknown }).reqClass = createRequester(store, { ...options, onRequest });
  return () => {
    (Db as unknown as { reqClass: unknown }).reqClass = previous;
  };
}
