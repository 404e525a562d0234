/**
 * The steps people take on a complaint: 受理 and 答复 (whoever holds it), 满意 / 不满意 and 评价 (the filer),
 * 上报上级 and 非物业责任 (community and street staff). Each is one step of the machine (../step).
 */
import { stepPhotos } from '../../lib/media';
import { complaintPhotos } from '../model';
import { stepAction } from '../step';

export const acknowledge = stepAction<{ complaintId: string; note?: string }>('acknowledge', (input) => ({
  reason: input.note,
}));

export const answer = stepAction<{ complaintId: string; notes: string; photos?: string[] }>(
  'answer',
  (input, { doc: complaint, caller, db, now }) => {
    const { photos, allowedSet } = stepPhotos(db, caller, complaintPhotos(complaint._id), input.photos, now);
    return {
      reason: input.notes,
      photos,
      allowedSet,
      set: { answer: { level: complaint.level, notes: input.notes, photos, at: now.toISOString() } },
    };
  },
);

export const satisfied = stepAction('satisfied');

export const notSatisfied = stepAction<{ complaintId: string; reason: string; photos?: string[] }>(
  'not_satisfied',
  (input, { caller, db, doc, now }) => ({
    reason: input.reason,
    ...stepPhotos(db, caller, complaintPhotos(doc._id), input.photos, now),
  }),
);

export const rate = stepAction<{ complaintId: string; stars: number; comment?: string }>('rate', (input, { now }) => ({
  reason: `${'★'.repeat(input.stars)}${input.comment ? ` ${input.comment}` : ''}`,
  set: { rating: { stars: input.stars, comment: input.comment ?? '', at: now.toISOString() } },
}));

export const refer = stepAction<{ complaintId: string; reason: string; departmentId?: string }>('refer', (input) => ({
  reason: input.reason,
  departmentId: input.departmentId,
}));

export const closeNotResponsible = stepAction<{ complaintId: string; reason: string }>(
  'close_not_responsible',
  (input) => ({ reason: input.reason, set: { closingReason: input.reason } }),
);
