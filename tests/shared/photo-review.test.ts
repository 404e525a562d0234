/**
 * Who sees a photo while WeChat reviews it (图片内容安全): the rule every detail view applies to its photo lists.
 */
import { PHOTO_REVIEW_NOTES, photoNote, photoVisible, visiblePhotos } from '../../miniprogram/shared/photo-review';

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

describe('a subject with reviewed photos', () => {
  const reviews = {
    c1: { fileId: 'a.jpg', uploaderId: 'resident', review: 'pending' as const },
    c2: { fileId: 'b.jpg', uploaderId: 'resident', review: 'risky' as const },
    c3: { fileId: 'c.jpg', uploaderId: 'worker', review: 'passed' as const },
  };
  const photos = ['a.jpg', 'b.jpg', 'c.jpg', 'old.jpg'];

  it('its uploader sees all of his own, and is told the hidden one first', () => {
    const resident = { id: 'resident', staff: false };
    expect(visiblePhotos(photos, reviews, resident)).toEqual(photos);
    expect(photoNote(reviews, resident)).toBe('照片含有不当内容，已对他人隐藏');
    expect(photoNote({ c1: reviews.c1 }, resident)).toBe('照片审核中，审核通过后他人可见');
  });

  it('staff see the pending one, not the risky one, and that a photo was removed', () => {
    const staff = { id: 'staff', staff: true };
    expect(visiblePhotos(photos, reviews, staff)).toEqual(['a.jpg', 'c.jpg', 'old.jpg']);
    expect(photoNote(reviews, staff)).toBe('有照片因含有不当内容已被移除');
  });

  it('a neighbour sees only passed photos and is told nothing', () => {
    const neighbour = { id: 'neighbour', staff: false };
    expect(visiblePhotos(photos, reviews, neighbour)).toEqual(['c.jpg', 'old.jpg']);
    expect(photoNote(reviews, neighbour)).toBeNull();
  });
});
