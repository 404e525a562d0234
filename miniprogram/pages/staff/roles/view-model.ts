import type { PlaceOption } from '../../../shared/api/community';
import type { Member, RoleEvent } from '../../../shared/api/people';
import type { Role } from '../../../shared/roles';

/** One thing staff can do to a member: grant a role for a scope, or revoke one he holds here. */
export interface RoleAction {
  label: string;
  kind: 'grant' | 'revoke';
  role: Role;
  scopeId: string;
}

export interface MemberItem {
  id: string;
  name: string;
  phone: string;
  building: string;
  roles: string;
}

/** 人员与角色 (community staff): find a resident, grant or revoke a role, see the record. */
export interface RolesViewModel {
  state: 'loading' | 'ready' | 'error';
  message: string;
  keyword: string;
  members: MemberItem[];
  nextCursor: number | null;
  events: Array<{ id: string; text: string; reason: string; at: string }>;
}

export const loadingRoles = (): RolesViewModel => ({
  state: 'loading',
  message: '',
  keyword: '',
  members: [],
  nextCursor: null,
  events: [],
});

export const toMemberItem = (m: Member): MemberItem => ({
  id: m.id,
  name: m.name,
  phone: m.phone,
  building: m.building,
  roles: m.roles.map((r) => `${r.title || r.roleLabel}（${r.scopeName}）`).join('、'),
});

export const toEventItem = (e: RoleEvent) => ({
  id: e.id,
  text: `${e.byName}${e.kind === 'grant' ? '授予' : '撤销了'} ${e.userName} ${e.roleLabel}（${e.scopeName}）`,
  reason: e.reason,
  at: e.at.slice(0, 16).replace('T', ' '),
});

/**
 * What staff of a community may do to this member: make him community staff or the worker of one of the
 * community's grids, or revoke a role he holds inside this community. The server checks the same scope.
 */
export function memberActions(member: Member, communityId: string, grids: PlaceOption[]): RoleAction[] {
  const holds = (role: Role, scopeId: string) => member.roles.some((r) => r.role === role && r.scopeId === scopeId);
  const actions: RoleAction[] = [];
  if (!holds('community_staff', communityId)) {
    actions.push({ label: '设为社区工作人员', kind: 'grant', role: 'community_staff', scopeId: communityId });
  }
  for (const grid of grids) {
    if (!holds('grid_worker', grid.id)) {
      actions.push({ label: `设为${grid.name}网格员`, kind: 'grant', role: 'grid_worker', scopeId: grid.id });
    }
  }
  const gridIds = new Set(grids.map((g) => g.id));
  for (const role of member.roles) {
    if (role.scopeId === communityId || gridIds.has(role.scopeId)) {
      actions.push({
        label: `撤销${role.roleLabel}（${role.scopeName}）`,
        kind: 'revoke',
        role: role.role,
        scopeId: role.scopeId,
      });
    }
  }
  return actions;
}
