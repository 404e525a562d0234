import { AppError, type ErrorCode } from '../../miniprogram/shared/errors';
import type { Access } from './access';
import { actorName, type Caller, type Loaded, type Lookups } from './caller';
import type { CollectionName, Database } from './db';
import type { NoticeKind } from '../../miniprogram/shared/notices/templates';
import { noticesOf, type Audience, type Notice, type NotificationDoc } from './notify';
import { pushOutbox, type OutboxEntry } from './outbox';
import type { ActionContext, TimerSpec } from './router';

/**
 * What the service chain, complaints and councils share: a document that moves through a state machine, with
 * its timeline inside it and a version that every change is conditioned on.
 */
export interface Tracked<E> {
  _id: string;
  version: number;
  timeline: E[];
}

/** The next timeline event's id: the document's and the event's number, so its notifications are idempotent. */
export const nextEventId = (doc: Tracked<unknown>) => `${doc._id}-e${doc.timeline.length + 1}`;

/**
 * The sdk turns an object value into dotted paths (`task.id`, `task.title`…), which cannot be written into a null
 * field; `_.set` writes the object whole, as a step means.
 */
function replacing(db: Database, fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value !== null && typeof value === 'object' && !Array.isArray(value) ? db.command.set(value) : value,
    ]),
  );
}

/** The document as an update of `fields` (dotted paths included) leaves it. */
export function withFields<D>(doc: D, fields: Record<string, unknown>): D {
  const copy = structuredClone(doc) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(fields)) {
    const parts = path.split('.');
    let target = copy;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return copy as unknown as D;
}

/** The document as it is after an update of `fields` and one more timeline event. */
function applied<D extends Tracked<unknown>>(doc: D, fields: Record<string, unknown>, event: unknown): D {
  const updated = withFields(doc, fields);
  updated.timeline = [...doc.timeline, event];
  updated.version = doc.version + 1;
  return updated;
}

/**
 * Writes one step: the new fields, the timeline event and the event's notices (with any other `records` the step
 * leaves, into the document's outbox) in ONE conditional update on the version the step was computed from — no
 * state without its event or notice, and a concurrent step makes this one fail with CONFLICT instead of
 * overwriting it.
 */
export async function commitStep<D extends Tracked<unknown>, E extends { id: string; at: string }>(
  db: Database,
  collection: CollectionName,
  doc: D,
  fields: Record<string, unknown>,
  event: E,
  notice: Notice | null,
  conflictMessage = '刚刚被他人处理，请刷新后重试',
  records: OutboxEntry[] = [],
): Promise<D> {
  const _ = db.command;
  const notices = [...(notice ? noticesOf(event.id, notice, event.at) : []), ...records];
  const res = await db
    .collection(collection)
    .where({ _id: doc._id, version: doc.version })
    .update({ ...replacing(db, fields), version: _.inc(1), timeline: _.push([event]), ...pushOutbox(db, notices) });
  if (res.updated !== 1) throw new AppError('CONFLICT', conflictMessage);
  return applied(doc, fields, event);
}

/**
 * A timer's pass over due documents: for each, the step its machine says is due now (or none), taken as the
 * system. A document someone changed meanwhile (CONFLICT) is left for the next pass. Counts what it did.
 */
export async function takeDueSteps<D, A extends string>(
  docs: readonly D[],
  dueAction: (doc: D) => A | null,
  take: (doc: D, action: A) => Promise<unknown>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = { conflicts: 0 };
  for (const doc of docs) {
    const action = dueAction(doc);
    if (!action) continue;
    try {
      await take(doc, action);
      counts[action] = (counts[action] ?? 0) + 1;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') counts.conflicts += 1;
      else throw error;
    }
  }
  return counts;
}

/**
 * A sweep timer: every `everyMinutes`, the documents `due` finds take the step their machine says is due now, as
 * the system (takeDueSteps). It answers a count for each of `actions` (zero included) and the conflicts.
 */
export function sweepTimer<D, A extends string>(spec: {
  summary: string;
  everyMinutes: number;
  actions: readonly A[];
  due: (db: Database, at: Date) => Promise<D[]>;
  dueAction: (doc: D, at: Date) => A | null;
  step: Step<D, A, 'system'>;
}): TimerSpec {
  return {
    summary: spec.summary,
    everyMinutes: spec.everyMinutes,
    async run({ db, now }) {
      const at = now();
      const counts = await takeDueSteps(
        await spec.due(db, at),
        (doc) => spec.dueAction(doc, at),
        (doc, action) => spec.step(db, doc, action, 'system', at, BY_SYSTEM),
      );
      return { ...Object.fromEntries(spec.actions.map((action) => [action, 0])), ...counts };
    },
  };
}

// ── the one generic machine step ─────────────────────────────────────────────────────────────────────────────

/** What a machine answers for a step: the document's next machine state and the step's time and reason, or why not. */
export type MachineAnswer<N> =
  { ok: true; next: N; at: string; reason: string } | { ok: false; code: ErrorCode; message: string };

/** Who takes a step, and what he gives with it. */
export interface StepOptions {
  actorId: string;
  actorName: string;
  reason?: string;
  /** Photos the step shows (发回重办: what is still wrong), kept with its timeline event. */
  photos?: string[];
  /** Other fields the step sets, in the same write (the unit dispatched to, a rating…). */
  set?: Record<string, unknown>;
  /**
   * More fields to set, decided only once the machine allows the step: its photos submitted for review (a refused
   * step must send nothing).
   */
  allowedSet?: () => Promise<Record<string, unknown>>;
}

/** The timers' steps are the system's. */
export const BY_SYSTEM: StepOptions = { actorId: 'system', actorName: '系统' };

/** The timeline event every step writes; a workflow may add fields of its own (a complaint's levels). */
export interface StepEvent<A extends string = string, S extends string = string, R extends string = string> {
  id: string;
  action: A;
  from: S;
  to: S;
  role: R;
  actorId: string;
  actorName: string;
  at: string;
  reason: string;
  photos: string[];
}

/** A step about to be written: what its audiences, labels and outbox records are decided from. */
export interface Change<D, A, R, N, P> {
  before: D;
  /** The document as the write leaves its fields (the unit just dispatched to, a department just chosen). */
  after: D;
  action: A;
  actor: R;
  next: N;
  /** What `prepare` decided before the write. */
  prepared: P;
  event: StepEvent;
}

/** A stored document a machine moves: its state is `status`. */
export type MachineDoc<S extends string> = Tracked<unknown> & { status: S };

/**
 * A workflow: how one kind of document takes a step of its machine. Everything that differs between orders and
 * complaints is a parameter — the machine (with the document's snapshot), the fields its next state sets, who hears
 * of it and in what words — the rest (refusal → AppError, the timeline event, the one conditional write with its
 * notices) is `defineStep`'s.
 */
export interface Workflow<D extends MachineDoc<S>, S extends string, A extends string, R extends string, N, X, P> {
  collection: CollectionName;
  /** What the step's notices are about. */
  subject: NotificationDoc['subject']['type'];
  /** The CONFLICT sentence when someone else changed the document first. */
  conflictMessage: string;
  /** The machine's answer for the stored document (its snapshot is the workflow's business). */
  transition(doc: D, action: A, actor: R, context: { at: Date; reason?: string }): MachineAnswer<N & { state: S }>;
  /**
   * What must be decided (and may be read) once the machine allows the step and before the write — a complaint
   * climbing to 部门报到 picks the department. `options` are the step's own, with the workflow's extras `X`.
   */
  prepare?(db: Database, doc: D, next: N, options: StepOptions & X): Promise<P>;
  /** The fields the next machine state sets (with what `prepare` decided); `updatedAt` and `options.set` follow. */
  fields(doc: D, next: N, prepared: P): Record<string, unknown>;
  /** The timeline event as this workflow stores it, from the common one. */
  event?(base: StepEvent<A, S, R>, doc: D, next: N): StepEvent<A, S, R>;
  /** Who hears of the step. */
  audiences(change: Change<D, A, R, N, P>): Audience[];
  /** The notice's title. */
  title(change: Change<D, A, R, N, P>): string;
  /** The kind of event, where a subscription message template exists for it (none: the inbox only). */
  kind?(change: Change<D, A, R, N, P>): NoticeKind | undefined;
  /** The step's name, the notice body's start (its reason follows). */
  label(change: Change<D, A, R, N, P>): string;
  /** Other records the step owes (a closing order's points), into the outbox with its notices. */
  records?(change: Change<D, A, R, N, P>): OutboxEntry[];
  /** After the write landed (it cannot be undone: a failure here must not fail the step). */
  committed?(db: Database, updated: D, records: OutboxEntry[]): Promise<void>;
}

/** One step of a workflow's machine on a document, as `actor`, at `now`. */
export type Step<D, A, R, X = object> = (
  db: Database,
  doc: D,
  action: A,
  actor: R,
  now: Date,
  options: StepOptions & X,
) => Promise<D>;

/**
 * The step of a workflow: checks it with the machine (a refusal is an AppError with the machine's code and
 * sentence), decides what must be decided first, and writes state, fields, the timeline event, its notices and the
 * step's records in one conditional update (commitStep).
 */
export function defineStep<D extends MachineDoc<S>, S extends string, A extends string, R extends string, N, X, P>(
  workflow: Workflow<D, S, A, R, N, X, P>,
): Step<D, A, R, X> {
  return async (db, doc, action, actor, now, options) => {
    const answer = workflow.transition(doc, action, actor, { at: now, reason: options.reason });
    if (!answer.ok) throw new AppError(answer.code, answer.message);
    const { next } = answer;
    const [prepared, allowed] = await Promise.all([
      workflow.prepare?.(db, doc, next, options) as Promise<P>,
      options.allowedSet?.() ?? {},
    ]);
    const base: StepEvent<A, S, R> = {
      id: nextEventId(doc),
      action,
      from: doc.status,
      to: next.state,
      role: actor,
      actorId: options.actorId,
      actorName: options.actorName,
      at: answer.at,
      reason: answer.reason,
      photos: options.photos ?? [],
    };
    const event = workflow.event?.(base, doc, next) ?? base;
    const fields = { ...workflow.fields(doc, next, prepared), updatedAt: event.at, ...options.set, ...allowed };
    // The document after the step decides who hears of it (e.g. the unit it was just dispatched to).
    const change: Change<D, A, R, N, P> = {
      before: doc,
      after: withFields(doc, fields),
      action,
      actor,
      next,
      prepared,
      event,
    };
    const records = workflow.records?.(change) ?? [];
    const notice: Notice = {
      audiences: workflow.audiences(change),
      subject: { type: workflow.subject, id: doc._id },
      title: workflow.title(change),
      kind: workflow.kind?.(change),
      body: `${workflow.label(change)}${event.reason ? `：${event.reason}` : ''}`,
    };
    const updated = await commitStep(
      db,
      workflow.collection,
      doc,
      fields,
      event,
      notice,
      workflow.conflictMessage,
      records,
    );
    await workflow.committed?.(db, updated, records);
    return updated;
  };
}

/** What a step action's access rule hands the handler: the document, and the role the caller takes the step in. */
export interface Acting<D, R> {
  doc: D;
  actor: R;
}

/** What a step action's options are computed from. */
export interface StepContext<D> {
  doc: D;
  caller: Caller;
  db: Database;
  now: Date;
  loaded: Loaded;
}

/** Reads a kind of step needs with the caller, and the step options they give (a climb: the departments). */
export interface StepReads<X> {
  lookups: (input: never) => Lookups;
  options: (loaded: Loaded) => Partial<X>;
}

/** A state-changing action: its access rule, what it reads with the caller, and its handler (one step). */
export interface StepActionImpl<I, O> {
  access: Access;
  reads?: (input: I) => Lookups;
  handler(input: I, ctx: ActionContext): Promise<O>;
}

/**
 * The factory of a workflow's step actions. `stepAction(action, options?, reads?)` is the action that takes that
 * one step: access from `access(action)` (its subject an `Acting`), what it reads with the caller (`reads` of the
 * kind of step, and the action's own), then the step as the caller — his name, and whatever `options` takes from
 * the input — answered with the document as `view` shows it to him.
 */
export function stepActions<D, A, R, X, O>(config: {
  step: Step<D, A, R, X>;
  access: (action: A) => Access;
  view: (doc: D, caller: Caller, at: Date) => O;
  reads?: (action: A) => StepReads<X> | undefined;
}) {
  return <I>(
    action: A,
    options: (
      input: I,
      ctx: StepContext<D>,
    ) => Partial<StepOptions & X> | Promise<Partial<StepOptions & X>> = () => ({}),
    reads?: (input: I) => Lookups,
  ): StepActionImpl<I, O> => {
    const kind = config.reads?.(action);
    const lookups =
      kind || reads ? (input: I): Lookups => ({ ...kind?.lookups(input as never), ...reads?.(input) }) : undefined;
    return {
      access: config.access(action),
      ...(lookups && { reads: lookups }),
      async handler(input, { caller, db, now, subject, loaded }) {
        const { doc, actor } = subject as Acting<D, R>;
        const at = now();
        const own = await options(input, { doc, caller, db, now: at, loaded });
        const updated = await config.step(db, doc, action, actor, at, {
          actorId: caller.openid,
          actorName: actorName(caller),
          ...kind?.options(loaded),
          ...own,
        } as StepOptions & X);
        return config.view(updated, caller, at);
      },
    };
  };
}
