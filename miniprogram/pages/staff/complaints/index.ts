import { staffInbox } from '../../../services/complaints/index';
import { registerComplaintInbox } from '../../../lib/complaint-inbox';
import { staffScope } from './view-model';

// 升级投诉 (社区呼叫、街道吹哨、部门报到): the escalated complaints the community, street or department holds.
registerComplaintInbox({
  scope: staffScope,
  fetch: ({ level, scopeId }, filter, cursor) => staffInbox({ level, scopeId, filter, cursor }),
});
