import { published } from '../schemas/published';
import * as z from 'zod/mini';
import { APPLICATION_STATE_NAMES, REVIEW_ACTION_NAMES } from '../applications';
import { ROLE_NAMES } from '../roles';
import { Empty, Id, PersonName, Phone } from '../schemas/common';
import { action } from './action';
import { Cursor, Named, Page, Reason } from './common';

const ShortText = (label: string) =>
  published(
    z.string().check(z.trim(), z.minLength(2, '请至少填写2个字'), z.maxLength(50, '最多50个字')),
    label,
    'profile',
  );

export const RoleName = z.enum(ROLE_NAMES);

/** A role as shown to people: what it is and where it holds. */
export const RoleView = z.object({
  role: RoleName,
  roleLabel: z.string(),
  scopeType: z.enum(['community', 'unit', 'grid', 'street', 'city']),
  scopeId: z.string(),
  scopeName: z.string(),
  title: z.string(),
});

export const Binding = z.object({
  street: Named,
  community: Named,
  grid: Named,
  compound: Named,
  building: Named,
});

export const Profile = z.object({
  registered: z.boolean(),
  name: z.string(),
  /** The caller's own phone, in full (it is his). */
  phone: z.string(),
  binding: z.nullable(Binding),
  roles: z.array(RoleView),
  /** Where his photos upload (shared/photos.ts): the one place the mini-program learns his own OPENID. */
  photoFolder: z.string(),
});

export const Application = z.object({
  id: Id,
  community: Named,
  workUnit: z.string(),
  partyOrganization: z.string(),
  status: z.enum(APPLICATION_STATE_NAMES),
  statusLabel: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  reviewedAt: z.nullable(z.string()),
  /** Shown to the reviewing staff only (names and phones of their own community's applicants). */
  applicant: z.optional(z.object({ name: z.string(), phone: z.string() })),
  /** What the caller may decide on it now (a reviewer, while it waits); shared/applications.ts names them. */
  actions: z.array(z.enum(REVIEW_ACTION_NAMES)),
});

export const Member = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  building: z.string(),
  roles: z.array(RoleView),
});

/** A grant or revoke the caller may make to a member from his community's page (shared/roles.ts names it). */
export const MemberAction = z.object({
  code: z.enum(['grant', 'revoke']),
  role: RoleName,
  scopeId: z.string(),
  scopeName: z.string(),
});

/** A member as the community's list shows him to its staff: with what they may do to his roles now. */
export const ListedMember = z.extend(Member, { actions: z.array(MemberAction) });

export const RoleEvent = z.object({
  id: Id,
  kind: z.enum(['grant', 'revoke']),
  role: RoleName,
  roleLabel: z.string(),
  scopeName: z.string(),
  userName: z.string(),
  byName: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const peopleActions = {
  register: action({
    summary: '注册或换绑：选择社区、小区、楼栋，填写姓名和（可选）手机号',
    input: z.strictObject({
      buildingId: Id,
      compoundId: Id,
      communityId: Id,
      name: PersonName,
      phone: z.optional(Phone),
      /** The privacy guide version the person agreed to before anything else was sent. */
      privacyConsentVersion: z.string().check(z.minLength(1), z.maxLength(20)),
    }),
    output: Profile,
  }),
  getProfile: action({ summary: '我的：资料、角色及其范围', input: Empty, output: Profile }),
  applyPartyMember: action({
    summary: '双报到：申请成为社区的在职党员志愿者',
    input: z.strictObject({
      communityId: Id,
      workUnit: ShortText('工作单位'),
      partyOrganization: ShortText('所在党组织'),
    }),
    output: Application,
  }),
  listMyApplications: action({ summary: '我的申请', input: Empty, output: z.array(Application) }),
  listPendingApplications: action({
    summary: '社区待审核的双报到申请',
    input: z.strictObject({ communityId: Id, cursor: Cursor }),
    output: Page(Application),
  }),
  reviewApplication: action({
    summary: '审核双报到申请（通过，或说明理由驳回）',
    input: z.strictObject({
      applicationId: Id,
      decision: z.enum(['approve', 'reject']),
      reason: z.optional(Reason),
    }),
    output: Application,
  }),
  listMembers: action({
    summary: '社区成员（工作人员授予角色时使用）',
    input: z.strictObject({
      communityId: Id,
      keyword: z.optional(
        z.string().check(
          z.maxLength(20),
          z.refine((text) => Array.from(text).every((ch) => ch.charCodeAt(0) >= 0x20), '搜索词不能含控制字符'),
        ),
      ),
      cursor: Cursor,
    }),
    output: Page(ListedMember),
  }),
  grantRole: action({
    summary: '授予角色（管理员，或同一社区的工作人员在其范围内）',
    input: z.strictObject({
      userId: z.string().check(z.minLength(1), z.maxLength(64)),
      role: RoleName,
      scopeId: Id,
      title: z.optional(z.string().check(z.trim(), z.maxLength(20))),
      workPhone: z.optional(z.string().check(z.regex(/^[\d-]{5,20}$/, '请输入有效的工作电话'))),
      reason: Reason,
    }),
    output: Member,
  }),
  revokeRole: action({
    summary: '撤销角色',
    input: z.strictObject({
      userId: z.string().check(z.minLength(1), z.maxLength(64)),
      role: RoleName,
      scopeId: Id,
      reason: Reason,
    }),
    output: Member,
  }),
  listRoleEvents: action({
    summary: '社区的角色授予与撤销记录',
    input: z.strictObject({ communityId: Id, cursor: Cursor }),
    output: Page(RoleEvent),
  }),
};

export type Profile = z.infer<typeof Profile>;
export type Application = z.infer<typeof Application>;
export type Member = z.infer<typeof Member>;
export type ListedMember = z.infer<typeof ListedMember>;
export type RoleView = z.infer<typeof RoleView>;
export type RoleEvent = z.infer<typeof RoleEvent>;
