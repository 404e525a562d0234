/**
 * The module matrix of a check-in QR code (qrcode-generator, error correction M): what the sign-up pages draw on a
 * `<canvas type="2d">`. Pure: the same payload always gives the same matrix.
 */
import qrcode from 'qrcode-generator';

export interface QrMatrix {
  /** Modules per side: 17 + 4 × version (21 for version 1, 29 for version 3…). */
  size: number;
  /** The QR version (1–40) the payload needed. */
  version: number;
  /** Row by row, `1` for a dark module and `0` for a light one. */
  rows: string[];
}

export function qrMatrix(payload: string): QrMatrix {
  const qr = qrcode(0, 'M');
  qr.addData(payload, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const rows: string[] = [];
  for (let r = 0; r < size; r += 1) {
    let row = '';
    for (let c = 0; c < size; c += 1) row += qr.isDark(r, c) ? '1' : '0';
    rows.push(row);
  }
  return { size, version: (size - 17) / 4, rows };
}

/** How many modules are dark. */
export const darkModules = (matrix: QrMatrix): number =>
  matrix.rows.reduce((n, row) => n + row.split('').filter((m) => m === '1').length, 0);

/** The dark modules as rectangles on a canvas of `pixels` square with a quiet zone of `margin` modules. */
export function qrRects(
  matrix: QrMatrix,
  pixels: number,
  margin = 2,
): { cell: number; rects: Array<{ x: number; y: number; w: number }> } {
  const cell = pixels / (matrix.size + margin * 2);
  const rects: Array<{ x: number; y: number; w: number }> = [];
  matrix.rows.forEach((row, r) => {
    // runs of dark modules in a row become one rectangle
    let c = 0;
    while (c < matrix.size) {
      if (row[c] !== '1') {
        c += 1;
        continue;
      }
      const start = c;
      while (c < matrix.size && row[c] === '1') c += 1;
      rects.push({ x: (start + margin) * cell, y: (r + margin) * cell, w: (c - start) * cell });
    }
  });
  return { cell, rects };
}
