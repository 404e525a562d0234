import { AppError } from '../../miniprogram/shared/errors';
import type { CollectionName, Database } from './db';
import { noticesOf, type Notice } from './notify';
import { pushOutbox, type OutboxEntry } from './outbox';

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
function applied<D extends Tracked<E>, E>(doc: D, fields: Record<string, unknown>, event: E): D {
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
export async function commitStep<D extends Tracked<E>, E extends { id: string; at: string }>(
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
