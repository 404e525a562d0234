import type { RoleGrant } from '../../miniprogram/shared/roles';
import { COLLECTIONS, type Database } from './db';

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

export async function loadCaller(db: Database, openid: string): Promise<Caller> {
  const res = await db.collection(COLLECTIONS.users).where({ _id: openid }).limit(1).get();
  const user = (res.data?.[0] as UserDoc | undefined) ?? null;
  return { openid, user };
}

/**
 * The caller and one document in ONE round trip: his user record with the document joined in (`$lookup` with a
 * sub-pipeline on `_id`). Used when an action's access depends on his relation to that document.
 */
export async function loadCallerWith(
  db: Database,
  openid: string,
  collection: string,
  id: string,
): Promise<{ caller: Caller; doc: unknown }> {
  const res = await db
    .collection(COLLECTIONS.users)
    .aggregate()
    .match({ _id: openid })
    .lookup({ from: collection, pipeline: db.command.aggregate.pipeline().match({ _id: id }).done(), as: 'subject' })
    .end();
  const row = (res as { data?: Array<UserDoc & { subject: unknown[] }> }).data?.[0];
  if (!row) return { caller: { openid, user: null }, doc: undefined };
  const { subject, ...user } = row;
  return { caller: { openid, user }, doc: subject[0] };
}
