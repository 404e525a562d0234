import tcb from '@cloudbase/node-sdk';
import type { CloudFunction } from './router';

/**
 * The deployed entry point. Identity comes only from the cloud environment (WX_OPENID, read by the sdk);
 * nothing in the event can claim to be someone.
 */
export function cloudMain(fn: CloudFunction) {
  return async (event: unknown) => {
    const { openId } = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).auth().getUserInfo();
    return fn.handle(event, { openid: openId ?? '' });
  };
}
