/**
 * `requests.json` and `requests/{id}.json`: orders of the public services, read with a projection of only the
 * fields the open API shows (core's PublicOrderFields), and their compounds' names: two round trips a page.
 */
import { ORDER_STATE_NAMES, isClosed, type OrderState } from '../../miniprogram/shared/orders/machine';
import {
  toOpen311Request,
  type Open311Request,
  type PublicOrderFields,
} from '../../miniprogram/shared/open311/requests';
import type { Open311Status, RequestsQuery } from '../../miniprogram/shared/open311/query';
import { PUBLIC_SERVICE_CODES } from '../../miniprogram/shared/open311/services';
import { COLLECTIONS, type Database } from '../lib/db';
import { loadPlaces } from '../lib/records';

const FIELDS: ReadonlyArray<keyof PublicOrderFields> = [
  '_id',
  'categoryId',
  'tier',
  'status',
  'createdAt',
  'updatedAt',
  'deadline',
  'holder',
  'unitName',
  'communityName',
  'compoundId',
];
const projection = Object.fromEntries(FIELDS.map((field) => [field, true]));

const statesOf = (statuses: readonly Open311Status[]): OrderState[] =>
  ORDER_STATE_NAMES.filter((state) => statuses.includes(isClosed(state) ? 'closed' : 'open'));

async function withCompounds(db: Database, orders: PublicOrderFields[], now: Date): Promise<Open311Request[]> {
  const compounds = await loadPlaces(
    db,
    orders.map((order) => order.compoundId),
  );
  return orders.map((order) => toOpen311Request(order, compounds.get(order.compoundId)?.name ?? '', now));
}

/** One page of the window's requests, newest first. */
export async function listRequests(db: Database, query: RequestsQuery, now: Date): Promise<Open311Request[]> {
  const _ = db.command;
  const where: Record<string, unknown> = query.ids
    ? { _id: _.in(query.ids), categoryId: _.in([...PUBLIC_SERVICE_CODES]) }
    : {
        categoryId: _.in([...(query.serviceCodes ?? PUBLIC_SERVICE_CODES)]),
        createdAt: _.gte(query.start.toISOString()).and(_.lte(query.end.toISOString())),
        ...(query.statuses && query.statuses.length === 1 && { status: _.in(statesOf(query.statuses)) }),
      };
  const res = await db
    .collection(COLLECTIONS.orders)
    .where(where)
    .orderBy('createdAt', 'desc')
    .field(projection)
    .skip((query.page - 1) * query.pageSize)
    .limit(query.pageSize)
    .get();
  return withCompounds(db, res.data as PublicOrderFields[], now);
}

/** One request by id; null when there is none, or it is not of a public service (the two are not told apart). */
export async function getRequest(db: Database, id: string, now: Date): Promise<Open311Request | null> {
  const _ = db.command;
  const res = await db
    .collection(COLLECTIONS.orders)
    .where({ _id: id, categoryId: _.in([...PUBLIC_SERVICE_CODES]) })
    .field(projection)
    .limit(1)
    .get();
  const [found] = await withCompounds(db, res.data as PublicOrderFields[], now);
  return found ?? null;
}
