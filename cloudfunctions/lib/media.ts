import tcb from '@cloudbase/node-sdk';
import type { NoticeSubject } from '../../miniprogram/shared/notices/templates';
import type { PhotoReview, PhotoReviewEntry } from '../../miniprogram/shared/photo-review';
import { ownPhotos } from './access';
import type { Caller } from './caller';
import { SCENES } from './content';
import { COLLECTIONS, type CollectionName, type Database } from './db';
import { noticesOf } from './notify';
import { insertAll } from './outbox';
import type { StepOptions } from './workflow';
import { mediaCheckAsync, type MediaCheckPush, type SecScene } from './wechat';

/**
 * Photo review through WeChat (see shared/photo-review.ts for who sees a photo meanwhile). The action that attaches
 * photos submits them (`submitForReview`) and stores the pending reviews on the document it writes
 * (`photoReviews.<key>`), so its detail view filters photos with no extra read; the verdict arrives later as
 * WeChat's push (消息推送: Event wxa_media_check, configured in the WeChat admin console to go to the messages
 * function, "云开发" mode) and is written onto both its check and that document.
 */

/** Where a photo is attached: the document (that keeps its review) and what a notice about it opens. */
export interface PhotoTarget {
  collection: Extract<CollectionName, 'orders' | 'complaints' | 'topics' | 'meetings'>;
  id: string;
  notice: NoticeSubject;
}

export type MediaCheckDoc = {
  /** WeChat's trace_id: known only to the server, so a forged push cannot name a check. */
  _id: string;
  fileId: string;
  uploaderId: string;
  target: PhotoTarget;
  /** The review's key in the target's `photoReviews`. */
  key: string;
  review: PhotoReview;
  requestedAt: string;
  verdictAt: string | null;
  label: number | null;
};

/** A document's photo reviews, keyed by their check. */
export type PhotoReviews = Record<string, PhotoReviewEntry>;

/** A field name from WeChat's trace id (dots and dollars cannot be in a path). */
const keyOf = (traceId: string) => traceId.replace(/[^A-Za-z0-9_-]/g, '_');

let app: ReturnType<typeof tcb.init> | undefined;

/**
 * URLs WeChat can fetch the photos from: their temporary links (storage.batchGetDownloadUrl; the local backend
 * answers with its file route). A photo without one is left out, and so is not reviewed.
 */
async function photoUrls(fileIds: readonly string[]): Promise<Map<string, string>> {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  try {
    const res = (await app.getTempFileURL({ fileList: [...fileIds] })) as {
      fileList?: Array<{ fileID: string; tempFileURL: string; code: string }>;
    };
    return new Map((res.fileList ?? []).filter((f) => f.code === 'SUCCESS').map((f) => [f.fileID, f.tempFileURL]));
  } catch (error) {
    console.error('[media] no temporary links for review', error);
    return new Map();
  }
}

/**
 * Submits the photos to mediaCheckAsync and records each check (one insert, before the document is written, so
 * a verdict can never arrive for a check not yet known); returns the pending reviews the document is to keep. A
 * photo WeChat would not take (no link, a failed call) gets no review and counts as passed — review must never
 * lose a user's step — and is logged.
 */
async function submitForReview(
  db: Database,
  uploaderId: string,
  scene: SecScene,
  target: PhotoTarget,
  fileIds: readonly string[],
  at: string,
): Promise<PhotoReviews> {
  if (fileIds.length === 0) return {};
  const urls = await photoUrls(fileIds);
  const checks = await Promise.all(
    fileIds.map(async (fileId): Promise<MediaCheckDoc | null> => {
      const url = urls.get(fileId);
      const { errcode, traceId } = url ? await mediaCheckAsync(uploaderId, scene, url) : { errcode: -1, traceId: null };
      if (errcode !== 0 || !traceId) {
        console.error(`[media] not submitted for review: ${fileId} (${errcode})`);
        return null;
      }
      return {
        _id: traceId,
        fileId,
        uploaderId,
        target,
        key: keyOf(traceId),
        review: 'pending',
        requestedAt: at,
        verdictAt: null,
        label: null,
      };
    }),
  );
  const docs = checks.filter((c): c is MediaCheckDoc => c !== null);
  await insertAll(db, COLLECTIONS.mediaChecks, docs);
  return Object.fromEntries(docs.map((c) => [c.key, { fileId: c.fileId, uploaderId, review: c.review }]));
}

/**
 * The photos an input attaches to `target`: checked now to be the caller's own uploads (else VALIDATION_FAILED),
 * and submitted for review by `submit`, once the action knows it will write (a refused step sends nothing).
 */
function photosToReview(
  db: Database,
  caller: Caller,
  target: PhotoTarget,
  photos: readonly string[] | undefined,
  at: Date,
): { photos: string[]; submit: () => Promise<PhotoReviews> } {
  const own = ownPhotos(caller, photos);
  return { photos: own, submit: () => submitForReview(db, caller.openid, SCENES.post, target, own, at.toISOString()) };
}

/** A new document's photos, submitted at once: call it when the action's own checks have passed. */
export async function attachPhotos(
  ...args: Parameters<typeof photosToReview>
): Promise<{ photos: string[]; reviews: PhotoReviews }> {
  const { photos, submit } = photosToReview(...args);
  return { photos, reviews: await submit() };
}

/** A step's photos: its options `photos`, and their reviews as fields it sets once the machine allows it. */
export function stepPhotos(...args: Parameters<typeof photosToReview>): Pick<StepOptions, 'photos' | 'allowedSet'> {
  const { photos, submit } = photosToReview(...args);
  return { photos, allowedSet: async () => reviewFields(await submit()) };
}

/** The update that adds reviews to a document that may already keep some (a step's `set`). */
export const reviewFields = (reviews: PhotoReviews): Record<string, PhotoReviewEntry> =>
  Object.fromEntries(Object.entries(reviews).map(([key, entry]) => [`photoReviews.${key}`, entry]));

/**
 * WeChat's verdict push: written onto the document the photo is attached to, then onto its pending check; a risky
 * photo also tells its uploader (a notice to his 消息). In that order, a push repeated after a failure halfway
 * finishes the job, and a push for no pending check — unknown trace id, or a repeat — changes nothing, so pushes
 * are idempotent and cannot be forged for a check the sender does not know.
 */
export async function onMediaVerdict(
  db: Database,
  push: MediaCheckPush,
  now = new Date(),
): Promise<{ recorded: boolean }> {
  const review: PhotoReview = push.result.suggest === 'risky' ? 'risky' : 'passed';
  const at = now.toISOString();
  const checks = db.collection(COLLECTIONS.mediaChecks);
  const check = ((await checks.doc(push.trace_id).get()).data as MediaCheckDoc[])[0];
  if (!check || check.review !== 'pending') return { recorded: false };
  const { target, key } = check;
  await db
    .collection(target.collection)
    .where({ _id: target.id, [`photoReviews.${key}.fileId`]: check.fileId })
    .update({ [`photoReviews.${key}.review`]: review });
  const res = await checks
    .where({ _id: check._id, review: 'pending' })
    .update({ review, verdictAt: at, label: push.result.label });
  if (res.updated !== 1) return { recorded: false };
  if (review === 'risky') {
    const notices = noticesOf(
      `media:${push.trace_id}`,
      {
        audiences: [{ kind: 'user', id: check.uploaderId }],
        subject: target.notice,
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
