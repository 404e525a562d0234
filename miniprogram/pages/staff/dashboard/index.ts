import { errorText } from '../../../lib/errors';
import { kpiDashboard } from '../../../services/kpis/index';
import type { Tap } from '../../../services/events';
import type { Measure } from '../../../shared/kpis/figures';
import type { ScopeKind } from '../../../shared/kpis/scopes';
import { dashboardUrl, figureUrl } from '../../../lib/links';
import type { ActionOutput } from '../../../shared/api/index';
import { WINDOW_PRESETS, toDashboardViewModel, type DashboardViewModel, type Preset } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

/** What each open dashboard last read: a ranking's group or measure re-ranks it without asking again. */
const read = new WeakMap<object, ActionOutput<'kpis', 'dashboard'>>();

// 工作台 (`?scope=` and `?preset=month|last30` optional, else the caller's broadest scope, decided by the server from his roles): the five
// rates over 本月 or 近30天 with their trend, volume, time to close and what is overdue now, and the rankings of
// the scopes inside; a tile opens the documents behind its figure, a ranking line that scope's own dashboard.
Component({
  behaviors: [textSizeBehavior],
  data: {
    scope: '',
    preset: 'month' as Preset,
    windows: WINDOW_PRESETS,
    vm: { state: 'loading' } as DashboardViewModel,
    group: '' as ScopeKind | '',
    measure: 'response' as Measure,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const preset = WINDOW_PRESETS.find((w) => w.value === query.preset)?.value ?? 'month';
      this.setData({ scope: query.scope ? decodeURIComponent(query.scope) : '', preset });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const { scope, preset } = this.data;
      const res = await kpiDashboard({ ...(scope && { scope }), window: { preset } });
      if (preset !== this.data.preset) return; // another window was chosen meanwhile
      this.setData({
        vm: res.ok
          ? toDashboardViewModel(res.data, { group: this.data.group, measure: this.data.measure })
          : { state: 'error', message: errorText(res.error) },
        ...(res.ok && { scope: res.data.summary.key }),
      });
      if (res.ok) read.set(this, res.data);
    },
    retry() {
      this.setData({ vm: { state: 'loading' } });
      return this.load();
    },
    onWindow(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const preset = e.detail.value as Preset;
      if (preset === this.data.preset || !WINDOW_PRESETS.some((w) => w.value === preset)) return undefined;
      this.setData({ preset, vm: { state: 'loading' } });
      return this.load();
    },
    /** A ranking's group or measure changes what is ranked, not what was read. */
    rerank(choice: { group?: ScopeKind; measure?: Measure }) {
      const dashboard = read.get(this);
      if (!dashboard) return;
      const vm = toDashboardViewModel(dashboard, { group: this.data.group, measure: this.data.measure, ...choice });
      this.setData({ group: vm.group, measure: vm.measure, vm });
    },
    onGroup(e: Tap<{ kind: ScopeKind }>) {
      this.rerank({ group: e.currentTarget.dataset.kind });
    },
    onMeasure(e: Tap<{ measure: Measure }>) {
      this.rerank({ measure: e.currentTarget.dataset.measure });
    },
    openScope(e: Tap<{ key: string }>) {
      return wx.navigateTo({ url: dashboardUrl(e.currentTarget.dataset.key) });
    },
    openRoot(e: Tap<{ key: string }>) {
      return wx.navigateTo({ url: dashboardUrl(e.currentTarget.dataset.key) });
    },
    openFigure(e: Tap<{ measure: Measure | 'volume' }>) {
      return wx.navigateTo({ url: figureUrl(this.data.scope, e.currentTarget.dataset.measure, this.data.preset) });
    },
  },
});
