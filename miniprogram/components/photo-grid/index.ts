import type { PhotoItem } from '../../lib/photos';
import type { Tap } from '../../services/events';

// 照片: a row of photos (an order's, an answer's, a timeline step's); a tap opens them full screen, from the one
// tapped, with the others of the same grid to swipe through. Shows nothing when there are none.
Component({
  properties: {
    photos: { type: Array, value: [] as PhotoItem[] },
    /** The side of each thumbnail. */
    size: { type: String, value: '200rpx' },
    /** One line under the photos about their review (照片审核中…: shared/photo-review.ts); none when empty. */
    note: { type: String, value: '' },
  },
  methods: {
    preview(e: Tap<{ index: number }>) {
      const urls = (this.data.photos as PhotoItem[]).map((p) => p.url);
      wx.previewImage({ urls, current: urls[Number(e.currentTarget.dataset.index)] });
    },
  },
});
