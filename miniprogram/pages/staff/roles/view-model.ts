import type { ListedMember, RoleEvent } from '../../../shared/api/people';
import { roleActionLabel, type RoleAction } from '../../../shared/roles';

/** One thing staff may do to a member, as the server offers it, with its words. */
export type MemberActionItem = RoleAction & { label: string };

export interface MemberItem {
  id: string;
  name: string;
  phone: string;
  building: string;
  roles: string;
  actions: MemberActionItem[];
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

export const toMemberItem = (m: ListedMember): MemberItem => ({
  id: m.id,
  name: m.name,
  phone: m.phone,
  building: m.building,
  roles: m.roles.map((r) => `${r.title || r.roleLabel}（${r.scopeName}）`).join('、'),
  actions: m.actions.map((action) => ({ ...action, label: roleActionLabel(action) })),
});

export const toEventItem = (e: RoleEvent) => ({
  id: e.id,
  text: `${e.byName}${e.kind === 'grant' ? '授予' : '撤销了'} ${e.userName} ${e.roleLabel}（${e.scopeName}）`,
  reason: e.reason,
  at: e.at.slice(0, 16).replace('T', ' '),
});
