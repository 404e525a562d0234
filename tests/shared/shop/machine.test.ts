/** 积分超市's rules: a redemption's states, who may hand over or cancel, prices, stock and points. */
import {
  actionsFor,
  isClosed,
  nextState,
  redeemRefusal,
  refusalOf,
  spendable,
  validPrice,
  validStock,
} from '../../../miniprogram/shared/shop/machine';

describe('a redemption', () => {
  it('starts reserved; handed over and cancelled are closed', () => {
    expect(isClosed('reserved')).toBe(false);
    expect(isClosed('handed_over')).toBe(true);
    expect(isClosed('cancelled')).toBe(true);
  });

  it('only staff hand it over', () => {
    expect(refusalOf('hand_over', 'reserved', 'staff')).toBeNull();
    expect(refusalOf('hand_over', 'reserved', 'volunteer')).toMatchObject({ code: 'FORBIDDEN' });
    expect(nextState('hand_over', 'reserved')).toBe('handed_over');
  });

  it('the volunteer, or staff, may cancel it before hand-over — never after', () => {
    expect(refusalOf('cancel', 'reserved', 'volunteer')).toBeNull();
    expect(refusalOf('cancel', 'reserved', 'staff')).toBeNull();
    expect(refusalOf('cancel', 'handed_over', 'volunteer')).toMatchObject({ code: 'INVALID_STATE' });
    expect(refusalOf('cancel', 'handed_over', 'staff')).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('is cancelled once: a cancelled one cannot be cancelled again (no second refund)', () => {
    expect(refusalOf('cancel', 'cancelled', 'volunteer')).toMatchObject({
      code: 'INVALID_STATE',
      message: '这笔兑换已取消',
    });
  });

  it('offers each party what he may do now', () => {
    expect(actionsFor('reserved', 'volunteer')).toEqual(['cancel']);
    expect(actionsFor('reserved', 'staff')).toEqual(['hand_over', 'cancel']);
    expect(actionsFor('handed_over', 'staff')).toEqual([]);
  });
});

describe('an item', () => {
  it('costs a whole number of points above zero', () => {
    expect(validPrice(1)).toBe(true);
    expect(validPrice(0)).toBe(false);
    expect(validPrice(-5)).toBe(false);
    expect(validPrice(2.5)).toBe(false);
  });

  it('has a stock of zero or more', () => {
    expect(validStock(0)).toBe(true);
    expect(validStock(-1)).toBe(false);
    expect(validStock(1.5)).toBe(false);
  });
});

describe('redeeming', () => {
  const item = { price: 10, stock: 3, onSale: true };

  it('needs the item on sale, in stock, and points to cover its price', () => {
    expect(redeemRefusal(item, 10)).toBeNull();
    expect(redeemRefusal({ ...item, onSale: false }, 100)).toMatchObject({ message: '该物品已下架' });
    expect(redeemRefusal({ ...item, stock: 0 }, 100)).toMatchObject({ code: 'FULL', message: '该物品已兑完' });
    expect(redeemRefusal(item, 9)).toMatchObject({ message: '积分不足：需要 10 分，您有 9 分' });
  });

  it('spends what he was credited (work, adjustments, refunds) less what the shop debited him', () => {
    expect(spendable({ task: 30, refund: 10, redeem: -20 }, 20)).toBe(20);
    expect(spendable({ task: 30, adjust: -5 }, 0)).toBe(25);
    // the shop's debit counts even before its ledger line is written
    expect(spendable({ task: 30 }, 10)).toBe(20);
  });

  it('never shows less than nothing', () => {
    expect(spendable({ task: 10 }, 30)).toBe(0);
  });
});
