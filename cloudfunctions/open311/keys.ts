/**
 * API keys of the open API, issued to the city's 12345 platform by an admin. A key is `o311_<id>_<secret>`: the id
 * finds the stored key in one read by `_id`, the secret is kept only as its SHA-256 (a random 32-byte secret needs
 * no slow hash: there is nothing to guess). A revoked key stays stored, so its orders still say which key filed them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Open311KeyView } from '../../miniprogram/shared/api/open311';
import type * as z from 'zod/mini';
import { COLLECTIONS, type Database } from '../lib/db';

export interface Open311KeyDoc {
  _id: string;
  name: string;
  secretHash: string;
  createdAt: string;
  /** The admin who issued it (OPENID; never shown). */
  createdBy: string;
  revokedAt: string | null;
}

const KEY = /^o311_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A new key: the document to store and the key to hand over once. */
export function newKey(name: string, createdBy: string, at: Date): { doc: Open311KeyDoc; key: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return {
    doc: {
      _id: id,
      name,
      secretHash: sha256(secret).toString('hex'),
      createdAt: at.toISOString(),
      createdBy,
      revokedAt: null,
    },
    key: `o311_${id}_${secret}`,
  };
}

/** The stored key this key is, if it is well formed, known, unrevoked and its secret matches; one read. */
export async function verifyKey(db: Database, key: string): Promise<Open311KeyDoc | null> {
  const match = KEY.exec(key);
  if (!match) return null;
  const res = await db.collection(COLLECTIONS.open311Keys).where({ _id: match[1] }).limit(1).get();
  const doc = res.data[0] as Open311KeyDoc | undefined;
  if (!doc || doc.revokedAt) return null;
  return timingSafeEqual(Buffer.from(doc.secretHash, 'hex'), sha256(match[2])) ? doc : null;
}

export const keyView = (doc: Open311KeyDoc): z.input<typeof Open311KeyView> => ({
  id: doc._id,
  name: doc.name,
  createdAt: doc.createdAt,
  revokedAt: doc.revokedAt,
});
