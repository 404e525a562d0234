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
