/**
 * 居民下单—社区发单—单位接单—党员领单—联合评单: the service chain, as its action table.
 *
 * An order is one document: its state, deadline and timeline change together in one conditional update (the
 * condition is the version the change was computed from), so there is never a state without its event or an
 * event without its state. The volunteer task lives in the order too: a claim is one conditional update on the
 * free-slot count, which is how N slots never take more than N claims.
 *
 * Where things are: who the caller is to an order (./access), what is read of it (./model), how it is shown
 * (./views), a step of its machine (./step), the actions by stage of the chain (./actions), the timers (./timers).
 */
import { ordersActions } from '../../miniprogram/shared/api/orders';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { closingActions } from './actions/closing';
import { communityActions } from './actions/community';
import { intakeActions } from './actions/intake';
import { onBehalfActions } from './actions/on-behalf';
import { pointsActions } from './actions/points';
import { unitActions } from './actions/unit';
import { volunteersActions } from './actions/volunteers';
import { timers } from './timers';

export const orders = defineFunction(
  'orders',
  ordersActions,
  {
    ...intakeActions,
    ...onBehalfActions,
    ...communityActions,
    ...unitActions,
    ...volunteersActions,
    ...closingActions,
    ...pointsActions,
  },
  timers,
);

export const main = cloudMain(orders);
