import type { ActionInput, ActionName } from '../../shared/api/index';
import { callFunction } from '../transport';

type In<A extends ActionName<'complaints'>> = ActionInput<'complaints', A>;

export const listComplaintCategories = () => callFunction('complaints', 'listCategories', {});

// 居民投诉、附议、确认与评价
export const similarOpen = (input: In<'similarOpen'>) => callFunction('complaints', 'similarOpen', input);
export const fileComplaint = (input: In<'file'>) => callFunction('complaints', 'file', input);
export const meToo = (complaintId: string) => callFunction('complaints', 'meToo', { complaintId });
export const listMyComplaints = (input: In<'listMine'>) => callFunction('complaints', 'listMine', input);
export const getComplaint = (complaintId: string) => callFunction('complaints', 'getDetail', { complaintId });
export const satisfied = (complaintId: string) => callFunction('complaints', 'satisfied', { complaintId });
export const notSatisfied = (input: In<'notSatisfied'>) => callFunction('complaints', 'notSatisfied', input);
export const rateComplaint = (input: In<'rate'>) => callFunction('complaints', 'rate', input);

// 物业企业、社区、街道、职能部门
export const companyInbox = (input: In<'companyInbox'>) => callFunction('complaints', 'companyInbox', input);
export const staffInbox = (input: In<'staffInbox'>) => callFunction('complaints', 'staffInbox', input);
export const acknowledgeComplaint = (input: In<'acknowledge'>) => callFunction('complaints', 'acknowledge', input);
export const answerComplaint = (input: In<'answer'>) => callFunction('complaints', 'answer', input);
export const referComplaint = (input: In<'refer'>) => callFunction('complaints', 'refer', input);
export const closeNotResponsible = (input: In<'closeNotResponsible'>) =>
  callFunction('complaints', 'closeNotResponsible', input);

// 信用评价、未诉先办
export const companyScore = (input: In<'companyScore'> = {}) => callFunction('complaints', 'companyScore', input);
export const companyRanking = (input: In<'companyRanking'>) => callFunction('complaints', 'companyRanking', input);
export const hotspots = (input: In<'hotspots'>) => callFunction('complaints', 'hotspots', input);
export const openProactiveOrder = (input: In<'openProactiveOrder'>) =>
  callFunction('complaints', 'openProactiveOrder', input);

// 代办投诉: staff take a complaint down for a member who phoned or came in
export const fileOnBehalf = (input: In<'fileOnBehalf'>) => callFunction('complaints', 'fileOnBehalf', input);
