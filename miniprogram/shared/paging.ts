/**
 * A list shown a page at a time (pull down to refresh, scroll for the next page): the fields every such view
 * model has, and how they change when a page arrives or fails.
 */

export interface PagedList<T> {
  state: 'loading' | 'ready' | 'error';
  message: string;
  items: T[];
  /** Where the next page starts; null when there is none. */
  nextCursor: number | null;
  loadingMore: boolean;
}

/** A list not loaded yet. */
export const loadingList = <T>(): PagedList<T> => ({
  state: 'loading',
  message: '',
  items: [],
  nextCursor: null,
  loadingMore: false,
});

/** The rows shown after a page: the page alone (`replace`), or added after those shown without repeating one. */
export function mergeRows<T extends { id: string }>(shown: readonly T[], rows: T[], replace: boolean): T[] {
  if (replace) return rows;
  const known = new Set(shown.map((row) => row.id));
  return [...shown, ...rows.filter((row) => !known.has(row.id))];
}

/** The list once a page arrived, with the rows to show and where the next page starts. */
export const withRows = <VM extends PagedList<unknown>>(vm: VM, items: VM['items'], nextCursor: number | null): VM => ({
  ...vm,
  state: 'ready',
  message: '',
  loadingMore: false,
  items,
  nextCursor,
});

/** A failed first page shows the error (with a retry); a failed next page keeps what is shown, with the message. */
export const listError = <VM extends PagedList<unknown>>(vm: VM, message: string): VM =>
  vm.items.length > 0 && vm.state === 'ready'
    ? { ...vm, loadingMore: false, message }
    : { ...vm, state: 'error', message, loadingMore: false, items: [] };

/** Whether scrolling on should load the next page: the list is shown, there is one, and none is loading. */
export const canLoadMore = (vm: PagedList<unknown>): boolean =>
  vm.state === 'ready' && vm.nextCursor !== null && !vm.loadingMore;
