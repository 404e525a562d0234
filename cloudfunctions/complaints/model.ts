/**
 * The complaint document (物业投诉) as stored, what the machine sees of it, its id, and the builder of a new one.
 *
 * One open complaint per compound and category, without a lock document: the complaints of a compound and category
 * are numbered (`seq`), and the n-th one's id is derived from compound, category and n (`complaintIdOf`).
 */
import type { IntakeChannel, TakenBy } from '../../miniprogram/shared/intake';
import {
  COMPLAINT_STATES,
  newComplaint,
  type ComplaintAction,
  type ComplaintCategory,
  type ComplaintLevel,
  type ComplaintSnapshot,
  type ComplaintState,
} from '../../miniprogram/shared/complaints/machine';
import type { Actor } from '../../miniprogram/shared/orders/machine';
import type { Building, Community, Compound } from '../../miniprogram/shared/schemas/places';
import type { Caller } from '../lib/caller';
import { COLLECTIONS, type Database } from '../lib/db';
import type { PhotoReviews, PhotoTarget } from '../lib/media';
import { stableId } from '../lib/records';

const STATES = Object.keys(COMPLAINT_STATES) as ComplaintState[];
export const OPEN = STATES.filter((s) => COMPLAINT_STATES[s].category === 'open');
export const CLOSED = STATES.filter((s) => COMPLAINT_STATES[s].category === 'closed');

/** The order states in which a proactive order (未诉先办) is still open: a new complaint links to it. */
export const OPEN_ORDER_STATES = ['submitted', 'dispatched', 'accepted', 'published', 'completed'];

/** Up to this many documents in one read (the sdk's maximum): departments, companies, a window's complaints. */
export const PAGE = 1000;

export interface EventDoc {
  id: string;
  action: ComplaintAction | 'create' | 'me_too';
  from: ComplaintState;
  to: ComplaintState;
  fromLevel: ComplaintLevel;
  toLevel: ComplaintLevel;
  role: Actor;
  actorId: string;
  actorName: string;
  at: string;
  reason: string;
  photos: string[];
}

export interface ComplaintDoc {
  /** `complaintIdOf(compoundId, category, seq)`. */
  _id: string;
  /** Its number among the complaints of its compound and category. */
  seq: number;
  /** The filer's request that made it: his retry finds it. */
  requestId: string;
  filerId: string;
  filerName: string;
  filerPhone: string;
  publicName: boolean;
  /** 附议: neighbours who joined. */
  supporters: string[];
  streetId: string;
  communityId: string;
  communityName: string;
  gridId: string;
  compoundId: string;
  compoundName: string;
  buildingId: string;
  /** The building's name when it was filed (a proactive order opened from its hotspot is placed there). */
  buildingName: string;
  companyId: string | null;
  companyName: string;
  departmentId: string | null;
  departmentName: string;
  /** Whose inbox holds it now: the company or department (unit id), the community, or the street. */
  handlerId: string;
  category: ComplaintCategory;
  tier: ComplaintSnapshot['tier'];
  description: string;
  photos: string[];
  status: ComplaintState;
  level: ComplaintLevel;
  createdAt: string;
  stateSince: string;
  levelSince: string;
  deadline: string | null;
  escalations: number;
  answer: { level: ComplaintLevel; notes: string; photos: string[]; at: string } | null;
  rating: { stars: number; comment: string; at: string } | null;
  closingReason: string | null;
  proactiveOrderId: string | null;
  /** Its photos' reviews by WeChat (lib/media.ts); absent on complaints from before reviews. */
  photoReviews?: PhotoReviews;
  /** How it reached us (shared/intake.ts); absent: the mini-program. */
  channel?: IntakeChannel;
  /** Staff who took it down for the resident (代办); absent when he filed it himself. */
  takenBy?: TakenBy;
  timeline: EventDoc[];
  version: number;
  updatedAt: string;
}

/** What the machine (shared/complaints/machine) sees of a complaint. */
export const snapshot = (c: ComplaintDoc): ComplaintSnapshot => ({
  state: c.status,
  level: c.level,
  tier: c.tier,
  createdAt: c.createdAt,
  stateSince: c.stateSince,
  levelSince: c.levelSince,
  deadline: c.deadline,
  escalations: c.escalations,
});

export const isOpen = (c: ComplaintDoc) => COMPLAINT_STATES[c.status].category === 'open';

/** The n-th complaint of a compound in a category: everyone filing it computes the same id, so one insert wins. */
export const complaintIdOf = (compoundId: string, category: ComplaintCategory, seq: number) =>
  stableId('cpl', compoundId, category, String(seq));

export async function findComplaint(db: Database, id: string): Promise<ComplaintDoc | undefined> {
  const res = await db.collection(COLLECTIONS.complaints).where({ _id: id }).limit(1).get();
  return res.data[0] as ComplaintDoc | undefined;
}

/** What a new complaint is made of: the filer's request and the places it was filed about. */
export interface Filing {
  caller: Caller;
  requestId: string;
  category: ComplaintCategory;
  description: string;
  photos: string[];
  publicName: boolean;
  building: Building;
  community: Community;
  compound: Compound;
  /** The open proactive order (未诉先办) of its compound and category, which it joins. */
  proactiveOrderId: string | null;
  at: Date;
}

/** The `seq`-th complaint of the filing's compound and category, as first stored: filed, with its 投诉 event. */
/** Where a complaint's photos are reviewed and what the review's notice opens. */
export const complaintPhotos = (id: string): PhotoTarget => ({
  collection: COLLECTIONS.complaints,
  id,
  notice: { type: 'complaint', id },
});

export function newComplaintDoc(f: Filing, seq: number): ComplaintDoc {
  const user = f.caller.user!;
  const { building, community, compound } = f;
  const id = complaintIdOf(compound._id, f.category, seq);
  const companyId = compound.propertyCompanyId;
  const start = newComplaint(f.category, companyId, f.at);
  return {
    _id: id,
    seq,
    requestId: f.requestId,
    filerId: f.caller.openid,
    filerName: user.name,
    filerPhone: user.phone ?? '',
    publicName: f.publicName,
    supporters: [],
    streetId: building.streetId,
    communityId: community._id,
    communityName: community.name,
    gridId: building.gridId,
    compoundId: compound._id,
    compoundName: compound.name,
    buildingId: building._id,
    buildingName: building.name,
    companyId,
    companyName: compound.propertyCompanyName,
    departmentId: null,
    departmentName: '',
    handlerId: companyId ?? community._id,
    category: f.category,
    tier: start.tier,
    description: f.description,
    photos: f.photos,
    status: start.state,
    level: start.level,
    createdAt: start.createdAt,
    stateSince: start.stateSince,
    levelSince: start.levelSince,
    deadline: start.deadline,
    escalations: 0,
    answer: null,
    rating: null,
    closingReason: null,
    proactiveOrderId: f.proactiveOrderId,
    timeline: [
      {
        id: `${id}-e1`,
        action: 'create',
        from: 'filed',
        to: 'filed',
        fromLevel: start.level,
        toLevel: start.level,
        role: 'resident',
        actorId: f.caller.openid,
        actorName: user.name,
        at: start.createdAt,
        reason: '',
        photos: [],
      },
    ],
    version: 1,
    updatedAt: start.createdAt,
  };
}
