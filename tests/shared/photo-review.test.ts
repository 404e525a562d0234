/**
 * Who sees a photo while WeChat reviews it (图片内容安全): the rule the views are to apply (#13, not wired yet).
 */
import { PHOTO_REVIEW_NOTES, photoVisible } from '../../miniprogram/shared/photo-review';

describe('a photo under review', () => {
  it('pending: its uploader and the staff handling the subject see it, nobody else', () => {
    expect(photoVisible('pending', 'uploader')).toBe(true);
    expect(photoVisible('pending', 'staff')).toBe(true);
    expect(photoVisible('pending', 'other')).toBe(false);
  });

  it('risky: only its uploader, who is told why', () => {
    expect(photoVisible('risky', 'uploader')).toBe(true);
    expect(photoVisible('risky', 'staff')).toBe(false);
    expect(photoVisible('risky', 'other')).toBe(false);
    expect(PHOTO_REVIEW_NOTES.risky).toBe('照片含有不当内容，已对他人隐藏');
  });

  it('passed, or uploaded before reviews existed: whoever may see the subject', () => {
    expect(photoVisible('passed', 'other')).toBe(true);
    expect(photoVisible(undefined, 'other')).toBe(true);
  });
});
