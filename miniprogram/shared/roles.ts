/**
 * Roles are scoped: a role holds for a community, a unit, a grid or a street.
 * A resident is not a grant: anyone bound to a community is its resident.
 */
export const ROLES = {
  resident: { label: '居民', scope: 'community' },
  party_member: { label: '在职党员', scope: 'community' },
  unit_member: { label: '单位人员', scope: 'unit' },
  grid_worker: { label: '网格员', scope: 'grid' },
  community_staff: { label: '社区工作人员', scope: 'community' },
  street_staff: { label: '街道工作人员', scope: 'street' },
  admin: { label: '系统管理员', scope: 'city' },
} as const;

export type Role = keyof typeof ROLES;
export type ScopeType = (typeof ROLES)[Role]['scope'];
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

export const roleLabel = (role: Role): string => ROLES[role].label;

/** A role held for one scope, as stored on the user (history lives in role events). */
export interface RoleGrant {
  role: Role;
  scopeType: ScopeType;
  scopeId: string;
  /** The scope's name when granted (社区、网格、单位…), kept so showing a role needs no lookup. */
  scopeName: string;
  /** Job title shown to residents, e.g. 社区书记. */
  title?: string;
  /** A published work number (工作电话), deliberately public, unlike the person's own phone. */
  workPhone?: string;
}

/** What staff may do to a member's roles (人员与角色): grant a role for a scope, or revoke one he holds. */
export interface RoleAction {
  code: 'grant' | 'revoke';
  role: Role;
  scopeId: string;
  scopeName: string;
}

/**
 * What staff of a community may do to a member: make him community staff or the worker of one of the community's
 * grids, or revoke a role he holds inside the community (nothing of his elsewhere). The server offers these with
 * the member and checks the same scope when one is taken.
 */
export function memberRoleActions(
  held: ReadonlyArray<Pick<RoleGrant, 'role' | 'scopeId' | 'scopeName'>>,
  community: { id: string; name: string },
  grids: ReadonlyArray<{ id: string; name: string }>,
): RoleAction[] {
  const holds = (role: Role, scopeId: string) => held.some((r) => r.role === role && r.scopeId === scopeId);
  const offer = (role: Role, place: { id: string; name: string }): RoleAction => ({
    code: 'grant',
    role,
    scopeId: place.id,
    scopeName: place.name,
  });
  const grants = [offer('community_staff', community), ...grids.map((grid) => offer('grid_worker', grid))].filter(
    (grant) => !holds(grant.role, grant.scopeId),
  );
  const here = new Set([community.id, ...grids.map((g) => g.id)]);
  const revokes = held
    .filter((r) => here.has(r.scopeId))
    .map((r): RoleAction => ({ code: 'revoke', role: r.role, scopeId: r.scopeId, scopeName: r.scopeName }));
  return [...grants, ...revokes];
}

/** A role action in words: 设为社区工作人员, 设为第一网格网格员, 撤销网格员（第一网格）. */
export function roleActionLabel(action: RoleAction): string {
  if (action.code === 'revoke') return `撤销${roleLabel(action.role)}（${action.scopeName}）`;
  return action.role === 'grid_worker' ? `设为${action.scopeName}网格员` : `设为${roleLabel(action.role)}`;
}
