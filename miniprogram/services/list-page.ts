import { errorText } from '../lib/errors';
import { canLoadMore, listUpdate, type PagedList } from '../lib/paging';
import type { Result } from '../shared/result';
import { toast } from './dialogs';
import type { Tap } from './events';

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

interface InboxPage<D extends { vm: PagedList<unknown> & { filter: string } }> extends ListPage<D> {
  act(id: string, run: () => Promise<Result<unknown>>, done: string): Promise<boolean>;
}

/**
 * The methods of an inbox (社区发单, 单位接单, the complaint inboxes): filter tabs, a row that opens its detail page,
 * and an action taken on a row in place — the row is busy meanwhile, a refusal is shown in words, and the answer
 * replaces the row (`after`: the list as it is once the row changed, e.g. gone from the 待派单 tab).
 */
export function inboxMethods<
  VM extends PagedList<unknown> & { filter: F },
  F extends string,
  T,
  D extends { vm: VM } = { vm: VM },
>(spec: {
  isFilter: (value: unknown) => value is F;
  fresh: (filter: F, data: D) => VM;
  detailUrl: (id: string) => string;
  after: (vm: VM, changed: T) => VM;
}) {
  return {
    onTab(this: InboxPage<D>, e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const filter = e.detail.value;
      if (!spec.isFilter(filter) || filter === this.data.vm.filter) return undefined;
      this.setData({ vm: spec.fresh(filter, this.data) });
      return this.load(true);
    },
    noop() {},
    openDetail(e: Tap<{ id: string }>) {
      wx.navigateTo({ url: spec.detailUrl(e.currentTarget.dataset.id) });
    },
    async act(this: InboxPage<D>, id: string, run: () => Promise<Result<T>>, done: string) {
      this.setData({ 'vm.busyId': id });
      const res = await run();
      if (!res.ok) {
        this.setData({ 'vm.busyId': '' });
        toast(errorText(res.error));
        return false;
      }
      this.setData(listUpdate(this.data.vm, spec.after(this.data.vm, res.data)));
      toast(done, 'success');
      return true;
    },
  };
}
