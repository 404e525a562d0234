import type { InboxScope } from '../../../lib/complaint-inbox-view';

/** 物业企业投诉待办 (`?unitId=`): the company's own complaints, held at the company level. */
export const unitScope = (query: Record<string, string | undefined>): InboxScope | null =>
  query.unitId ? { level: 'company', scopeId: query.unitId } : null;
