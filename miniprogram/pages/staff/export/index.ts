import { textSizeBehavior } from '../../../behaviors/text-size';
import { errorText } from '../../../lib/errors';
import { createExport, openSpreadsheet } from '../../../services/exports/index';
import type { Tap } from '../../../services/events';
import {
  exportInput,
  FORMAT_CHOICES,
  formProblem,
  initialForm,
  KIND_CHOICES,
  scopeOf,
  scopeText,
  toDone,
  WINDOW_CHOICES,
  type ExportForm,
  type ExportState,
} from './view-model';
import type { ExportScope } from '../../../shared/exports/kinds';

// 数据导出: staff export their scope's orders or complaints for a window as Excel (opened in WeChat) or CSV (a link
// for a computer). The server decides what the caller may export; the page only asks and opens.
Component({
  behaviors: [textSizeBehavior],
  data: {
    scope: null as ExportScope | null,
    scopeText: '',
    form: initialForm({}, new Date()),
    kinds: KIND_CHOICES,
    windows: WINDOW_CHOICES,
    formats: FORMAT_CHOICES,
    result: { state: 'idle' } as ExportState,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const scope = scopeOf(query);
      this.setData({
        scope,
        scopeText: scope ? scopeText(scope, query.name) : '',
        form: initialForm(query, new Date()),
        result: scope ? { state: 'idle' } : { state: 'error', message: '链接不完整，请从“我的”页面进入' },
      });
    },
    choose(e: Tap<{ field: 'kind' | 'window' | 'format'; value: string }>) {
      const { field, value } = e.currentTarget.dataset;
      if (this.data.result.state === 'working') return;
      this.setData({ [`form.${field}`]: value, result: { state: 'idle' } });
    },
    onDate(
      e: WechatMiniprogram.CustomEvent<{ value: string }, WechatMiniprogram.IAnyObject, { field: 'from' | 'to' }>,
    ) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: e.detail.value, result: { state: 'idle' } });
    },
    async submit() {
      const { scope, form } = this.data as { scope: ExportScope | null; form: ExportForm };
      if (!scope || this.data.result.state === 'working') return;
      const problem = formProblem(form, new Date());
      if (problem) {
        this.setData({ result: { state: 'error', message: problem } });
        return;
      }
      this.setData({ result: { state: 'working' } });
      const res = await createExport(exportInput(scope, form));
      if (!res.ok) {
        this.setData({ result: { state: 'error', message: errorText(res.error) } });
        return;
      }
      const done = toDone(res.data);
      this.setData({ result: done });
      if (res.data.format === 'xlsx') await this.open();
    },
    async open() {
      const result = this.data.result;
      if (result.state !== 'done' || !result.isExcel) return;
      const problem = await openSpreadsheet(result.url);
      if (problem) this.setData({ result: { state: 'error', message: problem } });
    },
  },
});
