/**
 * The rows of an export, read in pages: never one unbounded read. The window's documents are counted first (one
 * round trip), so a window over the cap is refused before anything is read or written; then they are read
 * `READ_PAGE` at a time (the server sdk's most per get()), ordered by (createdAt, _id) — a stable key, so no row
 * is read twice or skipped between pages.
 */
import { AppError } from '../../miniprogram/shared/errors';
import { EXPORT_ROW_CAP } from '../../miniprogram/shared/exports/kinds';
import type { ResolvedWindow } from '../../miniprogram/shared/exports/window';
import type { ScopeTarget } from '../lib/access';
import type { CollectionName, Database } from '../lib/db';

export const READ_PAGE = 1000;

/** The documents of a scope: its community, its street, or (no place) the city. */
export function scopeWhere(target: ScopeTarget): Record<string, unknown> {
  if (target.communityId) return { communityId: target.communityId };
  if (target.streetIds?.length) return { streetId: target.streetIds[0] };
  return {};
}

export interface SourceContext {
  db: Database;
  target: ScopeTarget;
  window: ResolvedWindow;
}

/** Up to `cap` documents of one collection created in the window, oldest first, only `fields` of each. */
export async function pagedDocuments<D>(
  ctx: SourceContext,
  collection: CollectionName,
  fields: readonly string[],
  cap = EXPORT_ROW_CAP,
): Promise<D[]> {
  const _ = ctx.db.command;
  const where = {
    ...scopeWhere(ctx.target),
    createdAt: _.gte(ctx.window.start.toISOString()).and(_.lt(ctx.window.end.toISOString())),
  };
  const { total } = await ctx.db.collection(collection).where(where).count();
  if (total > cap) {
    const message = `这段时间共有 ${total} 条，超过单次导出上限 ${cap} 条，请缩短时间范围`;
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'window', message }] });
  }
  const docs: D[] = [];
  const projection = Object.fromEntries(fields.map((f) => [f, true]));
  while (docs.length < total) {
    const asked = Math.min(READ_PAGE, total - docs.length);
    const res = await ctx.db
      .collection(collection)
      .where(where)
      .orderBy('createdAt', 'asc')
      .orderBy('_id', 'asc')
      .field(projection)
      .skip(docs.length)
      .limit(asked)
      .get();
    const page = res.data as D[];
    docs.push(...page);
    // Fewer than asked: documents left the window (or the scope) since the count; what was read is the export.
    if (page.length < asked) break;
  }
  return docs;
}
