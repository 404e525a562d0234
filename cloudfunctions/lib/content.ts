import { AppError, type FieldIssue } from '../../miniprogram/shared/errors';
import type { PublishedText, TextKind } from '../../miniprogram/shared/schemas/published';
import { msgSecCheck, type SecScene } from './wechat';

/**
 * Content security for what users publish (内容安全): every text is checked by WeChat's msgSecCheck (v2, with the
 * author's openid and a scene) before anything is stored.
 *
 * - Risky text is refused with CONTENT_RISKY; `details.issues` names each refused field with what to change.
 *   Nothing is written.
 * - When the check cannot be reached (WeChat busy, a network failure), the request is refused with
 *   CHECK_UNAVAILABLE and `details.retryable: true`; nothing is written and the page keeps what the user typed,
 *   so submitting again a moment later sends the same input. Storing unchecked text as "pending review" was
 *   weighed and not chosen: it would need a second review path (and a state on every document that holds text)
 *   for a failure that lasts seconds.
 * - "review" (WeChat unsure) is let through: WeChat's own advice is to publish it and let people report it.
 */

/** WeChat's scene for each kind of text: 1 资料 (names, profiles), 2 评论, 3 论坛 (posts, complaints, reports). */
export const SCENES = { profile: 1, comment: 2, post: 3 } as const satisfies Record<TextKind, SecScene>;

/**
 * Checks the published texts of one input (found by core's `publishedTexts`). Throws CONTENT_RISKY naming the
 * fields, or CHECK_UNAVAILABLE; returns when every text passed (or there was none).
 */
export async function checkTexts(openid: string, texts: readonly PublishedText[]) {
  const verdicts = await Promise.all(texts.map((t) => msgSecCheck(openid, SCENES[t.kind], t.text)));
  if (verdicts.some((v) => v.errcode !== 0 && v.errcode !== 87014)) {
    throw new AppError('CHECK_UNAVAILABLE', undefined, { retryable: true });
  }
  const issues: FieldIssue[] = texts.flatMap(({ path, label }, i) =>
    verdicts[i].suggest === 'risky' || verdicts[i].errcode === 87014
      ? [{ path, message: `${label}含有不当信息，请删改后再提交` }]
      : [],
  );
  if (issues.length > 0) throw new AppError('CONTENT_RISKY', undefined, { issues });
}
