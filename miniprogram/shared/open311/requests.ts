/**
 * An order as an Open311 GeoReport v2 service request (`requests.json`, `requests/{id}.json`).
 *
 * What is public of an order is what a passer-by could see on a notice board: what kind of matter, in which
 * compound of which community, its state, who holds it and by when it is due. Never a person (the resident's
 * name, phone or OPENID, a volunteer, a staff member), never the household (building, unit, door number), never
 * what the resident wrote or photographed (he wrote it for the people who help him, not for the city's open data:
 * "楼上独居的王奶奶…" names a neighbour). `description` is therefore the service and the place, not his words.
 * The product has no coordinates, so there is no `lat`/`long`.
 */
import { categoryLabel, resolveDeadline, tierLimitLabel, type TimeLimitTier } from '../orders/catalogue';
import { isClosed, isOverdue, ORDER_STATES, type Holder, type OrderState } from '../orders/machine';

/** The fields of a stored order that the open API reads; nothing else of it is ever read. */
export interface PublicOrderFields {
  _id: string;
  categoryId: string;
  tier: TimeLimitTier;
  status: OrderState;
  createdAt: string;
  updatedAt: string;
  deadline: string | null;
  holder: Holder | null;
  unitName: string;
  communityName: string;
  compoundId: string;
}

/** A service request as GeoReport v2 names its fields. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string;
  address: string;
  address_id: string;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** ISO 8601 with the offset the city lives in: `2026-11-02T09:00:00+08:00` (the spec wants an offset). */
export function chinaIso(at: string | Date): string {
  const ms = new Date(at).getTime();
  return `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** open or closed, as the order machine's states are categorised. */
export const open311Status = (state: OrderState): Open311Request['status'] => (isClosed(state) ? 'closed' : 'open');

/** The order's state in words, and whether its current time limit has passed. */
export function statusNotes(order: Pick<PublicOrderFields, 'status' | 'deadline'>, now: Date): string {
  const label = ORDER_STATES[order.status].label;
  return isOverdue({ state: order.status, deadline: order.deadline }, now) ? `${label}（已超时）` : label;
}

/**
 * Who answers for it now: the unit holding it, else the community (it reviews a new order and does 社区自办 work).
 * Units and communities are public bodies; a person is never named.
 */
export const agencyResponsible = (order: Pick<PublicOrderFields, 'holder' | 'unitName' | 'communityName'>): string =>
  order.holder === 'unit' && order.unitName ? order.unitName : order.communityName;

/** The place as the product shows it publicly: the community and the compound, never the building or the door. */
export const publicAddress = (communityName: string, compoundName: string): string =>
  [communityName, compoundName].filter(Boolean).join(' ');

/** The order as a service request; `compoundName` is its compound's name ('' when unknown). */
export function toOpen311Request(order: PublicOrderFields, compoundName: string, now: Date): Open311Request {
  const serviceName = categoryLabel(order.categoryId);
  const address = publicAddress(order.communityName, compoundName);
  return {
    service_request_id: order._id,
    status: open311Status(order.status),
    status_notes: statusNotes(order, now),
    service_name: serviceName,
    service_code: order.categoryId,
    description: `${serviceName}（${address}）`,
    agency_responsible: agencyResponsible(order),
    service_notice: tierLimitLabel(order.tier),
    requested_datetime: chinaIso(order.createdAt),
    updated_datetime: chinaIso(order.updatedAt),
    // The 办结 deadline of its tier, counted from the order (the step clocks in between are internal).
    expected_datetime: chinaIso(resolveDeadline(order.tier, order.createdAt)),
    address,
    address_id: order.compoundId,
  };
}
