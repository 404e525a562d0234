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
