import {
  HOTSPOT_DEFAULTS,
  detectHotspots,
  hotspotKey,
  type HotspotComplaint,
} from '../../miniprogram/shared/complaints/hotspots';

const NOW = '2024-10-20T04:00:00.000Z'; // 12:00 in 嘉峪关
const daysAgo = (days: number) => new Date(new Date(NOW).getTime() - days * 24 * 60 * 60 * 1000).toISOString();

let seq = 0;
const c = (
  category: HotspotComplaint['category'],
  compoundId: string,
  gridId: string,
  ago: number,
  households = 1,
  open = true,
): HotspotComplaint => ({
  id: `c${String(++seq).padStart(2, '0')}`,
  category,
  compoundId,
  gridId,
  filedAt: daysAgo(ago),
  households,
  open,
});

/*
 * 雄关社区 in October, grids g1–g5:
 * - a heating surge in 龙湖华庭 (grid g1): 4 complaints in the last 5 days, two of them joined by neighbours
 *   (附议), 1 + 5 + 1 + 3 = 10 households;
 * - heating scattered one by one over 德轩小区, 东湖怡园 and 雍平坊, each in its own grid;
 * - old heating complaints in 德轩小区 (20 days ago, 6 households) — outside the 7-day window;
 * - sanitation in 德轩小区, 3 households — under the threshold;
 * - noise in grid g5, 3 households in 东湖怡园北 and 3 in 雍平坊西: neither compound reaches 5, the grid does.
 */
const surge = [
  c('heating', 'longhu', 'g1', 1),
  c('heating', 'longhu', 'g1', 2, 5),
  c('heating', 'longhu', 'g1', 3, 1, false),
  c('heating', 'longhu', 'g1', 5, 3),
];
const scattered = [c('heating', 'dexuan', 'g2', 1), c('heating', 'donghu', 'g3', 2), c('heating', 'yongping', 'g4', 4)];
const old = [c('heating', 'dexuan', 'g2', 20, 6)];
const sanitation = [c('sanitation', 'dexuan', 'g2', 1), c('sanitation', 'dexuan', 'g2', 2, 2)];
const noise = [c('noise', 'donghu-north', 'g5', 1, 3), c('noise', 'yongping-west', 'g5', 6, 3)];
const ALL = [...surge, ...scattered, ...old, ...sanitation, ...noise];

describe('未诉先办 hotspots', () => {
  it('finds the heating surge in one compound and the noise across one grid, nothing scattered or old', () => {
    const found = detectHotspots(ALL, { now: NOW });
    expect(found).toEqual([
      {
        key: 'heating:compound:longhu',
        category: 'heating',
        scope: 'compound',
        placeId: 'longhu',
        households: 10,
        complaints: 4,
        openComplaints: 3,
        compoundIds: ['longhu'],
        complaintIds: ['c01', 'c02', 'c03', 'c04'],
        firstAt: daysAgo(5),
        lastAt: daysAgo(1),
      },
      {
        key: 'noise:grid:g5',
        category: 'noise',
        scope: 'grid',
        placeId: 'g5',
        households: 6,
        complaints: 2,
        openComplaints: 2,
        compoundIds: ['donghu-north', 'yongping-west'],
        complaintIds: ['c11', 'c12'],
        firstAt: daysAgo(6),
        lastAt: daysAgo(1),
      },
    ]);
    // g1's heating is all 龙湖华庭: the compound's hotspot says it already.
    expect(found.map((h) => h.key)).not.toContain('heating:grid:g1');
  });

  it('finds nothing in complaints scattered over compounds and grids', () => {
    expect(detectHotspots(scattered, { now: NOW, threshold: 2 })).toEqual([]);
  });

  it('uses the window and the threshold staff set', () => {
    expect(HOTSPOT_DEFAULTS).toEqual({ windowDays: 7, threshold: 5 });
    // A 30-day window takes in the old 德轩 heating complaints: 6 + 1 households there.
    expect(detectHotspots(ALL, { now: NOW, windowDays: 30 }).map((h) => [h.key, h.households])).toEqual([
      ['heating:compound:longhu', 10],
      ['heating:compound:dexuan', 7],
      ['noise:grid:g5', 6],
    ]);
    expect(detectHotspots(ALL, { now: NOW, threshold: 11 })).toEqual([]);
    expect(detectHotspots(ALL, { now: NOW, threshold: 10 }).map((h) => h.key)).toEqual(['heating:compound:longhu']);
    // At 3 households the small clusters show too, in a fixed order: households, complaints, compound before grid,
    // category, place.
    expect(detectHotspots(ALL, { now: NOW, threshold: 3 }).map((h) => h.key)).toEqual([
      'heating:compound:longhu',
      'noise:grid:g5',
      'sanitation:compound:dexuan',
      'noise:compound:donghu-north',
      'noise:compound:yongping-west',
    ]);
  });

  it('counts the window’s edges in: a complaint exactly windowDays old, and one filed now', () => {
    const edge = [
      c('leaks', 'longhu', 'g1', 7, 2),
      c('leaks', 'longhu', 'g1', 0, 3),
      c('leaks', 'longhu', 'g1', 7.001, 9),
    ];
    expect(detectHotspots(edge, { now: NOW })).toMatchObject([{ key: 'leaks:compound:longhu', households: 5 }]);
  });

  it('gives the same answer whatever order the complaints come in', () => {
    const shuffled = [...ALL].reverse();
    const rotated = [...ALL.slice(5), ...ALL.slice(0, 5)];
    const want = detectHotspots(ALL, { now: NOW, threshold: 3 });
    expect(detectHotspots(shuffled, { now: NOW, threshold: 3 })).toEqual(want);
    expect(detectHotspots(rotated, { now: NOW, threshold: 3 })).toEqual(want);
    expect(hotspotKey('heating', 'grid', 'g1')).toBe('heating:grid:g1');
  });
});
