import * as z from 'zod/mini';
import { Empty, Id } from '../schemas/common';
import { action } from './action';
import { Named } from './common';

export const StaffContact = z.object({
  name: z.string(),
  role: z.enum(['community_staff', 'grid_worker']),
  title: z.string(),
  workPhone: z.string(),
});

/** 首页: the caller's community, grid, compound and whom to call. */
export const HomeView = z.object({
  registered: z.boolean(),
  displayName: z.nullable(z.string()),
  street: z.nullable(Named),
  community: z.nullable(z.object({ id: Id, name: z.string(), address: z.string(), servicePhone: z.string() })),
  grid: z.nullable(Named),
  compound: z.nullable(
    z.object({
      id: Id,
      name: z.string(),
      propertyCompany: z.nullable(z.object({ name: z.string(), phone: z.string() })),
    }),
  ),
  building: z.nullable(Named),
  contacts: z.array(StaffContact),
});

export const CommunityOption = z.object({
  id: Id,
  name: z.string(),
  streetName: z.string(),
  settlement: z.enum(['community', 'town']),
});

export const PlaceOption = z.object({ id: Id, name: z.string(), hint: z.string() });

export const communityActions = {
  getHome: action({
    summary: '首页：我所在的社区、网格、小区和联系人',
    input: Empty,
    output: HomeView,
  }),
  listCommunities: action({
    summary: '全部社区，按街道排列（用于选择所在社区）',
    input: Empty,
    output: z.array(CommunityOption),
  }),
  listCompounds: action({
    summary: '社区内的小区（注册时选择）',
    input: z.strictObject({ communityId: Id }),
    output: z.array(PlaceOption),
  }),
  listGrids: action({
    summary: '社区内的网格（授予网格员时选择）',
    input: z.strictObject({ communityId: Id }),
    output: z.array(PlaceOption),
  }),
  listBuildings: action({
    summary: '小区内的楼栋（注册时选择）',
    input: z.strictObject({ compoundId: Id }),
    output: z.array(PlaceOption),
  }),
};

export type HomeView = z.infer<typeof HomeView>;
export type StaffContact = z.infer<typeof StaffContact>;
export type CommunityOption = z.infer<typeof CommunityOption>;
export type PlaceOption = z.infer<typeof PlaceOption>;
