import * as z from 'zod/mini';
import { Id } from './common';

/**
 * Places form one hierarchy, kept in one collection so a resident's whole address resolves in one query:
 * street 街道 → community 社区 (or town 镇) → grid 网格 → compound 小区 → building 楼栋.
 * Every place carries the ids of all its ancestors.
 */
export const PLACE_KINDS = ['street', 'community', 'grid', 'compound', 'building'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

const base = { _id: Id, name: z.string() };

export const Street = z.object({ ...base, kind: z.literal('street'), city: z.string() });
export const Community = z.object({
  ...base,
  kind: z.literal('community'),
  streetId: Id,
  /** 社区 in town, 镇 in the countryside. */
  settlement: z.enum(['community', 'town']),
  address: z.string(),
  servicePhone: z.string(),
});
// 网格: 300–500 households ("按300户或1000人")
export const Grid = z.object({ ...base, kind: z.literal('grid'), streetId: Id, communityId: Id });
// 小区: served by one property company, or none (无物业小区)
export const Compound = z.object({
  ...base,
  kind: z.literal('compound'),
  streetId: Id,
  communityId: Id,
  propertyCompanyId: z.nullable(Id),
  /**
   * The company's name ('' for a 无物业小区), kept with the compound so that filing a complaint reads the compound
   * alone (not the unit too); whoever changes a compound's company, or renames one, writes it here as well.
   */
  propertyCompanyName: z.string(),
  households: z.number(),
});
// 楼栋: lies in one compound and one grid
export const Building = z.object({
  ...base,
  kind: z.literal('building'),
  streetId: Id,
  communityId: Id,
  compoundId: Id,
  gridId: Id,
});

export const Place = z.discriminatedUnion('kind', [Street, Community, Grid, Compound, Building]);

// 单位: partner units 驻区单位, departments 职能部门, property companies 物业企业
export const UNIT_KINDS = ['partner', 'department', 'property'] as const;
export const Unit = z.object({
  ...base,
  kind: z.enum(UNIT_KINDS),
  phone: z.string(),
  /** The street(s) the unit serves; used to scope who may dispatch to it. */
  streetIds: z.array(Id),
  /** A department's complaint categories (部门报到: the one a street's whistle reaches for them). */
  handles: z.optional(z.array(z.string())),
});

export type Street = z.infer<typeof Street>;
export type Community = z.infer<typeof Community>;
export type Grid = z.infer<typeof Grid>;
export type Compound = z.infer<typeof Compound>;
export type Building = z.infer<typeof Building>;
export type Place = z.infer<typeof Place>;
export type Unit = z.infer<typeof Unit>;
