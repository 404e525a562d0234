import type { PhotoItem } from '../../lib/photos';

/** One step of a story as the timeline shows it (an order's or a complaint's view model words it). */
export interface TimelineStep {
  key: string;
  title: string;
  at: string;
  /** Who did it. */
  actor: string;
  /** A state change (待受理 → 办理中), in grey; '' when none. */
  change?: string;
  /** A climb to another level (物业企业 → 社区), in red; '' when none. */
  climb?: string;
  reason?: string;
  photos?: PhotoItem[];
}

// 办理进度: the steps newest first, the latest marked; each with who and when, what changed, the reason given and
// its photos (a tap opens them).
Component({
  properties: {
    steps: { type: Array, value: [] as TimelineStep[] },
    /** Words before a step's reason (理由：); '' when the reason speaks for itself. */
    reasonLabel: { type: String, value: '' },
  },
});
