/**
 * The trend chart's drawing as data: each series' polyline in the canvas's pixels (a gap where a bucket has no
 * figure), and the grid lines at 0, 50 and 100 %. Pure, so what the chart shows is tested without a canvas.
 */

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /** 0–1 per bucket, oldest first; null where the bucket has no sample. */
  values: Array<number | null>;
}

export interface Box {
  width: number;
  height: number;
  /** Room left for the axis labels (px). */
  left: number;
  bottom: number;
  top: number;
}

export interface Drawing {
  grid: Array<{ y: number; label: string }>;
  lines: Array<{ color: string; segments: Array<Array<[number, number]>> }>;
}

export function chartDrawing(series: readonly ChartSeries[], box: Box): Drawing {
  const plotH = Math.max(1, box.height - box.top - box.bottom);
  const plotW = Math.max(1, box.width - box.left - 8);
  const y = (v: number) => box.top + plotH * (1 - v);
  const count = Math.max(0, ...series.map((s) => s.values.length));
  const x = (i: number) => box.left + (count <= 1 ? plotW / 2 : (plotW * i) / (count - 1));
  return {
    grid: [0, 0.5, 1].map((v) => ({ y: y(v), label: `${v * 100}%` })),
    lines: series.map((s) => {
      const segments: Array<Array<[number, number]>> = [];
      let current: Array<[number, number]> = [];
      s.values.forEach((v, i) => {
        if (v === null) {
          if (current.length) segments.push(current);
          current = [];
        } else current.push([x(i), y(v)]);
      });
      if (current.length) segments.push(current);
      return { color: s.color, segments };
    }),
  };
}
