/**
 * A list shown a page at a time (pull down to refresh, scroll for the next page): the fields every such view
 * model has, how they change when a page arrives or fails, which rows are rendered, and the setData update that
 * sends only what changed.
 */

export interface PagedList<T> {
  state: 'loading' | 'ready' | 'error';
  message: string;
  items: T[];
  /** Where the next page starts; null when there is none. */
  nextCursor: number | null;
  loadingMore: boolean;
  /** The first row rendered: the rows before it are folded into a spacer (see `RENDERED_ROWS`). */
  shownFrom: number;
  /** The height (px) the folded rows had, kept by the spacer so that what is on screen does not move. */
  foldedHeight: number;
}

/**
 * At most this many rows are rendered; scrolling on folds the oldest `FOLD_STEP` rows at a time into a spacer of
 * their measured height, with a line that goes back to the top (a refresh). WeChat advises fewer than 1000 WXML
 * nodes and a row takes 12–25 (tdesign tags and buttons included), so 40 rows stay within it with the page around.
 *
 * A cap rather than full windowing (rendering only the rows near the viewport, both ways): that needs the
 * position of every row on each scroll (an `onPageScroll` handler costs a message between threads per scroll
 * event) and sizes, which are all 0 under jsdom, so its behaviour could only be guessed in the page tests. The cap
 * depends on the row count alone; the one size it reads (the folded rows' span, so the screen does not jump)
 * only sizes the spacer.
 */
export const RENDERED_ROWS = 40;
/** Rows fold a page (the functions' page size) at a time, so a fold happens on every other next page at most. */
export const FOLD_STEP = 20;

/** A list not loaded yet. */
export const loadingList = <T>(): PagedList<T> => ({
  state: 'loading',
  message: '',
  items: [],
  nextCursor: null,
  loadingMore: false,
  shownFrom: 0,
  foldedHeight: 0,
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
    : { ...vm, state: 'error', message, loadingMore: false, items: [], shownFrom: 0, foldedHeight: 0 };

/** Whether scrolling on should load the next page: the list is shown, there is one, and none is loading. */
export const canLoadMore = (vm: PagedList<unknown>): boolean =>
  vm.state === 'ready' && vm.nextCursor !== null && !vm.loadingMore;

/** How many more rows to fold so that at most `RENDERED_ROWS` are rendered (whole steps from the top). */
export function rowsToFold(vm: Pick<PagedList<unknown>, 'items' | 'shownFrom'>): number {
  const over = vm.items.length - RENDERED_ROWS;
  const from = over > 0 ? Math.ceil(over / FOLD_STEP) * FOLD_STEP : 0;
  return Math.max(0, from - vm.shownFrom);
}

/** Where a rendered row is on screen (px): `wx.createSelectorQuery().boundingClientRect()` gives it. */
export interface RowBox {
  top: number;
  bottom: number;
}

/**
 * How tall the first `count` rendered rows are together, gaps between rows included: from the top of the first to
 * the top of the next one kept (or the bottom of the last folded one when no row follows). 0 when not measured.
 */
export function foldedSpan(rendered: readonly RowBox[], count: number): number {
  const first = rendered[0]?.top;
  const end = rendered[count]?.top ?? rendered[count - 1]?.bottom;
  const span = first === undefined || end === undefined ? 0 : end - first;
  return Number.isFinite(span) && span > 0 ? span : 0;
}

/**
 * `vm` with the rows over the cap folded. `rendered` are the boxes of the rows rendered now, from `vm.shownFrom`
 * on (measured before they go). A first page (`restart`) starts the window again.
 */
export function foldRows<VM extends PagedList<unknown>>(vm: VM, rendered: readonly RowBox[], restart = false): VM {
  const start = restart ? { ...vm, shownFrom: 0, foldedHeight: 0 } : vm;
  const fold = rowsToFold(start);
  if (fold === 0) return start;
  return {
    ...start,
    shownFrom: start.shownFrom + fold,
    foldedHeight: start.foldedHeight + foldedSpan(rendered, fold),
  };
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The setData update that turns the shown list `prev` into `next` (under `key`): each changed field, and each
 * changed or added row by its index (`'vm.items[40]': row`), so a next page sends its rows only and not the whole
 * list again (WeChat limits one setData to 256 KB, and its cost grows with the size). A list that got shorter is
 * sent whole.
 */
export function listUpdate<VM extends PagedList<unknown>>(prev: VM, next: VM, key = 'vm'): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  for (const field of Object.keys(next) as Array<keyof VM & string>) {
    if (field !== 'items' && !same(prev[field], next[field])) update[`${key}.${field}`] = next[field];
  }
  if (next.items.length < prev.items.length) update[`${key}.items`] = next.items;
  else
    next.items.forEach((row, i) => {
      if (!same(prev.items[i], row)) update[`${key}.items[${i}]`] = row;
    });
  return update;
}
