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

/** 工作台 of a scope (`city`, `street:ID`, `community:ID`…); without one, the caller's broadest. */
export const dashboardUrl = (scope?: string): string =>
  `/pages/staff/dashboard/index${scope ? `?scope=${encodeURIComponent(scope)}` : ''}`;

/** The orders and complaints behind one figure of a scope's 工作台, over 本月 or 近30天. */
export const figureUrl = (scope: string, measure: string, preset: string): string =>
  `/pages/staff/figure/index?scope=${encodeURIComponent(scope)}&measure=${measure}&preset=${preset}`;
