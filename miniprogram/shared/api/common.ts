import * as z from 'zod/mini';
import { Id } from '../schemas/common';
import { published } from '../schemas/published';

/** Schema pieces the functions' contracts share (orders, complaints, people). */

/** A place, unit or company as a list shows it. */
export const Named = z.object({ id: Id, name: z.string() });

/** Where a page of a list starts (an offset). */
export const Cursor = z.optional(z.int().check(z.gte(0), z.lte(10000)));

/** A page of a list and where the next one starts (null: no more). */
export const Page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.number()) });

/** Why an order or a complaint is refused, sent back or passed on (the other side reads it). */
export const Reason = published(
  z.string().check(z.trim(), z.minLength(2, '请填写理由（至少2个字）'), z.maxLength(200, '理由最多200个字')),
  '理由',
);

/** An optional remark on a step. */
export const Note = published(z.string().check(z.trim(), z.maxLength(200, '最多200个字')), '备注');

/** What was done (办理情况, 完成情况): `required` is the message when it is missing. */
export const Notes = (required: string, label = '办理情况') =>
  published(z.string().check(z.trim(), z.minLength(2, required), z.maxLength(500, '最多500个字')), label);

/** What a resident or staff member describes (a problem, the work to do): `what` names it in the message. */
export const Description = (what: string) =>
  published(
    z.string().check(z.trim(), z.minLength(5, `请描述${what}（至少5个字）`), z.maxLength(500, '描述最多500个字')),
    '描述',
  );

/** The colour a status is shown in. */
export const Tone = z.enum(['default', 'primary', 'warning', 'danger', 'success']);

/** A rating, 1 to 5 stars. */
export const Stars = z.int('请选择星级').check(z.gte(1, '请选择星级'), z.lte(5, '最多5星'));

/** A rating's optional comment. */
export const Comment = z.optional(
  published(z.string().check(z.trim(), z.maxLength(200, '评价最多200个字')), '评价', 'comment'),
);

/** The one line a detail page shows about its photos' review, if any (photo-review.ts `photoNote`). */
export const PhotoNote = z.nullable(z.string());
