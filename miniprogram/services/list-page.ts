import { canLoadMore, type PagedList } from '../lib/paging';

interface ListPage<D extends { vm: PagedList<unknown> }> {
  data: D;
  setData(data: WechatMiniprogram.IAnyObject): void;
  createSelectorQuery(): WechatMiniprogram.SelectorQuery;
  load(replace: boolean): Promise<void>;
  loadMore(): Promise<void> | undefined;
}

/**
 * The methods every page that shows a list a page at a time has: `load(replace)` (a `pagedLoader`), pull down to
 * refresh, scroll on for the next page (or tap the line that offers it), back to the top from the line that
 * stands for the folded rows (a refresh: the first page again, at the top), and a retry from `fresh` (the list as
 * it is before its first page).
 */
export function pagedListMethods<D extends { vm: PagedList<unknown> }>(
  load: (page: ListPage<D>, replace: boolean) => Promise<void>,
  fresh: (data: D) => D['vm'],
) {
  return {
    load(this: ListPage<D>, replace: boolean) {
      return load(this, replace);
    },
    async onPullDownRefresh(this: ListPage<D>) {
      await this.load(true);
      wx.stopPullDownRefresh();
    },
    onReachBottom(this: ListPage<D>) {
      return this.loadMore();
    },
    loadMore(this: ListPage<D>) {
      return canLoadMore(this.data.vm) ? this.load(false) : undefined;
    },
    async backToTop(this: ListPage<D>) {
      await this.load(true);
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    },
    retry(this: ListPage<D>) {
      this.setData({ vm: fresh(this.data) });
      return this.load(true);
    },
  };
}
