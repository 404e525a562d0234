import { createHash } from 'node:crypto';
import { AppError } from '../../miniprogram/shared/errors';
import type { Place } from '../../miniprogram/shared/schemas/places';
import { COLLECTIONS, type CollectionName, type Database } from './db';

/** A stable id for a document whose identity is its content (one application per person and community…). */
export const stableId = (prefix: string, ...parts: string[]) =>
  `${prefix}_${createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;

/** Places by id, in one query. */
export async function loadPlaces(db: Database, ids: string[]): Promise<Map<string, Place>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const res = await db
    .collection(COLLECTIONS.places)
    .where({ _id: db.command.in(unique) })
    .limit(unique.length)
    .get();
  return new Map((res.data as Place[]).map((place) => [place._id, place]));
}

export async function loadPlace<K extends Place['kind']>(
  db: Database,
  id: string,
  kind: K,
): Promise<Extract<Place, { kind: K }>> {
  const place = (await loadPlaces(db, [id])).get(id);
  if (!place || place.kind !== kind) throw new AppError('NOT_FOUND', `找不到这个${PLACE_LABELS[kind]}`);
  return place as Extract<Place, { kind: K }>;
}

export const PLACE_LABELS: Record<Place['kind'], string> = {
  street: '街道',
  community: '社区',
  grid: '网格',
  compound: '小区',
  building: '楼栋',
};

/** CloudBase dates come back as Date objects; the API speaks ISO strings. */
export const iso = (value: Date | string | undefined | null): string | null =>
  value ? new Date(value).toISOString() : null;

/**
 * Whether a database error is a duplicate `_id` (CloudBase passes MongoDB's E11000 through). Inserting under a
 * deterministic id and treating this error as "already there" makes a create idempotent without a transaction.
 */
export const isDuplicateKey = (error: unknown): boolean =>
  /E11000|duplicate key/i.test(String((error as { message?: unknown } | null)?.message ?? ''));

/**
 * Inserts a document under its deterministic id; false when one is already there (a retry, or a concurrent twin
 * that won). The idempotent-create idiom every function uses.
 */
export async function insertOnce<D extends { _id: string }>(
  db: Database,
  collection: CollectionName,
  doc: D,
): Promise<boolean> {
  try {
    await db.collection(collection).add(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
