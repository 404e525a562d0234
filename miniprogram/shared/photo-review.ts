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
 * A photo with no review record (uploaded before reviews existed) counts as passed.
 */
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
