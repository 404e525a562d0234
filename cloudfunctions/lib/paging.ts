import type { CollectionName, Database } from './db';

export const PAGE_SIZE = 20;

export type SortKey = [field: string, direction: 'asc' | 'desc'];

/**
 * One page of a list, by offset: asks for one more than a page to know whether another follows, so a list costs
 * one query. `nextCursor` is the next offset, or null at the end.
 */
export async function pageOf<T>(
  db: Database,
  collection: CollectionName,
  where: Record<string, unknown>,
  order: SortKey | SortKey[],
  cursor: number | undefined,
): Promise<{ docs: T[]; nextCursor: number | null }> {
  const offset = cursor ?? 0;
  const keys = (Array.isArray(order[0]) ? order : [order]) as SortKey[];
  let query = db.collection(collection).where(where);
  for (const [field, direction] of keys) query = query.orderBy(field, direction);
  const res = await query
    .skip(offset)
    .limit(PAGE_SIZE + 1)
    .get();
  const docs = res.data as T[];
  return { docs: docs.slice(0, PAGE_SIZE), nextCursor: docs.length > PAGE_SIZE ? offset + PAGE_SIZE : null };
}

/** `pageOf` for one collection's documents: a function's list actions share it. */
export const pagerOf =
  <T>(collection: CollectionName) =>
  (db: Database, where: Record<string, unknown>, order: SortKey | SortKey[], cursor: number | undefined) =>
    pageOf<T>(db, collection, where, order, cursor);
