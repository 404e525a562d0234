import * as z from 'zod/mini';
import type { ActionSpec } from '../../miniprogram/shared/api/action';
import { AppError, type FieldIssue } from '../../miniprogram/shared/errors';
import { publishedTexts } from '../../miniprogram/shared/schemas/published';
import { fail, ok, type Result } from '../../miniprogram/shared/result';
import { assertAccess, assertScope, type Access } from './access';
import { checkTexts } from './content';
import { loadCaller, type Caller, type Loaded, type Lookups } from './caller';
import { getDb, type Database } from './db';
import { assertSchedule, runDueTimers, type TimerOutcomes } from './timers';

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
 * Work a function does on a schedule. The function's one timer trigger (CloudBase allows one) fires every minute
 * and runs the timers that are due (see `./timers`). It runs as the system: no caller, no input.
 */
export interface TimerSpec {
  summary: string;
  /** Runs once per slot of this many minutes (a divisor of a day: 1, 5, 60…), counted from the epoch in UTC. */
  everyMinutes: number;
  run(ctx: { db: Database; now: () => Date }): Promise<Record<string, number>>;
}

export interface CloudFunction {
  name: string;
  actions: Record<string, { spec: ActionSpec; impl: ActionImpl }>;
  timers: Record<string, TimerSpec>;
  handle(event: unknown, identity: Identity, options?: HandleOptions): Promise<Result<unknown>>;
  /** Runs one timer now, whether due or not; what it did comes back as counts (e.g. `{ overdue: 2 }`). */
  runTimer(timer: string, options?: HandleOptions): Promise<Result<Record<string, number>>>;
  /** What the function's timer trigger does each minute: runs the timers due now (by their last-run records). */
  runDueTimers(options?: HandleOptions): Promise<Result<TimerOutcomes>>;
}

const Envelope = z.object({ action: z.string(), payload: z.optional(z.unknown()) });

const pathOf = (parts: readonly PropertyKey[]) => parts.map(String).join('.');

/**
 * The issues a person (or a developer reading the reply) can act on: a refused unknown field is named (one issue
 * per field, at its path), and a value that must match a pattern says which.
 */
function issuesOf(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: `不支持的字段：${key}` }));
    }
    const pattern = issue.code === 'invalid_format' ? issue.pattern : undefined;
    return [{ path: pathOf(issue.path), message: pattern ? `${issue.message}（格式须为 ${pattern}）` : issue.message }];
  });
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
  for (const [timer, spec] of Object.entries(timers)) assertSchedule(`${name}.${timer}`, spec.everyMinutes);
  const actions: CloudFunction['actions'] = {};
  for (const key of Object.keys(specs)) {
    actions[key] = { spec: specs[key], impl: impls[key] as unknown as ActionImpl };
  }

  async function run(event: unknown, identity: Identity, options: HandleOptions): Promise<unknown> {
    const envelope = Envelope.safeParse(event);
    if (!envelope.success) throw new AppError('BAD_REQUEST', '请求格式不正确：缺少 action');
    const entry = Object.hasOwn(actions, envelope.data.action) ? actions[envelope.data.action] : undefined;
    if (!entry) {
      const valid = Object.keys(actions);
      throw new AppError('UNKNOWN_ACTION', `不支持的操作：${envelope.data.action}（可用：${valid.join('、')}）`, {
        actions: valid,
      });
    }
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
    // What the input publishes is checked before anything is written (内容安全; see shared/schemas/published).
    const texts = publishedTexts(entry.spec.input, input.data);
    if (texts.length > 0) await checkTexts(identity.openid, texts);
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
    runDueTimers: (options = {}) =>
      answer(`${name} timers`, () => {
        const db = getDb();
        const now = options.now ?? (() => new Date());
        const due = Object.entries(timers).map(([timer, spec]) => ({
          name: timer,
          everyMinutes: spec.everyMinutes,
          run: () => spec.run({ db, now }),
        }));
        return runDueTimers(db, name, due, now());
      }),
  };
}

/** An access rule as the action listing shows it: who may call, and what decides the scope. */
function describeAccess(access: Access) {
  switch (access.who) {
    case 'roles':
      return { who: access.who, roles: access.roles, scoped: Boolean(access.scope) };
    case 'related':
      return { who: access.who, relatedTo: access.fetch.collection };
    default:
      return { who: access.who };
  }
}

/**
 * A function's actions for a developer: each with its summary, access rule and input as JSON Schema (what the
 * `payload` must be), and its timers with their schedules.
 */
export function describeFunction(fn: CloudFunction) {
  return {
    name: fn.name,
    actions: Object.entries(fn.actions).map(([action, { spec, impl }]) => ({
      action,
      summary: spec.summary,
      access: describeAccess(impl.access),
      input: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
    })),
    timers: Object.entries(fn.timers).map(([timer, spec]) => ({
      timer,
      summary: spec.summary,
      everyMinutes: spec.everyMinutes,
    })),
  };
}
