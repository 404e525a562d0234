import { subjectPage } from '../shared/notices/templates';

/**
 * The pages other pages link to. The core names a page only where the server needs it — the page a notice opens
 * (`subjectPage`) — and the pages link to the same page through it.
 */

/** The detail page of an order (in the orders subpackage), where its whole story is shown. */
export const orderDetailUrl = (orderId: string): string => `/${subjectPage({ type: 'order', id: orderId })}`;

/** The detail page of a complaint (in the complaints subpackage): residents, companies and staff alike. */
export const complaintDetailUrl = (complaintId: string, extra = ''): string =>
  `/${subjectPage({ type: 'complaint', id: complaintId })}${extra}`;

/** 代办投诉 for a member staff found in 代办下单: the complaint form, filed for him. */
export const complaintOnBehalfUrl = (
  member: { id: string; name: string; building: string; communityId: string; compoundId: string; buildingId: string },
  channel: string,
): string => {
  const query = {
    channel,
    memberId: member.id,
    name: member.name,
    building: member.building,
    communityId: member.communityId,
    compoundId: member.compoundId,
    buildingId: member.buildingId,
  };
  const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return `/pages/complaints/new/index?${pairs.join('&')}`;
};
/** 工作台 of a scope (`city`, `street:ID`, `community:ID`…); without one, the caller's broadest. */
export const dashboardUrl = (scope?: string): string =>
  `/pages/staff/dashboard/index${scope ? `?scope=${encodeURIComponent(scope)}` : ''}`;

/** The orders and complaints behind one figure of a scope's 工作台, over 本月 or 近30天. */
export const figureUrl = (scope: string, measure: string, preset: string): string =>
  `/pages/staff/figure/index?scope=${encodeURIComponent(scope)}&measure=${measure}&preset=${preset}`;
