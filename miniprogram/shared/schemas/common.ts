import * as z from 'zod/mini';
import { published } from './published';

/** Document ids: CloudBase's 32-hex ids and the readable ids of seeded places. */
export const Id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

export const Empty = z.strictObject({});

export const PersonName = published(
  z.string().check(z.trim(), z.minLength(1, '请填写姓名'), z.maxLength(20, '姓名最多20个字')),
  '姓名',
  'profile',
);

/** Mainland mobile number. */
export const Phone = z.string().check(z.regex(/^1[3-9]\d{9}$/, '请输入11位手机号'));
