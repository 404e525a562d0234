import type { ComplaintDetail, ComplaintSummary } from '../shared/api/complaints';
import {
  afterInboxAction,
  appendInboxPage,
  INBOX_TABS,
  isInboxFilter,
  loadingInbox,
  type InboxFilter,
  type InboxScope,
  type InboxViewModel,
} from './complaint-inbox-view';
import { complaintDetailUrl } from './links';
import type { Result } from '../shared/result';
import { confirmAction } from '../services/dialogs';
import { inboxMethods, pagedListMethods } from '../services/list-page';
import { pagedLoader } from '../services/paging';
import { acknowledgeComplaint } from '../services/complaints/index';
import type { Tap } from '../services/events';
import { listUpdate } from './paging';
import { textSizeBehavior } from '../behaviors/text-size';

export interface InboxPageOptions<S extends InboxScope> {
  /** Whose inbox the page's query names; null when it names none (the page says so). */
  scope(query: Record<string, string | undefined>): S | null;
  fetch(
    scope: S,
    filter: InboxFilter,
    cursor: number | undefined,
  ): Promise<Result<{ items: ComplaintSummary[]; nextCursor: number | null }>>;
}

/**
 * Registers a complaint inbox page (the company's, or a community's, street's or department's): tabs 新投诉 /
 * 已超时 / 处理中 / 已结束, overdue first; 受理 (asked first) and 答复 (notes and photos) from the row; a row opens
 * the complaint's page.
 */
export function registerComplaintInbox<S extends InboxScope>(options: InboxPageOptions<S>): void {
  const load = pagedLoader(
    ({ vm, scope }: { vm: InboxViewModel; scope: InboxScope }, cursor?: number) =>
      options.fetch(scope as S, vm.filter, cursor),
    appendInboxPage,
  );

  Component({
    behaviors: [textSizeBehavior],
    data: {
      vm: loadingInbox() as InboxViewModel,
      tabs: INBOX_TABS,
      scope: { level: 'company', scopeId: '' } as InboxScope,
      /** The complaint the 答复 sheet is open for ('' when closed). */
      sheetFor: '',
    },
    methods: {
      onLoad(query: Record<string, string | undefined>) {
        const scope = options.scope(query);
        const filter = isInboxFilter(query.filter) ? query.filter : 'new';
        if (!scope) {
          this.setData({ vm: { ...loadingInbox(filter), state: 'error', message: '缺少要查看的办理单位' } });
          return undefined;
        }
        this.setData({ scope, vm: loadingInbox(filter, scope.level) });
        return this.load(true);
      },
      /** Back from a complaint's page: it may have been acted on there. */
      onShow() {
        return this.data.vm.state === 'ready' ? this.load(true) : undefined;
      },
      ...pagedListMethods(load, (data) => loadingInbox(data.vm.filter, data.scope.level)),
      ...inboxMethods({
        isFilter: isInboxFilter,
        fresh: (filter: InboxFilter, data: { vm: InboxViewModel; scope: InboxScope }) =>
          loadingInbox(filter, data.scope.level),
        detailUrl: complaintDetailUrl,
        after: afterInboxAction,
      }),

      async acknowledge(e: Tap<{ id: string }>) {
        const complaintId = e.currentTarget.dataset.id;
        if (!(await confirmAction('受理', '受理这条投诉？受理后请在时限内答复居民。', '受理'))) return;
        await this.act(complaintId, () => acknowledgeComplaint({ complaintId }), '已受理');
      },

      openAnswer(e: Tap<{ id: string }>) {
        this.setData({ sheetFor: e.currentTarget.dataset.id });
      },
      closeAnswer() {
        this.setData({ sheetFor: '' });
      },
      onAnswered(e: WechatMiniprogram.CustomEvent<ComplaintDetail>) {
        this.setData({ sheetFor: '', ...listUpdate(this.data.vm, afterInboxAction(this.data.vm, e.detail)) });
      },
    },
  });
}
