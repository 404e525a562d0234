import type { CollectionName, Database } from './db';

export const PAGE_SIZE = 20;

export type SortKey = [field: string, direction: 'asc' | 'desc'];

/**
 * One page of a list, by offset: asks for one more than a page to know whether another follows, so a list costs
 * one query. `nextCursor` is the next offset, or null at the end. `fields`, when given, are all the list's lines
 * read of a document (a projection): large documents are then neither sent nor parsed whole.
 */
export async function pageOf<T>(
  db: Database,
  collection: CollectionName,
  where: Record<string, unknown>,
  order: SortKey | SortKey[],
  cursor: number | undefined,
  fields?: readonly string[],
): Promise<{ docs: T[]; nextCursor: number | null }> {
  const offset = cursor ?? 0;
  const keys = (Array.isArray(order[0]) ? order : [order]) as SortKey[];
  let query = db.collection(collection).where(where);
  for (const [field, direction] of keys) query = query.orderBy(field, direction);
  if (fields) query = query.field(Object.fromEntries(fields.map((f) => [f, true])));
  const res = await query
    .skip(offset)
    .limit(PAGE_SIZE + 1)
    .get();
  const docs = res.data as T[];
  return { docs: docs.slice(0, PAGE_SIZE), nextCursor: docs.length > PAGE_SIZE ? offset + PAGE_SIZE : null };
}

/** `pageOf` for one collection's documents (only `fields` of them, if given): a function's list actions share it. */
export const pagerOf =
  <T>(collection: CollectionName, fields?: readonly (keyof T & string)[]) =>
  (db: Database, where: Record<string, unknown>, order: SortKey | SortKey[], cursor: number | undefined) =>
    pageOf<T>(db, collection, where, order, cursor, fields);
