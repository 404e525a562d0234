import { registered } from '../lib/access';

/**
 * Who may use the inbox and report grants: anyone registered, for himself only — every query is the caller's own
 * (`userId` is his OPENID), so no one reads or marks another's messages.
 */
export const ownInbox = registered;
