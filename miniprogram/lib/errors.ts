import type { ErrorBody } from '../shared/errors';

/**
 * The sentence to show for a failed call: the first field issue when the server names one (「请填写理由（至少2个字）」
 * says what to fix; 「填写的内容有误」 does not), else the error's own message.
 */
export function errorText(error: ErrorBody): string {
  return error.details?.issues?.[0]?.message || error.message;
}
