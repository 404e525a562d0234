/**
 * The steps of a screenshot run, shared by the CLI (index.ts) and the visual test: render the scenes to HTML (a
 * child process: it turns its global scope into a jsdom window and runs on a fixed clock), capture them in
 * Chromium, compare them with the committed baselines, draw the contact sheet.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser } from 'puppeteer-core';
import { capture, captureHtml } from './browser';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The committed baselines (and the contact sheet). */
export const BASELINE_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
/** Scratch space of a run: html/, current/, diff/. */
export const WORK_DIR = path.join(REPO_ROOT, 'tmp', 'screenshots');
export const CONTACT_SHEET = 'contact-sheet';

/** Renders the scenes (all, or the named ones) to `<WORK_DIR>/html/<name>.html`; resolves with those written. */
export function renderScenes(names: string[] = []): Promise<string[]> {
  const htmlDir = path.join(WORK_DIR, 'html');
  fs.rmSync(htmlDir, { recursive: true, force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'render.ts'), htmlDir, ...names], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const report = stdout.trim().split('\n').pop() ?? '';
      try {
        const { written, failed } = JSON.parse(report) as { written: string[]; failed: string[] };
        if (code === 0 && failed.length === 0) resolve(written);
        else reject(new Error(`rendering failed for ${failed.join(', ') || `(exit ${code})`}:\n${stderr}`));
      } catch {
        reject(new Error(`the renderer exited (${code}) without a report:\n${stderr}`));
      }
    });
  });
}

export const htmlFile = (name: string) => path.join(WORK_DIR, 'html', `${name}.html`);

/** Captures the rendered scenes in one browser, in order. */
export async function captureScenes(browser: Browser, names: string[]): Promise<Map<string, Buffer>> {
  const shots = new Map<string, Buffer>();
  for (const name of names) shots.set(name, await capture(browser, htmlFile(name)));
  return shots;
}

export interface Difference {
  name: string;
  /** Why: a missing baseline, another size, or how many pixels differ. */
  reason: string;
  /** The diff image (pixelmatch), when the sizes match. */
  diffFile?: string;
}

/** Compares fresh captures with the baselines (threshold 0: renders are deterministic); writes diff PNGs. */
export function compareWithBaselines(shots: Map<string, Buffer>): Difference[] {
  const diffDir = path.join(WORK_DIR, 'diff');
  fs.rmSync(diffDir, { recursive: true, force: true });
  const differences: Difference[] = [];
  for (const [name, fresh] of shots) {
    const baselineFile = path.join(BASELINE_DIR, `${name}.png`);
    if (!fs.existsSync(baselineFile)) {
      differences.push({ name, reason: 'no baseline' });
      continue;
    }
    const expected = PNG.sync.read(fs.readFileSync(baselineFile));
    const actual = PNG.sync.read(fresh);
    if (expected.width !== actual.width || expected.height !== actual.height) {
      differences.push({
        name,
        reason: `size ${actual.width}×${actual.height}, baseline ${expected.width}×${expected.height}`,
      });
      continue;
    }
    const diff = new PNG({ width: actual.width, height: actual.height });
    const pixels = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0 });
    if (pixels > 0) {
      fs.mkdirSync(diffDir, { recursive: true });
      const diffFile = path.join(diffDir, `${name}.png`);
      fs.writeFileSync(diffFile, PNG.sync.write(diff));
      fs.writeFileSync(path.join(diffDir, `${name}.actual.png`), fresh);
      differences.push({ name, reason: `${pixels} pixels differ`, diffFile });
    }
  }
  return differences;
}

const CELL_WIDTH = 200;
/** The first screen of a page: 812 of its CSS px (at 2 device px each, 750 wide). */
const CELL_HEIGHT = Math.round((CELL_WIDTH * 812) / 375);
const COLUMNS = 6;

/** One PNG of every page's first screen, labelled, in scene order. */
export function drawContactSheet(browser: Browser, shots: Map<string, Buffer>): Promise<Buffer> {
  const cells = [...shots]
    .map(
      ([name, png]) =>
        `<figure><div class="shot"><img src="data:image/png;base64,${png.toString('base64')}"></div>` +
        `<figcaption>${name}</figcaption></figure>`,
    )
    .join('');
  const width = COLUMNS * (CELL_WIDTH + 16) + 16;
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><style>' +
    `body{margin:0;padding:8px;background:#e7e7e7;font:14px 'Noto Sans CJK SC',sans-serif;display:flex;flex-wrap:wrap;width:${width - 16}px}` +
    `figure{margin:8px;width:${CELL_WIDTH}px}` +
    `.shot{width:${CELL_WIDTH}px;height:${CELL_HEIGHT}px;overflow:hidden;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.25)}` +
    `img{display:block;width:${CELL_WIDTH}px}` +
    'figcaption{margin-top:6px;text-align:center;color:#333}' +
    `</style></head><body>${cells}</body></html>`;
  return captureHtml(browser, html, width);
}
