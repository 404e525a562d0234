/** What a caller may do with a complaint now: the 附议 rule and the actions the server offers (core decides). */
import {
  availableActions,
  checkMeToo,
  enabledActions,
  meTooRefusalText,
  type ComplaintActor,
} from '../../../miniprogram/shared/complaints/capabilities';

describe('附议 (me too)', () => {
  const ok = {
    state: 'acknowledged' as const,
    complaintCompoundId: 'longhu',
    callerCompoundId: 'longhu',
    isFiler: false,
    alreadySupporter: false,
  };
  it('joins an open complaint of his own compound, once, not his own', () => {
    expect(checkMeToo(ok)).toEqual({ ok: true });
    expect(checkMeToo({ ...ok, state: 'closed' })).toMatchObject({ code: 'INVALID_STATE' });
    expect(checkMeToo({ ...ok, callerCompoundId: 'dexuan' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(checkMeToo({ ...ok, isFiler: true })).toMatchObject({ code: 'CONFLICT' });
    expect(checkMeToo({ ...ok, alreadySupporter: true })).toMatchObject({ code: 'CONFLICT', message: '您已附议' });
  });
});

describe('the caller’s actions', () => {
  const filed = { state: 'filed' as const, level: 'company' as const, compoundId: 'dexuan' };
  const as = (roles: ComplaintActor['roles'], extra: Partial<ComplaintActor> = {}): ComplaintActor => ({
    roles,
    compoundId: '',
    isFiler: false,
    isSupporter: false,
    ...extra,
  });

  it('offers 受理 and 答复 only to the level’s own handler', () => {
    expect(enabledActions(availableActions(filed, as(['unit_member'])))).toEqual(['acknowledge', 'answer']);
    expect(availableActions(filed, as(['community_staff']))).toEqual([
      { code: 'close_not_responsible', enabled: true, reason: null },
    ]);
    expect(enabledActions(availableActions({ ...filed, level: 'community' }, as(['community_staff'])))).toEqual(
      expect.arrayContaining(['acknowledge', 'answer', 'refer']),
    );
    expect(enabledActions(availableActions({ ...filed, state: 'acknowledged' }, as(['unit_member'])))).toEqual([
      'answer',
    ]);
  });

  it('offers 附议 to a neighbour of its compound, and says why not to the filer and who joined', () => {
    expect(availableActions(filed, as([], { compoundId: 'dexuan' }))).toEqual([
      { code: 'me_too', enabled: true, reason: null },
    ]);
    expect(availableActions(filed, as(['resident'], { compoundId: 'dexuan', isFiler: true }))).toEqual([
      { code: 'me_too', enabled: false, reason: 'own_complaint' },
    ]);
    expect(availableActions(filed, as([], { compoundId: 'dexuan', isSupporter: true }))).toEqual([
      { code: 'me_too', enabled: false, reason: 'joined' },
    ]);
    expect(meTooRefusalText('joined')).toBe('您已附议');
    // Not his compound, or closed: nothing to offer.
    expect(availableActions(filed, as([], { compoundId: 'longhu' }))).toEqual([]);
    expect(availableActions({ ...filed, state: 'closed' }, as(['resident'], { compoundId: 'dexuan' }))).toEqual([]);
  });
});
