import {
  canLoadMore,
  listError,
  loadingList,
  mergeRows,
  withRows,
  type PagedList,
} from '../../miniprogram/shared/paging';

const row = (id: string, text = id) => ({ id, text });

describe('paged lists', () => {
  it('start loading, with nothing shown and no next page', () => {
    const vm = loadingList<{ id: string }>();
    expect(vm).toEqual({ state: 'loading', message: '', items: [], nextCursor: null, loadingMore: false });
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
      busyId: '',
    });
    const shown: PagedList<{ id: string }> = withRows(loadingList(), [row('a')], 20);
    expect(listError({ ...shown, loadingMore: true }, '网络不给力')).toEqual({
      ...shown,
      loadingMore: false,
      message: '网络不给力',
    });
  });
});
