import { COLLECTIONS, type Database } from '../../cloudfunctions/lib/db';
import type { Building } from '../../miniprogram/shared/schemas/places';
import { places, units } from './places';
import { demoUsers, toUserDoc } from './users';

export { demoUsers } from './users';

/** Writes the demo data through the same query builder the functions use. */
export async function seedDemo(db: Database, now = new Date()): Promise<void> {
  const buildings = new Map(places.filter((p): p is Building => p.kind === 'building').map((b) => [b._id, b]));
  for (const place of places) await db.collection(COLLECTIONS.places).add(place);
  for (const unit of units) await db.collection(COLLECTIONS.units).add(unit);
  for (const user of demoUsers) {
    const doc = toUserDoc(user, buildings, now);
    if (doc) await db.collection(COLLECTIONS.users).add(doc);
  }
}
