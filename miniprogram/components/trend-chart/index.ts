import { chartDrawing, type ChartSeries } from './geometry';

/** Room for the 0–100 % labels on the left, and a little above and below the plot (px). */
const BOX = { left: 36, top: 8, bottom: 8 };

// 走势图: the rates' series as lines on a canvas (canvas 2d API), 0–100 %, with the first and last day under it
// and a legend. What is drawn is computed by geometry.ts (tested); this only paints it.
Component({
  properties: {
    series: { type: Array, value: [] as ChartSeries[] },
    first: { type: String, value: '' },
    last: { type: String, value: '' },
  },
  observers: {
    series() {
      this.draw();
    },
  },
  lifetimes: {
    ready() {
      this.draw();
    },
  },
  methods: {
    draw() {
      this.createSelectorQuery()
        .select('#trend')
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: WechatMiniprogram.Canvas; width: number; height: number } | null> | null) => {
          const found = res?.[0];
          // No canvas node (the page tests' renderer, or not laid out yet): nothing to paint.
          if (!found?.node || !found.width) return;
          const canvas = found.node;
          const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          canvas.width = found.width * ratio;
          canvas.height = found.height * ratio;
          const ctx = canvas.getContext('2d');
          ctx.scale(ratio, ratio);
          const drawing = chartDrawing(this.data.series as ChartSeries[], {
            ...BOX,
            width: found.width,
            height: found.height,
          });
          ctx.clearRect(0, 0, found.width, found.height);
          ctx.font = '10px sans-serif';
          ctx.lineWidth = 1;
          for (const line of drawing.grid) {
            ctx.strokeStyle = '#e7e7e7';
            ctx.beginPath();
            ctx.moveTo(BOX.left, line.y);
            ctx.lineTo(found.width - 8, line.y);
            ctx.stroke();
            ctx.fillStyle = 'rgba(0,0,0,0.45)';
            ctx.fillText(line.label, 0, line.y + 3);
          }
          ctx.lineWidth = 2;
          for (const line of drawing.lines) {
            ctx.strokeStyle = line.color;
            ctx.fillStyle = line.color;
            for (const segment of line.segments) {
              ctx.beginPath();
              segment.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
              ctx.stroke();
              // a lone point (a bucket between gaps) is a dot, not an invisible line
              if (segment.length === 1) {
                ctx.beginPath();
                ctx.arc(segment[0][0], segment[0][1], 2.5, 0, Math.PI * 2);
                ctx.fill();
              }
            }
          }
        });
    },
  },
});
