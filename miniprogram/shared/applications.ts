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
