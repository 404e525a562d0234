/**
 * Photo review (图片内容安全). WeChat judges an image asynchronously (security.mediaCheckAsync; the verdict is pushed
 * within 30 minutes), so a photo a user attaches is stored at once and shown by this rule while it waits:
 *
 * - pending (待审核): seen by its uploader (so his own step does not look broken) and by staff handling the subject
 *   — never by neighbours, volunteers or the public;
 * - passed (通过): seen by whoever may see the subject (the privacy rules decide, as for any photo);
 * - risky (违规): hidden from everyone but its uploader, who is told it was hidden and why (a message in his 消息);
 *   staff see that a photo was removed, not the photo.
 *
 * A photo with no review record (uploaded before reviews existed, or one WeChat would not take) counts as passed.
 */
import type { Viewer } from './privacy';

export type PhotoReview = 'pending' | 'passed' | 'risky';

/** How the viewer stands to the photo. */
export type PhotoViewer = 'uploader' | 'staff' | 'other';

export function photoVisible(review: PhotoReview | undefined, viewer: PhotoViewer): boolean {
  switch (review ?? 'passed') {
    case 'passed':
      return true;
    case 'pending':
      return viewer !== 'other';
    case 'risky':
      return viewer === 'uploader';
  }
}

/** What the uploader reads under a photo that is not (yet) shown to others. */
export const PHOTO_REVIEW_NOTES: Record<Exclude<PhotoReview, 'passed'>, string> = {
  pending: '照片审核中，审核通过后他人可见',
  risky: '照片含有不当内容，已对他人隐藏',
};

/** What staff read where a photo was removed (they do not see it). */
export const PHOTO_REMOVED_NOTE = '有照片因含有不当内容已被移除';

/** One photo's review as the document it is attached to keeps it. */
export interface PhotoReviewEntry {
  fileId: string;
  uploaderId: string;
  review: PhotoReview;
}

/** Who is looking: his openid, and whether he is staff handling the subject. */
export interface PhotoLooker {
  id: string;
  staff: boolean;
}

/** The looker as the privacy rules see him: those who handle or oversee the subject are its staff. */
export const lookerOf = (id: string, viewer: Viewer): PhotoLooker => ({
  id,
  staff: viewer === 'keeper' || viewer === 'handler' || viewer === 'overseer',
});

const relationOf = (entry: PhotoReviewEntry | undefined, looker: PhotoLooker): PhotoViewer =>
  entry?.uploaderId === looker.id ? 'uploader' : looker.staff ? 'staff' : 'other';

/**
 * The photos of one list the looker may see (photoVisible), in their order. `reviews` are the subject's, keyed by
 * anything (the functions key them by WeChat's check).
 */
export function visiblePhotos(
  photos: readonly string[],
  reviews: Readonly<Record<string, PhotoReviewEntry>> | undefined,
  looker: PhotoLooker,
): string[] {
  const byFile = new Map(Object.values(reviews ?? {}).map((entry) => [entry.fileId, entry]));
  return photos.filter((fileId) => {
    const entry = byFile.get(fileId);
    return photoVisible(entry?.review, relationOf(entry, looker));
  });
}

/**
 * The one line a subject's page shows about its photos' review, if any: to an uploader, that his photo waits or
 * was hidden (hidden first: it asks him to act); to staff, that one was removed; to anyone else nothing — a
 * neighbour is not told a photo exists.
 */
export function photoNote(
  reviews: Readonly<Record<string, PhotoReviewEntry>> | undefined,
  looker: PhotoLooker,
): string | null {
  const entries = Object.values(reviews ?? {});
  const mine = entries.filter((e) => e.uploaderId === looker.id);
  if (mine.some((e) => e.review === 'risky')) return PHOTO_REVIEW_NOTES.risky;
  if (mine.some((e) => e.review === 'pending')) return PHOTO_REVIEW_NOTES.pending;
  if (looker.staff && entries.some((e) => e.review === 'risky')) return PHOTO_REMOVED_NOTE;
  return null;
}
