/**
 * The sdk's database request seam, for tests: counting and naming the requests a piece of work makes, and
 * injecting faults (a crash, a lost reply, a request held back, another request's work slipped in) at chosen
 * requests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Db } from '@cloudbase/database';
import type { RequestEvent } from '../../local-backend/db/executor';
import { onDatabaseRequest } from '../../local-backend/db/install';

// ── counting ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A request as the round-trip budget names it: `aggregate users`, `modify orders`, `insert topics (tx)`. */
export function requestName(event: RequestEvent): string {
  const verb = event.action.replace(/^database\./, '').replace(/Documents?$|Doc$/, '');
  return [verb, event.collection, event.inTransaction && '(tx)'].filter(Boolean).join(' ');
}

/** The request lists the current async context records into: every enclosing one, so counts nest. */
const recording = new AsyncLocalStorage<readonly string[][]>();
onDatabaseRequest((event) => {
  const name = requestName(event);
  for (const requests of recording.getStore() ?? []) requests.push(name);
});

/** Runs `work`, adding the name of each database request it makes to `requests`; concurrent work is told apart. */
export function recordRequests<T>(requests: string[], work: () => T): T {
  return recording.run([...(recording.getStore() ?? []), requests], work);
}

/** Runs `work` and names the database requests it made, in order. */
export async function countRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const requests: string[] = [];
  const result = await recordRequests(requests, work);
  return { result, requests };
}

/** Runs `work` outside every count: another call's requests, slipped in between the counted ones. */
export function uncounted<T>(work: () => T): T {
  return recording.exit(work);
}

// ── fault injection ──────────────────────────────────────────────────────────────────────────────────────────

/** Which requests a fault applies to. */
export type RequestPicker = (action: string, collection: string | undefined) => boolean;

interface Requester {
  send(action: string, params?: { collectionName?: string }, ...rest: unknown[]): Promise<unknown>;
}
const seam = Db as unknown as { reqClass: new (config?: unknown) => Requester };

export interface Around {
  /** Runs just before a picked request is sent; throwing kills the request there (nothing written). */
  before?: () => unknown;
  /** Runs once a picked request's reply came back; throwing loses the reply (written, never heard of). */
  after?: () => unknown;
  /** Only the first picked request (the default), or every one. */
  once?: boolean;
}

/** Wraps the sdk's request layer so `around` runs at the requests `picks` chooses. Returns the undo. */
export function aroundRequests(picks: RequestPicker, { before, after, once = true }: Around): () => void {
  const Real = seam.reqClass;
  let armed = true;
  seam.reqClass = class {
    private readonly inner: Requester;
    constructor(config?: unknown) {
      this.inner = new Real(config);
    }
    async send(action: string, params: { collectionName?: string } = {}, ...rest: unknown[]) {
      const picked = armed && picks(action, params.collectionName);
      if (picked && once) armed = false;
      if (picked) await before?.();
      const reply = await this.inner.send(action, params, ...rest);
      if (picked) await after?.();
      return reply;
    }
  };
  return () => {
    seam.reqClass = Real;
  };
}

/**
 * The function instance dies at the picked request: 'before' it reaches the database (nothing written), or 'after'
 * the database acted and before its reply came back (written, but the function never hears of it). The router
 * logs the crash as an unhandled error; that log is expected, so it is kept quiet until the undo.
 */
export function crashAt(picks: RequestPicker, when: 'before' | 'after', { once = true } = {}): () => void {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const die = () => {
    throw new Error(`simulated crash: the function instance died ${when} this request`);
  };
  const undo = aroundRequests(picks, { [when]: die, once });
  return () => {
    undo();
    quiet.mockRestore();
  };
}
