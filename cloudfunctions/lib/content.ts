import { AppError, type FieldIssue } from '../../miniprogram/shared/errors';
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

/** Scenes by what the text is: 1 资料 (names, profiles), 2 评论, 3 论坛 (posts, complaints, reports), 4 社交日志. */
export const SCENES = { profile: 1, comment: 2, post: 3 } as const satisfies Record<string, SecScene>;

/**
 * Checks the texts of one input, by field path (`description`, `steps.0.note`…); empty ones are skipped. Throws
 * CONTENT_RISKY naming the fields, or CHECK_UNAVAILABLE; returns when every text passed.
 */
export async function checkTexts(openid: string, scene: SecScene, texts: Record<string, string | undefined | null>) {
  const entries = Object.entries(texts).filter((entry): entry is [string, string] => Boolean(entry[1]?.trim()));
  const verdicts = await Promise.all(entries.map(([, text]) => msgSecCheck(openid, scene, text)));
  if (verdicts.some((v) => v.errcode !== 0 && v.errcode !== 87014)) {
    throw new AppError('CHECK_UNAVAILABLE', undefined, { retryable: true });
  }
  const issues: FieldIssue[] = entries.flatMap(([path], i) =>
    verdicts[i].suggest === 'risky' || verdicts[i].errcode === 87014
      ? [{ path, message: '这段文字含有不当信息，请删改后再提交' }]
      : [],
  );
  if (issues.length > 0) throw new AppError('CONTENT_RISKY', undefined, { issues });
}
