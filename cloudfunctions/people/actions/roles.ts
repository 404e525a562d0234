/** 人员与角色: a community's members, granting and revoking their roles, and the record of every change. */
import type { RoleEvent } from '../../../miniprogram/shared/api/people';
import { AppError } from '../../../miniprogram/shared/errors';
import { memberRoleActions, ROLES, roleLabel, type RoleGrant } from '../../../miniprogram/shared/roles';
import type { Place } from '../../../miniprogram/shared/schemas/places';
import { present, roles } from '../../lib/access';
import type { Loaded, UserDoc } from '../../lib/caller';
import { COLLECTIONS } from '../../lib/db';
import { PAGE_SIZE, pageOf } from '../../lib/paging';
import { iso, loadPlaces } from '../../lib/records';
import { communityTarget, grantAccess, grantReads, type GrantScope } from '../access';
import { holding, pushGrant } from '../grants';
import { randomEventId, roleEvent, sameGrant, type Impl, type PersonDoc, type RoleEventDoc } from '../model';
import { toMember } from '../views';

/**
 * caller + the community and its grids (1) → a page of members (2) → their buildings (3). Each member comes with
 * the grants and revokes the caller may make to him here (shared/roles.ts decides which).
 */
export const listMembers: Impl<'listMembers'> = {
  access: roles(['community_staff', 'admin'], communityTarget),
  reads: (input) => ({
    community: { collection: COLLECTIONS.places, ids: [input.communityId] },
    grids: {
      collection: COLLECTIONS.places,
      where: { kind: 'grid', communityId: input.communityId },
      orderBy: ['name', 'asc'],
      limit: 100,
    },
  }),
  async handler(input, { db, loaded }) {
    const community = (loaded.community as Place[])[0];
    const here = { id: input.communityId, name: community?.name ?? '' };
    const grids = (loaded.grids as Place[]).map((grid) => ({ id: grid._id, name: grid.name }));
    const where: Record<string, unknown> = { communityId: input.communityId };
    if (input.keyword)
      where.name = db.RegExp({ regexp: input.keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options: 'i' });
    const { docs: users, nextCursor } = await pageOf<UserDoc>(
      db,
      COLLECTIONS.users,
      where,
      ['name', 'asc'],
      input.cursor,
    );
    const buildings = await loadPlaces(db, users.map((u) => u.buildingId).filter(Boolean) as string[]);
    const buildingName = (user: UserDoc) => {
      const building = user.buildingId ? buildings.get(user.buildingId) : undefined;
      return building?.name ?? '';
    };
    const items = users.map((user) => ({
      ...toMember(user, buildingName(user)),
      actions: memberRoleActions(user.roles, here, grids),
    }));
    return { items, nextCursor };
  },
};

/**
 * Granting and revoking alike: caller + scope + person (1) → one conditional update of the person (2). The scope
 * the role is granted for is the access rule's subject; the person whose roles change, or NOT_FOUND.
 */
const roleChange = { access: grantAccess, reads: grantReads };
const personOf = (loaded: Loaded) => present(loaded.person?.[0] as PersonDoc | undefined, '找不到这位用户');

export const grantRole: Impl<'grantRole'> = {
  ...roleChange,
  async handler(input, { caller, db, now, subject, loaded }) {
    const scope = subject as GrantScope;
    const person = personOf(loaded);
    const grant: RoleGrant = {
      role: input.role,
      scopeType: ROLES[input.role].scope,
      scopeId: input.scopeId,
      scopeName: scope.scopeName,
      ...(input.title && { title: input.title }),
      ...(input.workPhone && { workPhone: input.workPhone }),
    };
    if (person.roles.some((g) => sameGrant(g, grant))) throw new AppError('CONFLICT', '该用户已拥有这个角色');
    const event = roleEvent(randomEventId(), 'grant', person, grant, scope, caller, input.reason, now());
    // Lost to a concurrent grant of the same role: the update matched nothing and wrote nothing.
    if (!(await pushGrant(db, person._id, grant, event))) throw new AppError('CONFLICT', '该用户已拥有这个角色');
    return toMember({ ...person, roles: [...person.roles, grant] });
  },
};

export const revokeRole: Impl<'revokeRole'> = {
  ...roleChange,
  async handler(input, { caller, db, now, subject, loaded }) {
    const person = personOf(loaded);
    const held = person.roles.find((g) => sameGrant(g, input));
    if (!held) throw new AppError('NOT_FOUND', '该用户没有这个角色');
    const event = roleEvent(
      randomEventId(),
      'revoke',
      person,
      held,
      subject as GrantScope,
      caller,
      input.reason,
      now(),
    );
    const _ = db.command;
    // One update, matching only while he holds the role: pulls the grant and pushes its event together, so a
    // concurrent revoke of the same role makes this one match nothing (and write nothing).
    const res = await db
      .collection(COLLECTIONS.users)
      .where({ _id: person._id, ...holding(db, held) })
      .update({
        roles: _.pull({ role: held.role, scopeId: held.scopeId }),
        roleEvents: _.push([event]),
        updatedAt: event.at,
      });
    if (res.updated !== 1) throw new AppError('NOT_FOUND', '该用户没有这个角色');
    return toMember({ ...person, roles: person.roles.filter((g) => !sameGrant(g, input)) });
  },
};

/**
 * The community's record, newest first, in one aggregate: the people holding events of the community (an
 * indexed array path), one row per event, only the community's, sorted and paged.
 */
export const listRoleEvents: Impl<'listRoleEvents'> = {
  access: roles(['community_staff', 'admin'], communityTarget),
  async handler(input, { db }) {
    const offset = input.cursor ?? 0;
    const ofCommunity = { 'roleEvents.communityId': input.communityId };
    const res = (await db
      .collection(COLLECTIONS.users)
      .aggregate()
      .match(ofCommunity)
      .project({ roleEvents: true })
      .unwind({ path: '$roleEvents', includeArrayIndex: 'seq' })
      .match(ofCommunity)
      // Ties (one clock tick) keep a person's events newest first, and people in a fixed order.
      .sort({ 'roleEvents.at': -1, _id: 1, seq: -1 })
      .skip(offset)
      .limit(PAGE_SIZE + 1)
      .end()) as { data?: Array<{ roleEvents: RoleEventDoc }> };
    const rows = res.data ?? [];
    const items: RoleEvent[] = rows.slice(0, PAGE_SIZE).map(({ roleEvents: e }) => ({
      id: e.id,
      kind: e.kind,
      role: e.role,
      roleLabel: roleLabel(e.role),
      scopeName: e.scopeName,
      userName: e.userName,
      byName: e.byName,
      reason: e.reason,
      at: iso(e.at)!,
    }));
    return { items, nextCursor: rows.length > PAGE_SIZE ? offset + PAGE_SIZE : null };
  },
};
