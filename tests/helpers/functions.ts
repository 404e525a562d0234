import { FUNCTIONS } from '../../cloudfunctions/registry';
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../miniprogram/shared/api';
import type { Result } from '../../miniprogram/shared/result';
import { attachLocalCloud, seedIfEmpty } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';
import type { WechatEmulator } from '../../local-backend/wechat/index';
import { recordRoundTrips } from './observations';
import { recordRequests } from './seam';

/**
 * Notes each call's database round trips at the request seam, concurrent calls included. A call that overlapped
 * another in time (a race the test stages on purpose) is told apart: its retries are contention, not its path.
 * A call slipped in during another's request (a fault hook) is run `uncounted`, so it is not added to that call.
 */
interface CallTrace {
  requests: string[];
  overlapped: boolean;
}
const inFlight = new Set<CallTrace>();

export interface TestBackend {
  store: Store;
  /** WeChat's open API as the functions reach it: what was sent, every call, failures to stage. */
  wechat: WechatEmulator;
  /** Calls an action as the given OPENID, exactly as the local HTTP server would. */
  call<F extends FunctionName, A extends ActionName<F>>(
    openid: string,
    fn: F,
    action: A,
    payload: ActionInput<F, A>,
  ): Promise<Result<ActionOutput<F, A>>>;
  /** Sends any event, for bad-input tests. */
  send(openid: string, fn: string, event: unknown): Promise<Result<unknown>>;
  /** Moves the request clock. */
  setNow(date: Date): void;
  /** Runs every function's deliver timer, as CloudBase would within a minute: outboxes → notifications, points. */
  deliver(): Promise<void>;
  /** The store's contents once every outbox is delivered. */
  delivered(): Promise<ReturnType<Store['dump']>>;
  close(): void;
}

/** When every test backend's clock starts (a Monday morning in Beijing), and a time so many hours after it. */
export const T0 = new Date('2026-11-02T09:00:00+08:00');
export const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);

/** A fresh in-memory store with the demo data, behind the real functions. */
export async function startTestBackend(): Promise<TestBackend> {
  const store = Store.memory();
  let now = T0;
  const cloud = attachLocalCloud(store, { now: () => now, verdictDelayMs: 0 });
  await seedIfEmpty(store, now);
  const send = (openid: string, fn: string, event: unknown) => {
    const target = FUNCTIONS.find((f) => f.name === fn);
    if (!target) throw new Error(`no function ${fn}`);
    const call: CallTrace = { requests: [], overlapped: inFlight.size > 0 };
    for (const other of inFlight) other.overlapped = true;
    inFlight.add(call);
    return recordRequests(call.requests, async () => {
      try {
        const result = await target.handle(event, { openid }, { now: () => now });
        const action = (event as { action?: unknown } | null)?.action;
        // Refusals count too (a refusal after a long retry loop is still the user's wait); a call that died
        // (INTERNAL: a crash the test injected) is not a path.
        const died = !result.ok && result.error.code === 'INTERNAL';
        if (!died && typeof action === 'string' && Object.hasOwn(target.actions, action))
          recordRoundTrips(`${fn}.${action}`, call);
        return result;
      } finally {
        inFlight.delete(call);
      }
    });
  };
  const deliver = async () => {
    for (const fn of FUNCTIONS) {
      if (!fn.timers.deliver) continue;
      const result = await fn.runTimer('deliver', { now: () => now });
      if (!result.ok) throw new Error(`${fn.name}.deliver failed: ${result.error.message}`);
    }
  };
  return {
    store,
    wechat: cloud.wechat,
    call: (openid, fn, action, payload) => send(openid, fn, { action, payload }) as never,
    send,
    setNow: (date) => {
      now = date;
    },
    deliver,
    delivered: async () => {
      await deliver();
      return store.dump();
    },
    close: () => {
      cloud.detach();
      store.close();
    },
  };
}

/**
 * A fresh test backend for each test of the file (started before, closed after): the returned handle always
 * speaks to the current test's backend.
 */
export function useTestBackend(): TestBackend {
  let current: TestBackend | undefined;
  beforeEach(async () => {
    current = await startTestBackend();
  });
  afterEach(() => current?.close());
  return new Proxy({} as TestBackend, {
    get(_target, key: keyof TestBackend) {
      if (!current) throw new Error('the test backend is used outside a test');
      const value = current[key];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** Unwraps a successful result, failing the test with the error otherwise. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}
