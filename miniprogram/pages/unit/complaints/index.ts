import { companyInbox } from '../../../services/complaints/index';
import { registerComplaintInbox } from '../../../lib/complaint-inbox';
import { unitScope } from './view-model';

// 投诉待办 (物业企业): new, overdue, in hand and finished complaints about the company's compounds.
registerComplaintInbox({
  scope: unitScope,
  fetch: (scope, filter, cursor) => companyInbox({ unitId: scope.scopeId, filter, cursor }),
});
