import type { PhotoReview } from '../../miniprogram/shared/photo-review';
import { COLLECTIONS, type Database } from './db';
import { noticesOf } from './notify';
import { insertAll } from './outbox';
import { mediaCheckAsync, type MediaCheckPush, type SecScene } from './wechat';

/**
 * Photo review through WeChat (see shared/photo-review.ts for who sees a photo meanwhile). A photo is submitted
 * when the action that attaches it stores it; the verdict arrives later as WeChat's push and is recorded here.
 */
export type MediaCheckDoc = {
  /** WeChat's trace_id: known only to the server, so a forged push cannot name a check. */
  _id: string;
  fileId: string;
  uploaderId: string;
  /** Where the photo is attached. */
  subject: { type: 'order' | 'complaint' | 'meeting'; id: string };
  review: PhotoReview;
  requestedAt: string;
  verdictAt: string | null;
  label: number | null;
};

/** A URL WeChat can fetch the photo from (a cloud file's temporary URL; the local backend's file route). */
export type PhotoUrl = (fileId: string) => Promise<string>;

/**
 * Submits the photos to mediaCheckAsync and records each as pending review. A photo WeChat would not take (a
 * failed call) stays without a record and counts as passed — review must never lose a user's step — and is
 * logged for a later sweep.
 */
export async function submitPhotos(
  db: Database,
  uploaderId: string,
  scene: SecScene,
  subject: MediaCheckDoc['subject'],
  fileIds: readonly string[],
  urlOf: PhotoUrl,
  at: string,
): Promise<MediaCheckDoc[]> {
  const checks = await Promise.all(
    fileIds.map(async (fileId): Promise<MediaCheckDoc | null> => {
      const { errcode, traceId } = await mediaCheckAsync(uploaderId, scene, await urlOf(fileId));
      if (errcode !== 0 || !traceId) {
        console.error(`[media] mediaCheckAsync failed for ${fileId}: ${errcode}`);
        return null;
      }
      return {
        _id: traceId,
        fileId,
        uploaderId,
        subject,
        review: 'pending',
        requestedAt: at,
        verdictAt: null,
        label: null,
      };
    }),
  );
  const docs = checks.filter((c): c is MediaCheckDoc => c !== null);
  await insertAll(db, COLLECTIONS.mediaChecks, docs);
  return docs;
}

/**
 * WeChat's verdict push (Event wxa_media_check): records it on the pending check it names; a risky photo also
 * tells its uploader (a notice to his 消息). A push for no pending check — unknown trace id, or a repeat — changes
 * nothing, so pushes are idempotent and cannot be forged for a check the sender does not know.
 */
export async function onMediaVerdict(
  db: Database,
  push: MediaCheckPush,
  now = new Date(),
): Promise<{ recorded: boolean }> {
  const review: PhotoReview = push.result.suggest === 'risky' ? 'risky' : 'passed';
  const at = now.toISOString();
  const checks = db.collection(COLLECTIONS.mediaChecks);
  const res = await checks
    .where({ _id: push.trace_id, review: 'pending' })
    .update({ review, verdictAt: at, label: push.result.label });
  if (res.updated !== 1) return { recorded: false };
  if (review === 'risky') {
    const check = ((await checks.doc(push.trace_id).get()).data as MediaCheckDoc[])[0];
    const notices = noticesOf(
      `media:${push.trace_id}`,
      {
        audiences: [{ kind: 'user', id: check.uploaderId }],
        subject: check.subject,
        title: '照片未通过审核：已对他人隐藏',
        body: '您上传的一张照片含有不当内容，已对他人隐藏，可重新上传合适的照片',
      },
      at,
    );
    await insertAll(
      db,
      COLLECTIONS.notifications,
      notices.map((n) => n.doc),
    );
  }
  return { recorded: true };
}
