import {
  canLoadMore,
  FOLD_STEP,
  foldedSpan,
  foldRows,
  listError,
  listUpdate,
  loadingList,
  mergeRows,
  RENDERED_ROWS,
  rowsToFold,
  withRows,
  type PagedList,
} from '../../miniprogram/lib/paging';

const row = (id: string, text = id) => ({ id, text });

describe('paged lists', () => {
  it('start loading, with nothing shown and no next page', () => {
    const vm = loadingList<{ id: string }>();
    expect(vm).toEqual({
      state: 'loading',
      message: '',
      items: [],
      nextCursor: null,
      loadingMore: false,
      shownFrom: 0,
      foldedHeight: 0,
    });
    expect(canLoadMore(vm)).toBe(false);
  });

  it('replace the rows with a first page, and append a next one without repeating a row', () => {
    const shown = [row('a'), row('b')];
    expect(mergeRows(shown, [row('c')], true)).toEqual([row('c')]);
    expect(mergeRows(shown, [row('b', 'newer'), row('c')], false)).toEqual([row('a'), row('b'), row('c')]);
  });

  it('are ready once a page arrived, keeping their other fields', () => {
    const vm = { ...loadingList<{ id: string }>(), loadingMore: true, message: 'old', busyId: 'x' };
    const next = withRows(vm, [row('a')], 20);
    expect(next).toEqual({
      state: 'ready',
      message: '',
      items: [row('a')],
      nextCursor: 20,
      loadingMore: false,
      shownFrom: 0,
      foldedHeight: 0,
      busyId: 'x',
    });
    expect(canLoadMore(next)).toBe(true);
    expect(canLoadMore({ ...next, loadingMore: true })).toBe(false);
    expect(canLoadMore({ ...next, nextCursor: null })).toBe(false);
  });

  it('show a failed first page as an error, and keep the list when a next page fails', () => {
    const first = listError({ ...loadingList<{ id: string }>(), busyId: '' }, '网络不给力');
    expect(first).toEqual({
      state: 'error',
      message: '网络不给力',
      items: [],
      nextCursor: null,
      loadingMore: false,
      shownFrom: 0,
      foldedHeight: 0,
      busyId: '',
    });
    const shown: PagedList<{ id: string }> = withRows(loadingList(), [row('a')], 20);
    expect(listError({ ...shown, loadingMore: true }, '网络不给力')).toEqual({
      ...shown,
      loadingMore: false,
      message: '网络不给力',
    });
  });

  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => row(`r${from + i}`));
  const listOf = (n: number, extra: Partial<PagedList<{ id: string }>> = {}): PagedList<{ id: string }> => ({
    ...withRows(loadingList(), rows(n), 20),
    ...extra,
  });

  it('render at most RENDERED_ROWS rows, folding whole steps from the top', () => {
    expect(RENDERED_ROWS % FOLD_STEP).toBe(0);
    expect(rowsToFold(listOf(RENDERED_ROWS))).toBe(0);
    expect(rowsToFold(listOf(RENDERED_ROWS + 1))).toBe(FOLD_STEP);
    expect(rowsToFold(listOf(RENDERED_ROWS + FOLD_STEP))).toBe(FOLD_STEP);
    expect(rowsToFold(listOf(RENDERED_ROWS + FOLD_STEP, { shownFrom: FOLD_STEP }))).toBe(0);
    expect(rowsToFold(listOf(300, { shownFrom: 240 }))).toBe(20);
  });

  /** Rows `height` tall with `gap` between them, the first at `top`. */
  const boxes = (n: number, height: number, gap = 0, top = 0) =>
    Array.from({ length: n }, (_, i) => ({ top: top + i * (height + gap), bottom: top + i * (height + gap) + height }));

  it('measure the folded rows from the top of the first to the top of the next one kept', () => {
    expect(foldedSpan(boxes(40, 100, 12, 300), 20)).toBe(20 * 112);
    expect(foldedSpan(boxes(20, 100, 12), 20)).toBe(20 * 112 - 12); // no row after them: to the last one's bottom
    expect(foldedSpan([], 20)).toBe(0); // not measured
    expect(foldedSpan(boxes(40, 0), 20)).toBe(0); // jsdom
  });

  it('fold into a spacer as tall as the folded rows were, and start again with a first page', () => {
    const folded = foldRows(listOf(60), boxes(40, 100));
    expect(folded).toMatchObject({ shownFrom: 20, foldedHeight: 2000 });
    // the next fold adds the span of the rows rendered then (from row 20 on)
    const again = foldRows({ ...folded, items: rows(80) }, boxes(40, 10));
    expect(again).toMatchObject({ shownFrom: 40, foldedHeight: 2000 + 200 });
    expect(foldRows({ ...again, items: rows(20) }, [], true)).toMatchObject({ shownFrom: 0, foldedHeight: 0 });
    expect(foldRows(listOf(30), boxes(30, 100))).toEqual(listOf(30));
  });

  it('update the shown list with the changed fields and the added rows only', () => {
    const prev = listOf(40);
    const next = foldRows(withRows(prev, [...prev.items, ...rows(20, 40)], null), boxes(40, 10));
    const update = listUpdate(prev, next);
    expect(Object.keys(update)).toEqual([
      'vm.nextCursor',
      'vm.shownFrom',
      'vm.foldedHeight',
      ...rows(20, 40).map((_, i) => `vm.items[${40 + i}]`),
    ]);
    expect(update['vm.items[40]']).toEqual(row('r40'));
    expect(update).toMatchObject({ 'vm.nextCursor': null, 'vm.shownFrom': 20, 'vm.foldedHeight': 200 });

    // a row changed in place is sent by its index; a failed next page sends its message; a shorter list is whole
    const changed = { ...prev, items: prev.items.map((r, i) => (i === 3 ? row(r.id, 'newer') : r)) };
    expect(listUpdate(prev, changed, 'list')).toEqual({ 'list.items[3]': row('r3', 'newer') });
    expect(listUpdate(prev, listError({ ...prev, loadingMore: true }, '网络不给力'))).toEqual({
      'vm.message': '网络不给力',
    });
    expect(listUpdate(prev, { ...prev, items: prev.items.slice(1) })).toEqual({ 'vm.items': prev.items.slice(1) });
  });
});
