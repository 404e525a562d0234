/** 双报到、注册、角色: the people function's action table; each action lives in actions/, its timer in timers.ts. */
import { peopleActions } from '../../miniprogram/shared/api/people';
import { cloudMain } from '../lib/entry';
import { defineFunction } from '../lib/router';
import {
  applyPartyMember,
  listMyApplications,
  listPendingApplications,
  reviewApplication,
} from './actions/applications';
import { getProfile, register } from './actions/register';
import { grantRole, listMembers, listRoleEvents, revokeRole } from './actions/roles';
import { settleApprovals } from './timers';

export const people = defineFunction(
  'people',
  peopleActions,
  {
    register,
    getProfile,
    applyPartyMember,
    listMyApplications,
    listPendingApplications,
    reviewApplication,
    listMembers,
    grantRole,
    revokeRole,
    listRoleEvents,
  },
  { settleApprovals },
);

export const main = cloudMain(people);
