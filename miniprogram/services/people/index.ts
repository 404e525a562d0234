import type { ActionInput } from '../../shared/api/index';
import { callFunction } from '../transport';

export const register = (input: ActionInput<'people', 'register'>) => callFunction('people', 'register', input);
export const getProfile = () => callFunction('people', 'getProfile', {});
export const applyPartyMember = (input: ActionInput<'people', 'applyPartyMember'>) =>
  callFunction('people', 'applyPartyMember', input);
export const listMyApplications = () => callFunction('people', 'listMyApplications', {});
export const listPendingApplications = (communityId: string, cursor?: number) =>
  callFunction('people', 'listPendingApplications', { communityId, cursor });
export const reviewApplication = (input: ActionInput<'people', 'reviewApplication'>) =>
  callFunction('people', 'reviewApplication', input);
export const listMembers = (input: ActionInput<'people', 'listMembers'>) =>
  callFunction('people', 'listMembers', input);
export const grantRole = (input: ActionInput<'people', 'grantRole'>) => callFunction('people', 'grantRole', input);
export const revokeRole = (input: ActionInput<'people', 'revokeRole'>) => callFunction('people', 'revokeRole', input);
export const listRoleEvents = (communityId: string, cursor?: number) =>
  callFunction('people', 'listRoleEvents', { communityId, cursor });
