import type * as z from 'zod/mini';

/**
 * The first problem per field, keyed by the field's path, from the same schema the server applies — so a
 * form can show "请填写姓名" under the name box before anything is sent.
 */
export function fieldErrors(schema: z.ZodMiniType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}
