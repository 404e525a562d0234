import * as z from 'zod/mini';
import type { ActionSpec } from '../../miniprogram/shared/api/action';
import { AppError, type FieldIssue } from '../../miniprogram/shared/errors';
import { fail, ok, type Result } from '../../miniprogram/shared/result';
import { assertAccess, assertScope, type Access } from './access';
import { loadCaller, type Caller, type Loaded, type Lookups } from './caller';
import { getDb, type Database } from './db';

/** What a handler gets besides its validated input. */
export interface ActionContext {
  caller: Caller;
  db: Database;
  /** The request's clock; injectable so timers and deadlines can be tested. */
  now: () => Date;
  /** The document the access rule's scope resolver loaded (e.g. the application being reviewed). */
  subject: unknown;
  /** What the action's `reads` found, fetched with the caller. */
  loaded: Loaded;
}

export interface Identity {
  /** The caller's WeChat OPENID as the cloud environment reports it; empty when there is none. */
  openid: string;
}

export interface HandleOptions {
  now?: () => Date;
}

type Handler<S extends ActionSpec> = (input: z.output<S['input']>, ctx: ActionContext) => Promise<z.input<S['output']>>;

export interface ActionImpl<S extends ActionSpec = ActionSpec> {
  access: Access;
  /**
   * The documents the action reads besides the caller, named; the router fetches them with the caller in one
   * round trip (only for valid input) and hands them over as `loaded`. `now` is the request's clock (a window
   * ending now, say); `openid` the caller's (the document a retry of his request created has an id made from it).
   */
  reads?: (input: z.output<S['input']>, ctx: { now: Date; openid: string }) => Lookups;
  handler: Handler<S>;
}

/** The implementation of every action in a spec map, each with its access rule next to it. */
export type Implementations<M extends Record<string, ActionSpec>> = { [A in keyof M]: ActionImpl<M[A]> };

/**
 * Work a function does on a schedule (a CloudBase timer trigger in production, an interval in the local
 * backend). It runs as the system: no caller, no input.
 */
export interface TimerSpec {
  summary: string;
  everyMinutes: number;
  run(ctx: { db: Database; now: () => Date }): Promise<Record<string, number>>;
}

export interface CloudFunction {
  name: string;
  actions: Record<string, { spec: ActionSpec; impl: ActionImpl }>;
  timers: Record<string, TimerSpec>;
  handle(event: unknown, identity: Identity, options?: HandleOptions): Promise<Result<unknown>>;
  /** Runs one timer now; what it did comes back as counts (e.g. `{ overdue: 2 }`). */
  runTimer(timer: string, options?: HandleOptions): Promise<Result<Record<string, number>>>;
}

const Envelope = z.object({ action: z.string(), payload: z.optional(z.unknown()) });

function issuesOf(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * One cloud function per domain, dispatching on `action`. Every request is validated against the shared
 * schema, authorised from the caller's identity, and answered with a Result — failures included.
 */
export function defineFunction<M extends Record<string, ActionSpec>>(
  name: string,
  specs: M,
  impls: Implementations<M>,
  timers: Record<string, TimerSpec> = {},
): CloudFunction {
  const actions: CloudFunction['actions'] = {};
  for (const key of Object.keys(specs)) {
    actions[key] = { spec: specs[key], impl: impls[key] as unknown as ActionImpl };
  }

  async function run(event: unknown, identity: Identity, options: HandleOptions): Promise<unknown> {
    const envelope = Envelope.safeParse(event);
    if (!envelope.success) throw new AppError('BAD_REQUEST', '请求格式不正确：缺少 action');
    const entry = Object.hasOwn(actions, envelope.data.action) ? actions[envelope.data.action] : undefined;
    if (!entry) throw new AppError('UNKNOWN_ACTION', `不支持的操作：${envelope.data.action}`);
    if (!identity.openid) throw new AppError('UNAUTHENTICATED', '无法识别您的身份，请在微信中打开');

    const input = entry.spec.input.safeParse(envelope.data.payload ?? {});
    const db = getDb();
    const access = entry.impl.access;
    const now = options.now ?? (() => new Date());
    // A valid request reads what it needs together with the caller: one round trip, not one per document.
    const lookups: Lookups = input.success
      ? {
          ...entry.impl.reads?.(input.data as never, { now: now(), openid: identity.openid }),
          ...(access.who === 'related' && {
            subject: { collection: access.fetch.collection, ids: [access.fetch.id(input.data as never)] },
          }),
        }
      : {};
    const { caller, loaded } = await loadCaller(db, identity.openid, lookups, {
      readWithoutUser: access.who === 'anyone',
    });
    assertAccess(access, caller);
    if (!input.success) {
      throw new AppError('VALIDATION_FAILED', undefined, { issues: issuesOf(input.error) });
    }
    const subject = await assertScope(access, input.data, { caller, db, loaded });
    const output = await entry.impl.handler(input.data, { caller, db, now, subject, loaded });
    // Parsing the output strips fields the contract does not name, so nothing private leaks by accident.
    const checked = entry.spec.output.safeParse(output);
    if (!checked.success) {
      console.error(`[${name}.${envelope.data.action}] output does not match contract`, checked.error.issues);
      throw new AppError('INTERNAL');
    }
    return checked.data;
  }

  const answer = async <T>(label: string, work: () => Promise<T>): Promise<Result<T>> => {
    try {
      return ok(await work());
    } catch (error) {
      if (error instanceof AppError) return fail(error.toBody());
      console.error(`[${label}] unhandled error`, error);
      return fail(new AppError('INTERNAL').toBody());
    }
  };

  return {
    name,
    actions,
    timers,
    handle: (event, identity, options = {}) => answer(name, () => run(event, identity, options)),
    runTimer: (timer, options = {}) =>
      answer(`${name}.${timer}`, async () => {
        const spec = Object.hasOwn(timers, timer) ? timers[timer] : undefined;
        if (!spec) throw new AppError('UNKNOWN_ACTION', `没有这个定时任务：${timer}`);
        return spec.run({ db: getDb(), now: options.now ?? (() => new Date()) });
      }),
  };
}
