import * as z from 'zod/mini';

/**
 * Text other people will read (内容安全): WeChat expects a mini-program to check what its users publish before it
 * is stored. A contract marks each such field by building its schema with `published()`; the server finds the
 * marked fields of any input with `publishedTexts()` and has them checked before the action runs — so a new field
 * is checked by being declared, not by someone remembering a list.
 *
 * The kinds are WeChat's scenes for msgSecCheck: 资料 (a name, a profile), 评论 (a comment on something), 论坛 (a
 * post: a description, a complaint, a reason, minutes).
 */
export type TextKind = 'profile' | 'comment' | 'post';

const marked = z.registry<{ kind: TextKind; label: string }>();

/**
 * Marks a string schema as published text of `kind`, called `label` when a refusal names it (the schema itself is
 * unchanged).
 */
export function published<T extends z.ZodMiniString>(schema: T, label: string, kind: TextKind = 'post'): T {
  marked.add(schema, { kind, label });
  return schema;
}

export interface PublishedText {
  /** Where it is in the input, as a field issue names it (`description`, `minutes.0.text`). */
  path: string;
  text: string;
  kind: TextKind;
  label: string;
}

type Def = z.core.$ZodTypeDef & {
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
};

/** The marked texts of a parsed `value` of `schema`, walking objects, arrays, records and wrappers. */
export function publishedTexts(schema: z.core.$ZodType, value: unknown, path: readonly string[] = []): PublishedText[] {
  const mark = marked.get(schema);
  if (mark) return typeof value === 'string' && value.trim() ? [{ path: path.join('.'), text: value, ...mark }] : [];
  if (value === null || value === undefined) return [];
  const def = schema._zod.def as Def;
  const inner = def.innerType ?? def.in;
  if (inner) return publishedTexts(inner, value, path);
  if (def.shape && typeof value === 'object') {
    return Object.entries(def.shape).flatMap(([key, field]) =>
      publishedTexts(field, (value as Record<string, unknown>)[key], [...path, key]),
    );
  }
  if (def.element && Array.isArray(value)) {
    return value.flatMap((item, i) => publishedTexts(def.element!, item, [...path, String(i)]));
  }
  if (def.valueType && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      publishedTexts(def.valueType!, item, [...path, key]),
    );
  }
  // A union: the texts of the first option the value is (parsed inputs match at least one).
  if (def.options) {
    const option = def.options.find((o) => z.safeParse(o, value).success);
    return option ? publishedTexts(option, value, path) : [];
  }
  return [];
}
