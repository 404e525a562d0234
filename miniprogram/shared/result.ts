import type { ErrorBody } from './errors';

/** The envelope every cloud function returns: never a throw, never a stack trace. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (error: ErrorBody): Result<never> => ({ ok: false, error });

/** What the mini-program sends as `data` to `wx.cloud.callFunction` (and the local HTTP body). */
export interface FunctionRequest {
  action: string;
  payload?: unknown;
}
