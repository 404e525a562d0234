import { errorText } from '../lib/errors';
import { foldRows, listError, listUpdate, rowsToFold, type PagedList, type RowBox } from '../lib/paging';
import type { Result } from '../shared/result';

interface ListPage<D extends { vm: PagedList<unknown> }> {
  data: D;
  setData(data: WechatMiniprogram.IAnyObject): void;
  createSelectorQuery(): WechatMiniprogram.SelectorQuery;
}

/** The class every rendered row of a paged list has: the rows folded away are measured through it. */
const ROW_CLASS = 'list-row';

/** Where the rendered rows are on screen, in order (every size is 0 under jsdom). */
function renderedRows(page: ListPage<{ vm: PagedList<unknown> }>): Promise<RowBox[]> {
  return new Promise((resolve) => {
    page
      .createSelectorQuery()
      .selectAll(`.${ROW_CLASS}`)
      .boundingClientRect()
      .exec((res: unknown[] | null) => {
        const rects = res?.[0];
        resolve(
          Array.isArray(rects)
            ? rects.map((r: Partial<RowBox> | null) => ({ top: r?.top ?? 0, bottom: r?.bottom ?? 0 }))
            : [],
        );
      });
  });
}

/**
 * The `load(replace)` of a page that shows a list a page at a time: the first page (`replace`, sent whole) or the
 * next one from the cursor, shown with `append` and sent as the rows it added (`listUpdate`), the oldest rows
 * folded beyond the cap (`foldRows`); or the error (a failed next page keeps the list). An answer that a newer
 * load (another tab, a refresh) has overtaken is ignored.
 */
export function pagedLoader<D extends { vm: PagedList<unknown> }, P>(
  fetch: (data: D, cursor: number | undefined) => Promise<Result<P>>,
  append: (vm: NoInfer<D>['vm'], page: P, replace: boolean) => NoInfer<D>['vm'],
) {
  let latestLoad = 0;
  return async (page: ListPage<D>, replace: boolean): Promise<void> => {
    const seq = ++latestLoad;
    const cursor = replace ? undefined : (page.data.vm.nextCursor ?? undefined);
    if (!replace) page.setData({ 'vm.loadingMore': true, 'vm.message': '' });
    const res = await fetch(page.data, cursor);
    if (seq !== latestLoad) return;
    if (!res.ok) {
      page.setData(listUpdate(page.data.vm, listError(page.data.vm, errorText(res.error))));
      return;
    }
    if (replace) {
      page.setData({ vm: foldRows(append(page.data.vm, res.data, true), [], true) });
      return;
    }
    // rows about to fold are measured while they are still rendered
    const folding = rowsToFold(append(page.data.vm, res.data, false)) > 0;
    const rendered = folding ? await renderedRows(page) : [];
    if (seq !== latestLoad) return;
    const prev = page.data.vm; // again: a row may have changed while they were measured (its action answered)
    page.setData(listUpdate(prev, foldRows(append(prev, res.data, false), rendered)));
  };
}
