import { complaintDetailUrl, orderDetailUrl } from '../../../lib/links';
import type { Tap } from '../../../services/events';
import { figureItems } from '../../../services/kpis/index';
import { pagedListMethods } from '../../../services/list-page';
import { pagedLoader } from '../../../services/paging';
import type { Measure } from '../../../shared/kpis/figures';
import { appendFigure, isFigure, loadingFigure, type FigureRow, type FigureViewModel } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

interface Data {
  vm: FigureViewModel;
  scope: string;
  measure: Measure | 'volume';
  preset: 'month' | 'last30';
}

const load = pagedLoader(
  ({ scope, measure, preset }: Data, cursor?: number) => figureItems({ scope, measure, window: { preset }, cursor }),
  appendFigure,
);

// 指标明细 (`?scope=&measure=&preset=`): the orders and complaints one figure of the 工作台 counts, a page at a
// time, each marked for or against; a line opens the order or complaint.
Component({
  behaviors: [textSizeBehavior],
  data: {
    vm: loadingFigure('volume'),
    scope: '',
    measure: 'volume',
    preset: 'month',
  } as Data,
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const measure = isFigure(query.measure) ? query.measure : 'volume';
      this.setData({
        scope: decodeURIComponent(query.scope ?? ''),
        measure,
        preset: query.preset === 'last30' ? 'last30' : 'month',
        vm: loadingFigure(measure),
      });
      return this.load(true);
    },
    ...pagedListMethods(load, (data: Data) => loadingFigure(data.measure)),
    open(e: Tap<{ id: string; kind: FigureRow['kind'] }>) {
      const { id, kind } = e.currentTarget.dataset;
      return wx.navigateTo({ url: kind === 'order' ? orderDetailUrl(id) : complaintDetailUrl(id) });
    },
  },
});
