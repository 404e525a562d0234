/**
 * 双报到: a party member working in the area registers with a community, whose staff approve or reject.
 * States as data: an open application is waiting for staff; a closed one has an outcome.
 */
export const APPLICATION_STATES = {
  pending: { label: '待审核', open: true },
  approved: { label: '已通过', open: false },
  rejected: { label: '未通过', open: false },
} as const;

export type ApplicationState = keyof typeof APPLICATION_STATES;
export const APPLICATION_STATE_NAMES = Object.keys(APPLICATION_STATES) as ApplicationState[];

export const isOpenApplication = (state: ApplicationState) => APPLICATION_STATES[state].open;

/** Applying again is allowed only after a rejection: one person holds one application per community. */
export const blocksNewApplication = (state: ApplicationState) => state !== 'rejected';

/** What a reviewer may do to an application (双报到审核), in words. */
export const REVIEW_ACTIONS = {
  reject: { label: '驳回' },
  approve: { label: '通过' },
} as const;

export type ReviewAction = keyof typeof REVIEW_ACTIONS;
export const REVIEW_ACTION_NAMES = Object.keys(REVIEW_ACTIONS) as ReviewAction[];

/** An open application waits for a decision: either may be taken; a decided one offers nothing. */
export const reviewActions = (state: ApplicationState): ReviewAction[] =>
  isOpenApplication(state) ? REVIEW_ACTION_NAMES : [];
