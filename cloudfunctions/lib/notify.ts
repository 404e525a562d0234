import { COLLECTIONS, type Database } from './db';
import { insertOnce, isDuplicateKey, stableId } from './records';

/**
 * Who a notification is for. Addressing a group (a unit, a community's staff, its party members, a street)
 * rather than each person keeps a status change to one write; the sending channel (subscription messages)
 * expands a group to its members when it sends.
 */
export type Audience =
  | { kind: 'user'; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'community_staff'; id: string }
  | { kind: 'party_members'; id: string }
  | { kind: 'street_staff'; id: string }
  /** Every household bound to a compound (未诉先办 tells the whole compound what the community is doing). */
  | { kind: 'compound_residents'; id: string };

export const audienceKey = (audience: Audience) => `${audience.kind}:${audience.id}`;

export interface NotificationDoc {
  _id: string;
  audience: string;
  /** What it is about: an order, a complaint, a meeting. */
  subject: { type: 'order' | 'complaint' | 'meeting'; id: string };
  title: string;
  body: string;
  createdAt: string;
  /** Filled in by the sending channel; records exist before any channel does. */
  sentAt: string | null;
}

export interface Notice {
  audiences: Audience[];
  subject: NotificationDoc['subject'];
  title: string;
  body: string;
}

/**
 * Leaves the notification records of one event. `eventId` makes them idempotent: writing the same event's
 * notices again (a retried request, the timer catching up) adds nothing.
 */
export async function notify(db: Database, eventId: string, notice: Notice, at: string): Promise<void> {
  const keys = [...new Set(notice.audiences.map(audienceKey))];
  const docs: NotificationDoc[] = keys.map((audience) => ({
    _id: stableId('ntf', eventId, audience),
    audience,
    subject: notice.subject,
    title: notice.title,
    body: notice.body,
    createdAt: at,
    sentAt: null,
  }));
  if (docs.length === 0) return;
  try {
    await db.collection(COLLECTIONS.notifications).add(docs);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // Some were written before: add the rest one by one.
    for (const doc of docs) await insertOnce(db, COLLECTIONS.notifications, doc);
  }
}
