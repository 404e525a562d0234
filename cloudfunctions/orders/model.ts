/**
 * The stored shape of a service order, and how a new one is made — shared by the orders function and by the
 * functions that open orders for others (未诉先办 hotspots, council resolutions).
 */
import type { OrderDetail } from '../../miniprogram/shared/api/orders';
import type { ServiceCategory } from '../../miniprogram/shared/orders/catalogue';
import {
  newOrder,
  type Actor,
  type ClaimState,
  type Holder,
  type OrderAction,
  type OrderSnapshot,
  type OrderState,
} from '../../miniprogram/shared/orders/machine';
import type { LedgerKind } from '../../miniprogram/shared/orders/points';
import type { Building, Community } from '../../miniprogram/shared/schemas/places';

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
  /** Bumped by every transition: the condition of the next one. */
  version: number;
  updatedAt: string;
}

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
        role: input.resident.role ?? 'resident',
        actorId: input.resident.id,
        actorName: input.resident.name,
        at: start.createdAt,
        reason: '',
      },
    ],
    origin: input.origin ?? { kind: 'resident' },
    version: 1,
    updatedAt: start.createdAt,
  };
}
