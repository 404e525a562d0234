/**
 * The stored shape of a service order, and the one way an order is opened — by a resident (orders.create), for a
 * complaint hotspot (未诉先办) or for a council resolution: the same document, the same first timeline line, the
 * same notice to the community, the same idempotent insert.
 */
import type { OrderDetail } from '../../miniprogram/shared/api/orders';
import { INTAKE_CHANNELS, type IntakeChannel, type TakenBy } from '../../miniprogram/shared/intake';
import { categoryLabel, type ServiceCategory } from '../../miniprogram/shared/orders/catalogue';
import {
  newOrder,
  type Actor,
  type Holder,
  type OrderAction,
  type OrderSnapshot,
  type OrderState,
} from '../../miniprogram/shared/orders/machine';
import { type ClaimState } from '../../miniprogram/shared/orders/tasks';
import type { LedgerKind } from '../../miniprogram/shared/orders/points';
import type { Building, Community } from '../../miniprogram/shared/schemas/places';
import { COLLECTIONS, type Database } from './db';
import type { PhotoReviews, PhotoTarget } from './media';
import { noticesOf, type Audience } from './notify';
import { outboxOf } from './outbox';
import { insertOnce } from './records';

// ── documents ────────────────────────────────────────────────────────────────────────────────────────────────

export interface TimelineDoc {
  id: string;
  action: OrderAction | 'create';
  from: OrderState;
  to: OrderState;
  role: Actor;
  actorId: string;
  actorName: string;
  at: string;
  reason: string;
  /** What the step showed (发回重办's photos); absent on events written before steps kept them. */
  photos?: string[];
}

export interface ClaimDoc {
  userId: string;
  name: string;
  state: ClaimState;
  claimedAt: string;
  checkedInAt: string | null;
  /** 签退; absent on claims made before check-out existed. */
  checkedOutAt?: string | null;
  reportedAt: string | null;
  notes: string;
  photos: string[];
}

export interface TaskDoc {
  id: string;
  title: string;
  description: string;
  place: string;
  slots: number;
  /** Slots not held by an active claim: the claim condition. */
  free: number;
  startAt: string;
  endAt: string;
  /** Everyone who ever claimed (my tasks), and those who hold a slot now. */
  claimants: string[];
  active: string[];
  /** Claims of this round by OPENID. */
  claims: Record<string, ClaimDoc>;
  /**
   * The reported claims of earlier rounds: 发回重办 has the task published again, their work still counts. Absent on
   * tasks published before rounds were kept (existing data directories).
   */
  earlierReports?: ClaimDoc[];
  publisherName: string;
  createdAt: string;
}

export interface RatingDoc {
  stars: number;
  comment: string;
  at: string;
  /** The staff member who recorded a rating the resident gave by phone (代录); absent when he rated himself. */
  recordedBy?: string;
}

export interface OrderDoc {
  _id: string;
  residentId: string;
  residentName: string;
  residentPhone: string;
  streetId: string;
  communityId: string;
  communityName: string;
  gridId: string;
  compoundId: string;
  propertyCompanyId: string | null;
  buildingId: string;
  place: string;
  categoryId: string;
  tier: OrderSnapshot['tier'];
  description: string;
  photos: string[];
  preferredTime: OrderDetail['preferredTime'];
  contact: OrderDetail['contact'];
  privateContact: boolean;
  status: OrderState;
  createdAt: string;
  stateSince: string;
  deadline: string | null;
  holder: Holder | null;
  unitId: string | null;
  unitName: string;
  reworkCount: number;
  escalatedAt: string | null;
  completion: { notes: string; photos: string[]; at: string } | null;
  ratings: { resident: RatingDoc | null; community: RatingDoc | null };
  task: TaskDoc | null;
  timeline: TimelineDoc[];
  /** Why it exists: a resident asked, a complaint hotspot (未诉先办), or a council resolution. */
  origin: OrderOrigin;
  /** How it reached us (shared/intake.ts); absent on orders from before channels: the mini-program. */
  channel?: IntakeChannel;
  /**
   * Staff who took it down for the resident (代办); null or absent when he asked himself. For a resident recorded by
   * name and phone, `residentId` is empty: the order is nobody's to open in the mini-program.
   */
  takenBy?: TakenBy | null;
  /** Its photos' reviews by WeChat (lib/media.ts); absent on orders from before reviews. */
  photoReviews?: PhotoReviews;
  /** Bumped by every transition: the condition of the next one. */
  version: number;
  updatedAt: string;
}

/** Where an order's photos are reviewed and what the review's notice opens. */
export const orderPhotos = (id: string): PhotoTarget => ({
  collection: COLLECTIONS.orders,
  id,
  notice: { type: 'order', id },
});

export interface LedgerDoc {
  _id: string;
  userId: string;
  kind: LedgerKind;
  delta: number;
  orderId: string | null;
  note: string;
  at: string;
}

export type OrderOrigin =
  | { kind: 'resident' }
  | { kind: 'hotspot'; hotspotKey: string; complaintCategory: string; compoundId: string }
  | { kind: 'resolution'; meetingId: string; resolutionId: string };

export interface NewOrder {
  id: string;
  /** Who ordered: the resident, or the staff member who opened it for the households. */
  resident: { id: string; name: string; phone: string; role?: Actor };
  building: Building;
  community: Community;
  propertyCompanyId: string | null;
  address?: string;
  category: ServiceCategory;
  description: string;
  photos: string[];
  preferredTime: OrderDetail['preferredTime'];
  contact: OrderDetail['contact'];
  privateContact: boolean;
  origin?: OrderOrigin;
  /** Omitted: the mini-program. */
  channel?: IntakeChannel;
  /** 代办: the staff member who takes it down; the first line of the timeline is his. */
  takenBy?: TakenBy;
  at: Date;
}

/** A new order, waiting for the community, with the first line of its timeline. */
export function buildOrder(input: NewOrder): OrderDoc {
  const start = newOrder(input.category.tier, input.at);
  return {
    _id: input.id,
    residentId: input.resident.id,
    residentName: input.resident.name,
    residentPhone: input.resident.phone,
    streetId: input.building.streetId,
    communityId: input.community._id,
    communityName: input.community.name,
    gridId: input.building.gridId,
    compoundId: input.building.compoundId,
    propertyCompanyId: input.propertyCompanyId,
    buildingId: input.building._id,
    place: [input.building.name, input.address].filter(Boolean).join(' '),
    categoryId: input.category.id,
    tier: input.category.tier,
    description: input.description,
    photos: input.photos,
    preferredTime: input.preferredTime,
    contact: input.contact,
    privateContact: input.privateContact,
    status: start.state,
    createdAt: start.createdAt,
    stateSince: start.stateSince,
    deadline: start.deadline,
    holder: null,
    unitId: null,
    unitName: '',
    reworkCount: 0,
    escalatedAt: null,
    completion: null,
    ratings: { resident: null, community: null },
    task: null,
    timeline: [
      {
        id: `${input.id}-e1`,
        action: 'create',
        from: 'submitted',
        to: 'submitted',
        role: input.takenBy?.role ?? input.resident.role ?? 'resident',
        actorId: input.takenBy?.id ?? input.resident.id,
        actorName: input.takenBy?.name ?? input.resident.name,
        at: start.createdAt,
        reason: input.takenBy ? INTAKE_CHANNELS[input.channel ?? 'mini_program'].tag : '',
      },
    ],
    origin: input.origin ?? { kind: 'resident' },
    channel: input.channel ?? 'mini_program',
    takenBy: input.takenBy ?? null,
    version: 1,
    updatedAt: start.createdAt,
  };
}

/** Who hears of a new order besides the community that will handle it, and how it is worded to them. */
export interface OpeningNotice {
  audiences: Audience[];
  title: string;
  body: string;
}

/** The notice of a new order when its origin says nothing else: the community's staff, who will handle it. */
const toCommunity = (order: OrderDoc): OpeningNotice => ({
  audiences: [{ kind: 'community_staff', id: order.communityId }],
  title: `新工单：${categoryLabel(order.categoryId)}`,
  body: `${order.place}，${Array.from(order.description).slice(0, 30).join('')}`,
});

/**
 * Opens an order: builds it and inserts it with its notice in its outbox (one document: a retry finds both or
 * neither). The id is the caller's to make stable (from the request), so a retry finds the order the first request
 * wrote; `created` says whether this call wrote it (when not, `order` is what this call would have written, and the
 * stored one is the caller's to read if it needs it). `stored` are fields kept with the order for its origin's own
 * bookkeeping (the request that made it).
 */
export async function openOrder(
  db: Database,
  input: NewOrder,
  options: { notice?: OpeningNotice; stored?: Record<string, unknown> } = {},
): Promise<{ order: OrderDoc; created: boolean }> {
  const order = buildOrder(input);
  const notice = options.notice ?? toCommunity(order);
  const first = order.timeline[0];
  const notices = noticesOf(first.id, { ...notice, subject: { type: 'order', id: order._id } }, first.at);
  const created = await insertOnce(db, COLLECTIONS.orders, { ...order, ...options.stored, ...outboxOf(notices) });
  return { order, created };
}
