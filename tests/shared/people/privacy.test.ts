import { maskName, maskPhone, seenBy, shownName, widestViewer } from '../../../miniprogram/shared/privacy';

describe('masking names and phones for people who may not see them', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
  });
  it('masks short numbers completely', () => {
    expect(maskPhone('12345')).toBe('*****');
  });
  it('keeps only the family name', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('敖登格日勒')).toBe('敖****');
  });
  it('still hides something for one-character names', () => {
    expect(maskName('王')).toBe('王*');
  });
});

describe('what each viewer sees of a person (one rule for every output)', () => {
  const zhang = { name: '张桂兰', phone: '13893700001', private: false };
  const hiding = { ...zhang, private: true };

  it('he himself and those who must reach him see him in full', () => {
    for (const viewer of ['self', 'handler'] as const) {
      expect(seenBy(viewer, hiding)).toEqual({ name: '张桂兰', phone: '13893700001' });
    }
  });
  it('street staff and admins see enough to tell cases apart, not to call', () => {
    expect(seenBy('overseer', hiding)).toEqual({ name: '张**', phone: '138****0001' });
  });
  it('volunteers see him masked, or not at all when he asked to be hidden', () => {
    expect(seenBy('volunteer', zhang)).toEqual({ name: '张**', phone: '138****0001' });
    expect(seenBy('volunteer', hiding)).toEqual({ name: null, phone: null });
    expect(shownName('volunteer', hiding)).toBe('居民');
  });
  it('neighbours see a masked name if he made it public, never his phone', () => {
    expect(seenBy('neighbour', zhang)).toEqual({ name: '张**', phone: null });
    expect(shownName('neighbour', hiding)).toBe('居民');
  });
  it('a viewer with several relations sees as the widest; none at all is a neighbour', () => {
    expect(widestViewer(['volunteer', 'handler'])).toBe('handler');
    expect(widestViewer([])).toBe('neighbour');
  });
  it('a resident staff recorded by name and phone (代办) is seen in full only by his community’s staff', () => {
    const recorded = { name: '马大爷', phone: '13912345678', private: false, recorded: true };
    expect(seenBy('keeper', recorded)).toEqual({ name: '马大爷', phone: '13912345678' });
    for (const viewer of ['handler', 'overseer', 'volunteer', 'neighbour'] as const) {
      expect(seenBy(viewer, recorded).phone).toBeNull();
    }
    expect(seenBy('handler', recorded).name).toBe('马**');
    // For everyone else, his community's staff see what those who must reach him see.
    expect(seenBy('keeper', zhang)).toEqual(seenBy('handler', zhang));
    expect(widestViewer(['handler', 'keeper'])).toBe('keeper');
  });
});
