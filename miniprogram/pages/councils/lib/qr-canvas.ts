import { qrMatrix, qrRects } from './qr-matrix';

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    scale(x: number, y: number): void;
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
  } | null;
}

/**
 * Draws the QR code of `payload` on the page's `<canvas type="2d" id="…">` (once it is laid out). Does nothing
 * where there is no canvas node (a test renderer, or the canvas not shown yet).
 */
export function drawQr(page: WechatMiniprogram.Component.TrivialInstance, canvasId: string, payload: string): void {
  page
    .createSelectorQuery()
    .select(`#${canvasId}`)
    .fields({ node: true, size: true })
    .exec((res: Array<{ node?: CanvasNode; width?: number } | null>) => {
      const hit = res?.[0];
      const canvas = hit?.node;
      const ctx = canvas?.getContext?.('2d');
      if (!canvas || !ctx || !hit?.width) return;
      const dpr = wx.getWindowInfo().pixelRatio || 1;
      const side = hit.width;
      canvas.width = side * dpr;
      canvas.height = side * dpr;
      ctx.scale(dpr, dpr);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, side, side);
      ctx.fillStyle = '#000000';
      const { cell, rects } = qrRects(qrMatrix(payload), side);
      // +0.5 px overlap so no hairlines show between neighbouring modules
      for (const r of rects) ctx.fillRect(r.x, r.y, r.w + 0.5, cell + 0.5);
    });
}
