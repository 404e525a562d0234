/** The shop function's one timer: its redemptions' outboxes (ledger lines, the volunteer's notices) delivered. */
import { COLLECTIONS } from '../lib/db';
import { deliveryTimer } from '../lib/outbox';
import type { TimerSpec } from '../lib/router';

export const shopTimers: Record<string, TimerSpec> = { deliver: deliveryTimer(COLLECTIONS.redemptions) };
