/**
 * A request id: made once per form and resent on retry, so the server acts once whatever happens on the way
 * (a double tap, a lost answer). Matches the contract's RequestId (8–64 of [A-Za-z0-9_-]).
 */
export const makeRequestId = (now: number, random: () => number = Math.random): string =>
  `r${now.toString(36)}${Array.from({ length: 12 }, () => Math.floor(random() * 36).toString(36)).join('')}`;
