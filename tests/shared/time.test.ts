import { chinaParts, formatTime, shortTime, timeWindow } from '../../miniprogram/shared/time';

const at = (hours: number) =>
  new Date(new Date('2026-11-02T09:00:00+08:00').getTime() + hours * 3600_000).toISOString();

describe('China time', () => {
  it('splits an instant into its China-time date and time', () => {
    expect(chinaParts(Date.parse('2026-12-31T16:30:00Z'))).toEqual({ date: '2027-01-01', time: '00:30' });
  });

  it('formats whole and short times whatever the instant’s zone', () => {
    expect(formatTime('2026-11-03T16:05:00.000Z')).toBe('2026-11-04 00:05');
    expect(formatTime('2026-11-03T14:05:00+08:00')).toBe('2026-11-03 14:05');
    expect(formatTime('not a time')).toBe('');
    expect(shortTime('2026-11-02T01:00:00Z')).toBe('11-02 09:00');
    expect(shortTime('2026-11-02T17:30:00Z')).toBe('11-03 01:30');
    expect(shortTime('nonsense')).toBe('');
  });

  it('words a time window, with both days across midnight', () => {
    expect(timeWindow(at(3), at(6))).toBe('11-02 12:00–15:00');
    expect(timeWindow(at(14), at(17))).toBe('11-02 23:00 – 11-03 02:00');
    expect(timeWindow('nonsense', at(1))).toBe('');
    expect(timeWindow(at(1), 'nonsense')).toBe('');
  });
});
