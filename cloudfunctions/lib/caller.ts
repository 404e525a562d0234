import type { RoleGrant } from '../../miniprogram/shared/roles';
import { COLLECTIONS, type CollectionName, type Database } from './db';

/** A user as stored: `_id` is the WeChat OPENID. */
export interface UserDoc {
  _id: string;
  name: string;
  phone?: string;
  /** The resident binding (居民): community → compound → building, with the street and grid they lie in. */
  streetId?: string;
  communityId?: string;
  compoundId?: string;
  buildingId?: string;
  gridId?: string;
  roles: RoleGrant[];
  createdAt: Date;
  updatedAt: Date;
}

/** Who is calling, as the cloud environment reports it; `user` is null until the caller registers. */
export interface Caller {
  openid: string;
  user: UserDoc | null;
}

/** The caller's name as a step records it (empty before he registers). */
export const actorName = (caller: Caller): string => caller.user?.name ?? '';

/**
 * Documents an action reads, fetched together with the caller: documents by id (`ids`), a query whose values come
 * from the input (`where`, with an optional sort and limit), or a join on one of the caller's own fields
 * (`callerField`, e.g. his building) matched against `field` of the other collection — optionally narrowed further
 * by conditions from the input, sorted and limited (e.g. the latest complaint of his compound in one category). All
 * match on indexed fields, as a query of their own would. A join on a field the caller does not have finds nothing.
 */
export type Lookup =
  | { collection: CollectionName; ids: ReadonlyArray<string | null | undefined> }
  | {
      collection: CollectionName;
      where: Record<string, unknown>;
      orderBy?: [field: string, direction: 'asc' | 'desc'];
      limit?: number;
    }
  | {
      collection: CollectionName;
      callerField: keyof UserDoc & string;
      field: string;
      where?: Record<string, unknown>;
      orderBy?: [field: string, direction: 'asc' | 'desc'];
      limit?: number;
    };

export type Lookups = Record<string, Lookup>;

/** What the lookups found, by name; each a list (empty when nothing matched). */
export type Loaded = Record<string, unknown[]>;

/**
 * The caller and every document the action declared it reads, in ONE round trip: his user record with each
 * lookup joined in (`$lookup`). When he has no user record yet there is nothing to join to: with `readWithoutUser`
 * (an action open to anyone) the input-driven lookups then run one query each (once, before he registers);
 * otherwise nothing is read for someone who will be refused anyway.
 */
export async function loadCaller(
  db: Database,
  openid: string,
  lookups: Lookups = {},
  { readWithoutUser = false } = {},
): Promise<{ caller: Caller; loaded: Loaded }> {
  const _ = db.command;
  const normal = Object.fromEntries(
    Object.entries(lookups).map(([name, lookup]) => [name, 'ids' in lookup ? byIds(_, lookup) : lookup]),
  ) as Record<string, Exclude<Lookup, { ids: unknown }>>;
  const names = Object.keys(normal).filter((name) => (normal[name] as { limit?: number }).limit !== 0);
  if (names.length === 0) {
    const res = await db.collection(COLLECTIONS.users).where({ _id: openid }).limit(1).get();
    // Lookups with no ids at all (an id the input reduced to nothing, say) found nothing: empty lists, not absent.
    return { caller: { openid, user: (res.data?.[0] as UserDoc | undefined) ?? null }, loaded: empty(lookups) };
  }
  let query = db.collection(COLLECTIONS.users).aggregate().match({ _id: openid });
  for (const name of names) {
    const lookup = normal[name];
    if ('callerField' in lookup && !lookup.where && !lookup.orderBy && !lookup.limit) {
      query = query.lookup({
        from: lookup.collection,
        localField: lookup.callerField,
        foreignField: lookup.field,
        as: name,
      });
    } else {
      // A sub-pipeline: the query (for a join, the caller's field as a variable, so the join can be narrowed,
      // sorted and limited too), then the sort and the limit.
      const $ = db.command.aggregate;
      const joined = 'callerField' in lookup ? _.expr($.eq([`$${lookup.field}`, '$$joined'])) : undefined;
      const where = joined && lookup.where ? _.and([joined, lookup.where]) : (joined ?? lookup.where!);
      let pipeline = $.pipeline().match(where);
      if (lookup.orderBy) pipeline = pipeline.sort({ [lookup.orderBy[0]]: lookup.orderBy[1] === 'asc' ? 1 : -1 });
      if (lookup.limit) pipeline = pipeline.limit(lookup.limit);
      query = query.lookup({
        from: lookup.collection,
        ...('callerField' in lookup && { let: { joined: `$${lookup.callerField}` } }),
        pipeline: pipeline.done(),
        as: name,
      });
    }
  }
  const res = (await query.end()) as { data?: Array<UserDoc & Record<string, unknown[]>> };
  const row = res.data?.[0];
  if (row) {
    const user = { ...row } as Record<string, unknown>;
    const loaded: Loaded = empty(lookups);
    for (const name of names) {
      const lookup = normal[name];
      // A missing local field would match the documents that lack the other field (MongoDB's $lookup rule).
      const unjoinable = 'callerField' in lookup && user[lookup.callerField] == null;
      loaded[name] = unjoinable ? [] : ((row[name] as unknown[] | undefined) ?? []);
      delete user[name];
    }
    return { caller: { openid, user: user as unknown as UserDoc }, loaded };
  }
  const loaded: Loaded = empty(lookups);
  for (const name of readWithoutUser ? names : []) {
    const lookup = normal[name];
    if ('callerField' in lookup) continue;
    let q = db.collection(lookup.collection).where(lookup.where);
    if (lookup.orderBy) q = q.orderBy(lookup.orderBy[0], lookup.orderBy[1]);
    loaded[name] = (await q.limit(lookup.limit ?? 100).get()).data as unknown[];
  }
  return { caller: { openid, user: null }, loaded };
}

const empty = (lookups: Lookups): Loaded => Object.fromEntries(Object.keys(lookups).map((name) => [name, []]));

/** Documents by id as a query; no ids at all reads nothing (limit 0). */
function byIds(
  _: Database['command'],
  lookup: { collection: CollectionName; ids: ReadonlyArray<string | null | undefined> },
) {
  const ids = [...new Set(lookup.ids.filter((id): id is string => Boolean(id)))];
  return { collection: lookup.collection, where: { _id: ids.length === 1 ? ids[0] : _.in(ids) }, limit: ids.length };
}
