import { listError, type PagedList } from '../shared/paging';
import type { Result } from '../shared/result';

interface ListPage<D extends { vm: PagedList<unknown> }> {
  data: D;
  setData(data: WechatMiniprogram.IAnyObject): void;
}

/**
 * The `load(replace)` of a page that shows a list a page at a time: the first page (`replace`) or the next one
 * from the cursor, shown with `append`, or the error (a failed next page keeps the list). An answer that a newer
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
    page.setData({ vm: res.ok ? append(page.data.vm, res.data, replace) : listError(page.data.vm, res.error.message) });
  };
}
