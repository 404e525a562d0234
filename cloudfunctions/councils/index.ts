/**
 * 议事会: 群众说事 topics, meetings at three levels with sign-up, waitlist and check-in, minutes and resolutions
 * that become service orders. This file is the action table; each action lives in actions/, next to the access
 * rule it declares.
 *
 * Where things are: access.ts (who the caller is to a topic or meeting), model.ts (the documents), views.ts (what
 * a caller reads), agenda.ts and agenda-step.ts (a meeting and its topics changed together without a transaction),
 * actions/sign-up.ts (seats: shared/councils/seats.ts decides, the function writes), timers.ts.
 *
 * Round trips: an action reads what it needs with the caller (`reads`), writes once per document it changes, and
 * answers from the state it wrote instead of reading it back — one to three requests when nobody races it.
 */
import { councilsActions } from '../../miniprogram/shared/api/councils';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import { acceptTopic } from './actions/accept-topic';
import { attendance, checkIn } from './actions/check-in';
import { createMeeting } from './actions/create-meeting';
import { cancelMeeting, updateMeeting } from './actions/edit-meeting';
import { getMeeting, listMeetings, mySignUps } from './actions/lists';
import { publishMinutes, resolutionToOrder } from './actions/minutes';
import { cancelSignUp, signUp } from './actions/sign-up';
import { backTopic, declineTopic, listTopics, proposeTopic, withdrawTopic } from './actions/topics';
import { councilTimers } from './timers';

export const councils = defineFunction(
  'councils',
  councilsActions,
  {
    proposeTopic,
    listTopics,
    backTopic,
    withdrawTopic,
    acceptTopic,
    declineTopic,
    createMeeting,
    updateMeeting,
    cancelMeeting,
    listMeetings,
    getMeeting,
    signUp,
    cancelSignUp,
    mySignUps,
    checkIn,
    attendance,
    publishMinutes,
    resolutionToOrder,
  },
  councilTimers,
);

export const main = cloudMain(councils);
