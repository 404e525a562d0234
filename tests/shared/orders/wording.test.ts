import { clockDeadlineText, reworkText } from '../../../miniprogram/shared/orders/wording';
import { orderDetailUrl } from '../../../miniprogram/lib/links';

describe('order wording', () => {
  it('names the running clock and when it ends, in China time', () => {
    expect(clockDeadlineText({ status: 'submitted', deadline: '2026-11-02T03:00:00Z' })).toBe('受理时限 11-02 11:00');
    expect(clockDeadlineText({ status: 'submitted', deadline: null })).toBe('');
    expect(clockDeadlineText({ status: 'cancelled', deadline: '2026-11-02T03:00:00Z' })).toBe('');
  });

  it('counts the times an order was sent back', () => {
    expect(reworkText(0)).toBe('');
    expect(reworkText(2)).toBe('发回重办2次');
  });

  it('links to the order’s detail page', () => {
    expect(orderDetailUrl('od 1')).toBe('/pages/orders/detail/index?id=od%201');
  });
});
