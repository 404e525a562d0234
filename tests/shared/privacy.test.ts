import { maskName, maskPhone } from '../../miniprogram/shared/privacy';

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
