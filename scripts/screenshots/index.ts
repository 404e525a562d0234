/**
 * `npm run screenshots [-- --update] [scene…]`: renders every page (scenes.ts) with its real data and captures it
 * in headless Chromium.
 *
 * - without --update: compares the captures with the baselines in docs/screenshots/ (pixel for pixel), writes
 *   a diff PNG per changed page under tmp/screenshots/diff/ and exits 1 when any page changed;
 * - with --update (or UPDATE_SNAPSHOTS=1): writes the captures to docs/screenshots/<scene>.png and redraws
 *   docs/screenshots/contact-sheet.png (with every scene; only a full run redraws it).
 *
 * Chromium: JMT_CHROMIUM, else /usr/bin/chromium.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromiumPath, launchBrowser } from './browser';
import {
  BASELINE_DIR,
  CONTACT_SHEET,
  WORK_DIR,
  captureScenes,
  compareWithBaselines,
  drawContactSheet,
  renderScenes,
} from './run';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const update = args.includes('--update') || process.env.UPDATE_SNAPSHOTS === '1';
  const names = args.filter((a) => !a.startsWith('--'));
  const executable = chromiumPath();
  if (!executable) {
    console.error('screenshots: no Chromium (set JMT_CHROMIUM or install Debian’s chromium)');
    return 2;
  }
  const started = Date.now();
  const rendered = await renderScenes(names);
  const browser = await launchBrowser(executable);
  try {
    const shots = await captureScenes(browser, rendered);
    const currentDir = path.join(WORK_DIR, 'current');
    fs.mkdirSync(currentDir, { recursive: true });
    for (const [name, png] of shots) fs.writeFileSync(path.join(currentDir, `${name}.png`), png);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (update) {
      fs.mkdirSync(BASELINE_DIR, { recursive: true });
      for (const [name, png] of shots) fs.writeFileSync(path.join(BASELINE_DIR, `${name}.png`), png);
      if (names.length === 0)
        fs.writeFileSync(path.join(BASELINE_DIR, `${CONTACT_SHEET}.png`), await drawContactSheet(browser, shots));
      console.log(`screenshots: ${shots.size} written to ${path.relative(process.cwd(), BASELINE_DIR)} (${seconds} s)`);
      return 0;
    }
    const differences = compareWithBaselines(shots);
    for (const d of differences)
      console.log(`  ${d.name}: ${d.reason}${d.diffFile ? ` — ${path.relative(process.cwd(), d.diffFile)}` : ''}`);
    console.log(
      differences.length
        ? `screenshots: ${differences.length} of ${shots.size} differ from the baselines (npm run screenshots -- --update to accept)`
        : `screenshots: ${shots.size} match the baselines (${seconds} s)`,
    );
    return differences.length ? 1 : 0;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
