import tcb from '@cloudbase/node-sdk';
import type { CloudFunction } from './router';

/** What a CloudBase timer trigger passes as the event. */
interface TimerEvent {
  Type: 'Timer';
}

const isTimerEvent = (event: unknown): event is TimerEvent =>
  typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer';

/**
 * The deployed entry point. Identity comes only from the cloud environment (WX_OPENID, read by the sdk);
 * nothing in the event can claim to be someone. The function's one timer trigger runs the timers that are due —
 * and only when the event carries no caller, so a user cannot fire timers by sending a look-alike event.
 */
export function cloudMain(fn: CloudFunction) {
  return async (event: unknown) => {
    const { openId } = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).auth().getUserInfo();
    if (isTimerEvent(event) && !openId) return fn.runDueTimers();
    return fn.handle(event, { openid: openId ?? '' });
  };
}
