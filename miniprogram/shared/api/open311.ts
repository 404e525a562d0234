import * as z from 'zod/mini';
import { Empty, Id } from '../schemas/common';
import { action } from './action';

/** An API key of the open API (Open311), as an admin sees it: never its secret, which is shown once at issue. */
export const Open311KeyView = z.object({
  id: Id,
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.nullable(z.string()),
});

export const open311Actions = {
  issueKey: action({
    summary: '为12345平台等签发开放接口（Open311）密钥；密钥只显示这一次',
    input: z.strictObject({
      name: z.string().check(z.trim(), z.minLength(1, '请填写密钥名称'), z.maxLength(40, '名称最多40个字')),
    }),
    output: z.object({ ...Open311KeyView.shape, key: z.string() }),
  }),
  listKeys: action({ summary: '开放接口（Open311）的全部密钥', input: Empty, output: z.array(Open311KeyView) }),
  revokeKey: action({
    summary: '吊销开放接口（Open311）密钥，之后用它提交的请求一律拒绝',
    input: z.strictObject({ keyId: Id }),
    output: Open311KeyView,
  }),
};
