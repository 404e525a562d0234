import { AppError } from '../../miniprogram/shared/errors';
import type { Role } from '../../miniprogram/shared/roles';
import type { Caller } from './caller';

/**
 * Who may call an action. Declared next to the action; the router checks it before the handler runs.
 * - anyone: any WeChat user, registered or not (e.g. the list of communities used during onboarding);
 * - resident: a caller bound to a community;
 * - roles: a caller holding one of the roles (scope is checked by the handler-specific `scope` hook).
 */
export type Access = { who: 'anyone' } | { who: 'resident' } | { who: 'roles'; roles: Role[] };

export const anyone: Access = { who: 'anyone' };
export const resident: Access = { who: 'resident' };
export const roles = (...names: Role[]): Access => ({ who: 'roles', roles: names });

export function assertAccess(access: Access, caller: Caller): void {
  if (access.who === 'anyone') return;
  const user = caller.user;
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (access.who === 'resident') {
    if (!user.communityId) throw new AppError('UNAUTHENTICATED', '请先选择您所在的社区');
    return;
  }
  if (!user.roles.some((grant) => access.roles.includes(grant.role))) {
    throw new AppError('FORBIDDEN');
  }
}
