import type { CollectionName, Database } from './db';
import { insertOnce, isDuplicateKey } from './records';
import type { TimerSpec } from './router';

/**
 * A record another collection must get because a document changed (a notification, a points ledger line). It
 * travels in the changed document's `outbox`, written by the same single-document write as the change: nothing is
 * announced that did not happen, nothing that happened goes unannounced, and the request spends no extra round
 * trip. The `deliver` timer moves entries to their collections; their ids are stable, so delivering twice adds
 * nothing.
 */
export interface OutboxEntry {
  to: CollectionName;
  doc: { _id: string } & Record<string, unknown>;
}

export interface Outbox {
  outbox: OutboxEntry[];
  /** How many entries wait in `outbox`: the deliver timer's indexed query. */
  outboxSize: number;
}

/** The outbox fields of a new document. */
export const outboxOf = (entries: OutboxEntry[]): Outbox => ({ outbox: entries, outboxSize: entries.length });

/** The update that appends entries to a document's outbox (nothing when there are none). */
export function pushOutbox(db: Database, entries: OutboxEntry[]): Record<string, unknown> {
  if (entries.length === 0) return {};
  return { outbox: db.command.push(entries), outboxSize: db.command.inc(entries.length) };
}

/** Documents one delivery pass reads. */
const OUTBOX_PAGE = 100;

/**
 * Timer work: delivers the waiting entries of `collection`'s documents. A document's outbox is cleared only if it
 * is still the one delivered (same size, same first entry: entries are only ever appended and their ids are
 * unique), so an entry appended meanwhile waits for the next pass.
 */
export async function deliverOutbox(
  db: Database,
  collection: CollectionName,
): Promise<{ documents: number; moved: number }> {
  const _ = db.command;
  const res = await db
    .collection(collection)
    .where({ outboxSize: _.gt(0) })
    .limit(OUTBOX_PAGE)
    .get();
  let delivered = 0;
  for (const doc of res.data as Array<{ _id: string } & Outbox>) {
    if (!doc.outbox?.length) continue;
    const byCollection = new Map<CollectionName, OutboxEntry['doc'][]>();
    for (const entry of doc.outbox) byCollection.set(entry.to, [...(byCollection.get(entry.to) ?? []), entry.doc]);
    for (const [to, docs] of byCollection) await insertAll(db, to, docs);
    const cleared = await db
      .collection(collection)
      .where({ _id: doc._id, outboxSize: doc.outbox.length, 'outbox.0.doc._id': doc.outbox[0].doc._id })
      .update({ outbox: _.set([]), outboxSize: 0 });
    if (cleared.updated === 1) delivered += doc.outbox.length;
  }
  return { documents: res.data.length, moved: delivered };
}

/**
 * Inserts records under their stable ids in one request; when some are already there (delivered before, or written
 * straight away by the request), the rest are added one by one.
 */
export async function insertAll(
  db: Database,
  collection: CollectionName,
  docs: ReadonlyArray<OutboxEntry['doc']>,
): Promise<void> {
  if (docs.length === 0) return;
  try {
    await db.collection(collection).add([...docs]);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    for (const doc of docs) await insertOnce(db, collection, doc);
  }
}

/** Pages of 100 documents one run may deliver per collection: a busy minute's backlog, within a timer's time. */
const PAGES_PER_RUN = 20;

/** The timer that delivers a function's outboxes (a CloudBase timer trigger, every minute). */
export const deliveryTimer = (...collections: CollectionName[]): TimerSpec => ({
  summary: '投递待发记录（通知、积分）',
  everyMinutes: 1,
  async run({ db }) {
    let delivered = 0;
    for (const collection of collections) {
      // Another page while the last one was full and moved something (a page of outboxes that cannot be cleared
      // right now — changed meanwhile — waits for the next run instead of spinning).
      for (let page = 0; page < PAGES_PER_RUN; page += 1) {
        const { documents, moved } = await deliverOutbox(db, collection);
        delivered += moved;
        if (documents < OUTBOX_PAGE || moved === 0) break;
      }
    }
    return { delivered };
  },
});
