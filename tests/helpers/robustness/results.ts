/** What every answer must look like, whatever was sent: a result, or a structured, known, non-internal error. */
import { ERROR_CODES } from '../../../miniprogram/shared/errors';
import type { Result } from '../../../miniprogram/shared/result';

/** Codes the server may answer with: every known code but the transport's own and the one that means a crash. */
export const SERVER_CODES: readonly string[] = ERROR_CODES.filter(
  (code) => code !== 'INTERNAL' && code !== 'NETWORK_ERROR',
);

/** Null when the answer is well-formed; otherwise what is wrong with it. */
export function malformed(res: Result<unknown>): string | null {
  if (res === null || typeof res !== 'object') return `not a Result: ${String(res)}`;
  if (res.ok === true) return 'data' in res ? null : 'ok without data';
  if (res.ok !== false) return `ok is ${String((res as { ok: unknown }).ok)}`;
  const { error } = res;
  if (!error || typeof error !== 'object') return 'failure without an error';
  if (error.code === 'INTERNAL') return `INTERNAL: ${error.message}`;
  if (!SERVER_CODES.includes(error.code)) return `unknown error code ${String(error.code)}`;
  if (typeof error.message !== 'string' || error.message.length === 0) return `no message for ${error.code}`;
  return null;
}
