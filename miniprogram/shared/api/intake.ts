/**
 * 代办 intake's contract pieces, shared by the functions that take a matter down for a resident (orders; complaints
 * next): whom it is for, how staff find him, and what a matter shows of its intake. Channels are core
 * (shared/intake.ts).
 */
import * as z from 'zod/mini';
import { Id, PersonName, Phone } from '../schemas/common';
import { Cursor } from './common';

/** 代办: who took the order down for the resident, and what staff may do for him. Null when he asked himself. */
export const IntakeView = z.object({
  channelTag: z.string(),
  takenByName: z.string(),
  /** Recorded by name and phone (not registered): staff keep his part (his rating) for him. */
  recorded: z.boolean(),
  /** The caller may record the rating the resident gave by phone now (recordRating). */
  mayRecordRating: z.boolean(),
});

/** A user's id as staff pick him from a list (an OPENID: never shown, passed back as the list gave it). */
export const MemberId = z.string().check(z.minLength(1), z.maxLength(64));

/** A resident staff record by name and phone (代办 for someone not registered). */
export const RecordedResident = z.strictObject({ name: PersonName, phone: Phone });

/** Whom 代办 is for: a member of the community, or a resident recorded by name and phone. */
export const OnBehalfOf = z.union([z.strictObject({ memberId: MemberId }), RecordedResident]);

/** A building 代办 may open an order at, named with its compound: 德轩小区 1号楼. */
export const IntakeBuilding = z.object({ communityId: Id, compoundId: Id, buildingId: Id, label: z.string() });

/** A member as 代办 finds him: where he lives, so the order can be opened at his building. */
export const ResidentOption = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  communityId: Id,
  compoundId: Id,
  buildingId: Id,
  building: z.string(),
});

/** What staff search residents with: the community or grid they take matters down for, a name, a page. */
export const ResidentSearch = z.strictObject({
  /** The community or grid the caller takes matters down for (one of his grants). */
  scopeId: Id,
  keyword: z.optional(
    z.string().check(
      z.trim(),
      z.maxLength(20),
      z.refine((text) => Array.from(text).every((ch) => ch.charCodeAt(0) >= 0x20), '搜索词不能含控制字符'),
    ),
  ),
  cursor: Cursor,
});

export type ResidentOption = z.infer<typeof ResidentOption>;
export type IntakeView = z.infer<typeof IntakeView>;
export type IntakeBuilding = z.infer<typeof IntakeBuilding>;
