import type { NoticeKind, NoticeSubject } from '../../miniprogram/shared/notices/templates';
import { COLLECTIONS } from './db';
import type { OutboxEntry } from './outbox';
import { stableId } from './records';

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
  /** What it is about: an order, a complaint, a meeting, a topic. */
  subject: NoticeSubject;
  title: string;
  body: string;
  createdAt: string;
  /** The kind of event, when a subscription message template exists for it (none: the inbox only). */
  kind?: NoticeKind;
  /** Filled in by the sending channel; records exist before any channel does. */
  sentAt: string | null;
}

export interface Notice {
  audiences: Audience[];
  subject: NotificationDoc['subject'];
  title: string;
  body: string;
  kind?: NoticeKind;
}

/**
 * The notification records of one event, one per audience, as outbox entries: they travel in the document the
 * event changed, written by the same write (see outbox.ts). `eventId` makes their ids stable.
 */
export function noticesOf(eventId: string, notice: Notice, at: string): OutboxEntry[] {
  return [...new Set(notice.audiences.map(audienceKey))].map((audience) => ({
    to: COLLECTIONS.notifications,
    doc: {
      _id: stableId('ntf', eventId, audience),
      audience,
      subject: notice.subject,
      title: notice.title,
      body: notice.body,
      createdAt: at,
      ...(notice.kind && { kind: notice.kind }),
      sentAt: null,
    } satisfies NotificationDoc,
  }));
}
