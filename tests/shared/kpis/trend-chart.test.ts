/** The trend chart's drawing (components/trend-chart/geometry): where each rate's line runs, gaps where none. */
import { chartDrawing } from '../../../miniprogram/components/trend-chart/geometry';

const box = { width: 308, height: 120, left: 0, top: 10, bottom: 10 };

it('maps 0–100 % onto the plot and buckets evenly across it', () => {
  const d = chartDrawing([{ key: 'r', label: '响应率', color: '#000', values: [0, 0.5, 1] }], box);
  expect(d.grid.map((g) => [g.label, g.y])).toEqual([
    ['0%', 110],
    ['50%', 60],
    ['100%', 10],
  ]);
  expect(d.lines[0].segments).toEqual([
    [
      [0, 110],
      [150, 60],
      [300, 10],
    ],
  ]);
});

it('breaks a line where a bucket has no figure, and keeps a lone point', () => {
  const d = chartDrawing([{ key: 'r', label: '响应率', color: '#000', values: [1, null, 0.5, 0.5, null] }], box);
  expect(d.lines[0].segments.map((s) => s.length)).toEqual([1, 2]);
});
