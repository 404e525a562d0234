import { APPLICATION_STATES, blocksNewApplication, type ApplicationState } from '../../miniprogram/shared/applications';
import {
  peopleActions,
  type Application,
  type Member,
  type Profile,
  type RoleEvent,
  type RoleView,
} from '../../miniprogram/shared/api/people';
import { AppError } from '../../miniprogram/shared/errors';
import { ROLES, roleLabel, type Role, type RoleGrant } from '../../miniprogram/shared/roles';
import { registered, roles, anyone, type Scoped, type ScopeTarget } from '../lib/access';
import type { Caller, UserDoc } from '../lib/caller';
import { COLLECTIONS, inTransaction, type Database } from '../lib/db';
import { cloudMain } from '../lib/entry';
import { insertOnce, iso, loadPlace, loadPlaces, loadUnit, stableId } from '../lib/records';
import { pageOf } from '../lib/paging';
import { defineFunction } from '../lib/router';

/** A 双报到 application as stored. One document per person and community; a re-application reuses it. */
interface ApplicationDoc {
  _id: string;
  userId: string;
  communityId: string;
  communityName: string;
  streetId: string;
  workUnit: string;
  partyOrganization: string;
  status: ApplicationState;
  reason: string;
  applicantName: string;
  applicantPhone: string;
  createdAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  /** Earlier outcomes of the same person's applications to this community. */
  history: Array<{ status: ApplicationState; reason: string; createdAt: Date; reviewedAt: Date | null }>;
}

/** Every grant and revoke, append-only: who, when, why. */
interface RoleEventDoc {
  _id?: string;
  kind: 'grant' | 'revoke';
  userId: string;
  userName: string;
  role: Role;
  scopeType: RoleGrant['scopeType'];
  scopeId: string;
  scopeName: string;
  /** The community the event belongs to (for the community's record), when the scope lies in one. */
  communityId: string | null;
  by: string;
  byName: string;
  reason: string;
  at: Date;
}

const toRoleView = (grant: RoleGrant): RoleView => ({
  role: grant.role,
  roleLabel: roleLabel(grant.role),
  scopeType: grant.scopeType,
  scopeId: grant.scopeId,
  scopeName: grant.scopeName,
  title: grant.title ?? '',
});

async function toProfile(db: Database, user: UserDoc | null): Promise<Profile> {
  if (!user) return { registered: false, name: '', phone: '', binding: null, roles: [] };
  let binding: Profile['binding'] = null;
  if (user.buildingId) {
    const places = await loadPlaces(
      db,
      [user.streetId, user.communityId, user.gridId, user.compoundId, user.buildingId].filter(Boolean) as string[],
    );
    const named = (id: string | undefined) => {
      const place = id ? places.get(id) : undefined;
      return { id: place?._id ?? id ?? '', name: place?.name ?? '' };
    };
    binding = {
      street: named(user.streetId),
      community: named(user.communityId),
      grid: named(user.gridId),
      compound: named(user.compoundId),
      building: named(user.buildingId),
    };
  }
  return { registered: true, name: user.name, phone: user.phone ?? '', binding, roles: user.roles.map(toRoleView) };
}

function toApplication(doc: ApplicationDoc, withApplicant: boolean): Application {
  return {
    id: doc._id,
    community: { id: doc.communityId, name: doc.communityName },
    workUnit: doc.workUnit,
    partyOrganization: doc.partyOrganization,
    status: doc.status,
    statusLabel: APPLICATION_STATES[doc.status].label,
    reason: doc.reason,
    createdAt: iso(doc.createdAt)!,
    reviewedAt: iso(doc.reviewedAt),
    ...(withApplicant && { applicant: { name: doc.applicantName, phone: doc.applicantPhone } }),
  };
}

function toMember(user: UserDoc, buildingName = ''): Member {
  return {
    id: user._id,
    name: user.name,
    phone: user.phone ?? '',
    building: buildingName,
    roles: user.roles.map(toRoleView),
  };
}

const communityTarget = async (input: { communityId: string }): Promise<Scoped> => ({
  target: { communityId: input.communityId },
  subject: null,
});

async function loadApplication(db: Database, id: string): Promise<ApplicationDoc> {
  const res = await db.collection(COLLECTIONS.applications).where({ _id: id }).limit(1).get();
  const doc = res.data[0] as ApplicationDoc | undefined;
  if (!doc) throw new AppError('NOT_FOUND', '找不到这份申请');
  return doc;
}

/** What a role grant reaches, found from the scope it is granted for. */
interface GrantScope {
  target: ScopeTarget;
  scopeName: string;
  communityId: string | null;
}

async function resolveGrantScope(db: Database, role: Role, scopeId: string): Promise<GrantScope> {
  const scopeType = ROLES[role].scope;
  if (scopeType === 'community') {
    const community = await loadPlace(db, scopeId, 'community');
    return {
      target: { communityId: community._id, streetIds: [community.streetId] },
      scopeName: community.name,
      communityId: community._id,
    };
  }
  if (scopeType === 'grid') {
    const grid = await loadPlace(db, scopeId, 'grid');
    return {
      target: { gridId: grid._id, communityId: grid.communityId, streetIds: [grid.streetId] },
      scopeName: grid.name,
      communityId: grid.communityId,
    };
  }
  if (scopeType === 'unit') {
    const unit = await loadUnit(db, scopeId);
    // A unit lies in no community: its roles are granted by street staff of a street it serves, or an admin.
    return { target: { unitId: unit._id, streetIds: unit.streetIds }, scopeName: unit.name, communityId: null };
  }
  if (scopeType === 'street') {
    const street = await loadPlace(db, scopeId, 'street');
    // Street-wide roles reach beyond one street's staff: only an admin grants them.
    return { target: {}, scopeName: street.name, communityId: null };
  }
  return { target: {}, scopeName: '全市', communityId: null };
}

/**
 * Who may grant or revoke: an admin anywhere; street staff in their street; community staff in their community.
 * The scope the role is granted for is the subject.
 */
const grantAccess = roles(
  ['admin', 'street_staff', 'community_staff'],
  async (input: { role: Role; scopeId: string }, { db }) => {
    const scope = await resolveGrantScope(db, input.role, input.scopeId);
    return { target: scope.target, subject: scope };
  },
);

function roleEvent(
  kind: RoleEventDoc['kind'],
  user: UserDoc,
  grant: RoleGrant,
  scope: { communityId: string | null },
  caller: Caller,
  reason: string,
  at: Date,
): RoleEventDoc {
  return {
    kind,
    userId: user._id,
    userName: user.name,
    role: grant.role,
    scopeType: grant.scopeType,
    scopeId: grant.scopeId,
    scopeName: grant.scopeName,
    communityId: scope.communityId,
    by: caller.openid,
    byName: caller.user?.name ?? '',
    reason,
    at,
  };
}

/**
 * Changes one user's roles and appends the event in one transaction: no role without its record, no record
 * without its role. The callback may run again on a conflict, so it only reads and writes through `tx`.
 */
async function changeRoles(
  db: Database,
  userId: string,
  change: (user: UserDoc) => { roles: RoleGrant[]; event: RoleEventDoc },
): Promise<UserDoc> {
  return inTransaction(db, async (tx) => {
    const res = await tx.collection(COLLECTIONS.users).doc(userId).get();
    const user = res.data as UserDoc | undefined;
    if (!user) throw new AppError('NOT_FOUND', '找不到这位用户');
    const { roles: next, event } = change(user);
    await tx.collection(COLLECTIONS.users).doc(userId).update({ roles: next, updatedAt: event.at });
    await tx.collection(COLLECTIONS.roleEvents).add(event);
    return { ...user, roles: next };
  });
}

const sameGrant = (a: Pick<RoleGrant, 'role' | 'scopeId'>, b: Pick<RoleGrant, 'role' | 'scopeId'>) =>
  a.role === b.role && a.scopeId === b.scopeId;

export const people = defineFunction('people', peopleActions, {
  register: {
    access: anyone,
    async handler(input, { caller, db, now }) {
      const places = await loadPlaces(db, [input.buildingId, input.compoundId, input.communityId]);
      const building = places.get(input.buildingId);
      const compound = places.get(input.compoundId);
      const community = places.get(input.communityId);
      if (community?.kind !== 'community') throw new AppError('NOT_FOUND', '找不到所选的社区');
      if (compound?.kind !== 'compound') throw new AppError('NOT_FOUND', '找不到所选的小区');
      if (building?.kind !== 'building') throw new AppError('NOT_FOUND', '找不到所选的楼栋');
      if (compound.communityId !== community._id) {
        throw new AppError('VALIDATION_FAILED', '所选小区不属于该社区', {
          issues: [{ path: 'compoundId', message: '所选小区不属于该社区' }],
        });
      }
      if (building.compoundId !== compound._id) {
        throw new AppError('VALIDATION_FAILED', '所选楼栋不在该小区内', {
          issues: [{ path: 'buildingId', message: '所选楼栋不在该小区内' }],
        });
      }
      const at = now();
      const binding = {
        streetId: building.streetId,
        communityId: building.communityId,
        compoundId: building.compoundId,
        buildingId: building._id,
        gridId: building.gridId,
      };
      const users = db.collection(COLLECTIONS.users);
      let user: UserDoc;
      if (caller.user) {
        // Re-binding keeps the earlier address in the user's binding history.
        const moved = caller.user.buildingId !== building._id;
        const previous = caller.user as UserDoc & { bindingHistory?: unknown[] };
        // Someone whose history was never started (e.g. created before it existed) keeps his old address too.
        const earlier =
          !previous.bindingHistory?.length && previous.buildingId
            ? [
                {
                  streetId: previous.streetId,
                  communityId: previous.communityId,
                  compoundId: previous.compoundId,
                  buildingId: previous.buildingId,
                  gridId: previous.gridId,
                  at: previous.createdAt,
                },
              ]
            : [];
        const update = {
          ...binding,
          name: input.name,
          phone: input.phone ?? '',
          privacyConsentVersion: input.privacyConsentVersion,
          updatedAt: at,
          ...(moved && { bindingHistory: db.command.push([...earlier, { ...binding, at }]) }),
        };
        await users.doc(caller.openid).update(update);
        user = { ...caller.user, ...binding, name: input.name, phone: input.phone ?? '' };
      } else {
        const { _id, ...fields } = (user = {
          _id: caller.openid,
          name: input.name,
          phone: input.phone ?? '',
          ...binding,
          roles: [],
          createdAt: at,
          updatedAt: at,
        });
        await users.doc(_id).set({
          ...fields,
          privacyConsentVersion: input.privacyConsentVersion,
          bindingHistory: [{ ...binding, at }],
        });
      }
      return toProfile(db, user);
    },
  },

  getProfile: {
    access: anyone,
    handler: async (_input, { caller, db }) => toProfile(db, caller.user),
  },

  applyPartyMember: {
    access: registered,
    async handler(input, { caller, db, now }) {
      const user = caller.user!;
      if (user.roles.some((g) => g.role === 'party_member' && g.scopeId === input.communityId)) {
        throw new AppError('CONFLICT', '您已经是该社区报到的党员');
      }
      const community = await loadPlace(db, input.communityId, 'community');
      const at = now();
      const doc: ApplicationDoc = {
        _id: stableId('pa', user._id, community._id),
        userId: user._id,
        communityId: community._id,
        communityName: community.name,
        streetId: community.streetId,
        workUnit: input.workUnit,
        partyOrganization: input.partyOrganization,
        status: 'pending',
        reason: '',
        applicantName: user.name,
        applicantPhone: user.phone ?? '',
        createdAt: at,
        reviewedAt: null,
        reviewedBy: null,
        history: [],
      };
      const applications = db.collection(COLLECTIONS.applications);
      // The id is the person and community: a second add fails, so two taps never make two applications. The
      // first application (the usual case) is one write; only after a failed add is the existing one read.
      if (await insertOnce(db, COLLECTIONS.applications, doc)) return toApplication(doc, false);
      const existing = (await applications.where({ _id: doc._id }).limit(1).get()).data[0] as ApplicationDoc;
      if (blocksNewApplication(existing.status)) {
        throw new AppError(
          'CONFLICT',
          existing.status === 'pending' ? '您的申请正在审核中，请勿重复提交' : '您已经是该社区报到的党员',
        );
      }
      const { _id, history: _history, ...fresh } = doc;
      const res = await applications.where({ _id, status: 'rejected' }).update({
        ...fresh,
        history: db.command.push([
          {
            status: existing.status,
            reason: existing.reason,
            createdAt: existing.createdAt,
            reviewedAt: existing.reviewedAt,
          },
        ]),
      });
      if (res.updated !== 1) throw new AppError('CONFLICT', '您的申请正在审核中，请勿重复提交');
      return toApplication(doc, false);
    },
  },

  listMyApplications: {
    access: registered,
    async handler(_input, { caller, db }) {
      const res = await db
        .collection(COLLECTIONS.applications)
        .where({ userId: caller.openid })
        .orderBy('createdAt', 'desc')
        .limit(50)
        .get();
      return (res.data as ApplicationDoc[]).map((doc) => toApplication(doc, false));
    },
  },

  listPendingApplications: {
    access: roles(['community_staff', 'admin'], communityTarget),
    async handler(input, { db }) {
      const { docs, nextCursor } = await pageOf<ApplicationDoc>(
        db,
        COLLECTIONS.applications,
        { communityId: input.communityId, status: 'pending' },
        ['createdAt', 'asc'],
        input.cursor,
      );
      return { items: docs.map((doc) => toApplication(doc, true)), nextCursor };
    },
  },

  reviewApplication: {
    access: roles(['community_staff', 'admin'], async (input: { applicationId: string }, { db }) => {
      const application = await loadApplication(db, input.applicationId);
      return {
        target: { communityId: application.communityId, streetIds: [application.streetId] },
        subject: application,
      };
    }),
    async handler(input, { caller, db, now, subject }) {
      const application = subject as ApplicationDoc;
      if (application.status !== 'pending') throw new AppError('INVALID_STATE', '这份申请已经审核过了');
      if (input.decision === 'reject' && !input.reason) {
        throw new AppError('VALIDATION_FAILED', '驳回时请说明理由', {
          issues: [{ path: 'reason', message: '驳回时请说明理由' }],
        });
      }
      const at = now();
      const status: ApplicationState = input.decision === 'approve' ? 'approved' : 'rejected';
      const reason = input.reason ?? '';
      const grant: RoleGrant = {
        role: 'party_member',
        scopeType: 'community',
        scopeId: application.communityId,
        scopeName: application.communityName,
      };
      await inTransaction(db, async (tx) => {
        const current = (await tx.collection(COLLECTIONS.applications).doc(application._id).get()).data as
          ApplicationDoc | undefined;
        if (current?.status !== 'pending') throw new AppError('INVALID_STATE', '这份申请已经审核过了');
        await tx
          .collection(COLLECTIONS.applications)
          .doc(application._id)
          .update({ status, reason, reviewedAt: at, reviewedBy: caller.openid });
        if (status !== 'approved') return;
        const applicant = (await tx.collection(COLLECTIONS.users).doc(application.userId).get()).data as
          UserDoc | undefined;
        if (!applicant) throw new AppError('NOT_FOUND', '申请人已注销');
        const nextRoles = applicant.roles.some((g) => sameGrant(g, grant))
          ? applicant.roles
          : [...applicant.roles, grant];
        await tx.collection(COLLECTIONS.users).doc(applicant._id).update({ roles: nextRoles, updatedAt: at });
        await tx
          .collection(COLLECTIONS.roleEvents)
          .add(
            roleEvent(
              'grant',
              applicant,
              grant,
              { communityId: application.communityId },
              caller,
              '双报到审核通过',
              at,
            ),
          );
      });
      return toApplication({ ...application, status, reason, reviewedAt: at, reviewedBy: caller.openid }, true);
    },
  },

  listMembers: {
    access: roles(['community_staff', 'admin'], communityTarget),
    async handler(input, { db }) {
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
      return { items: users.map((user) => toMember(user, buildingName(user))), nextCursor };
    },
  },

  grantRole: {
    access: grantAccess,
    async handler(input, { caller, db, now, subject }) {
      const scope = subject as GrantScope;
      const grant: RoleGrant = {
        role: input.role,
        scopeType: ROLES[input.role].scope,
        scopeId: input.scopeId,
        scopeName: scope.scopeName,
        ...(input.title && { title: input.title }),
        ...(input.workPhone && { workPhone: input.workPhone }),
      };
      const user = await changeRoles(db, input.userId, (current) => {
        if (current.roles.some((g) => sameGrant(g, grant))) throw new AppError('CONFLICT', '该用户已拥有这个角色');
        return {
          roles: [...current.roles, grant],
          event: roleEvent('grant', current, grant, scope, caller, input.reason, now()),
        };
      });
      return toMember(user);
    },
  },

  revokeRole: {
    access: grantAccess,
    async handler(input, { caller, db, now, subject }) {
      const scope = subject as GrantScope;
      const user = await changeRoles(db, input.userId, (current) => {
        const held = current.roles.find((g) => sameGrant(g, input));
        if (!held) throw new AppError('NOT_FOUND', '该用户没有这个角色');
        return {
          roles: current.roles.filter((g) => !sameGrant(g, input)),
          event: roleEvent('revoke', current, held, scope, caller, input.reason, now()),
        };
      });
      return toMember(user);
    },
  },

  listRoleEvents: {
    access: roles(['community_staff', 'admin'], communityTarget),
    async handler(input, { db }) {
      const { docs: events, nextCursor } = await pageOf<RoleEventDoc & { _id: string }>(
        db,
        COLLECTIONS.roleEvents,
        { communityId: input.communityId },
        ['at', 'desc'],
        input.cursor,
      );
      const items: RoleEvent[] = events.map((e) => ({
        id: e._id,
        kind: e.kind,
        role: e.role,
        roleLabel: roleLabel(e.role),
        scopeName: e.scopeName,
        userName: e.userName,
        byName: e.byName,
        reason: e.reason,
        at: iso(e.at)!,
      }));
      return { items, nextCursor };
    },
  },
});

export const main = cloudMain(people);
