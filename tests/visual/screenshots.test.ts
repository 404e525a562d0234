/**
 * Visual regression: every page (scripts/screenshots/scenes.ts) rendered afresh must match its committed
 * baseline in docs/screenshots/ pixel for pixel (renders are deterministic: fixed clock, seeded randomness, no
 * network). A changed page fails the test by name, with a diff PNG under tmp/screenshots/diff/;
 * `npm run screenshots -- --update` accepts the change. Without Chromium (JMT_CHROMIUM or /usr/bin/chromium) the
 * test says so and is skipped.
 *
 * The run is `npm run screenshots`' own, in a child process (plain node, one browser for every page): loading
 * puppeteer and comparing pixels inside jest's module sandbox takes several times longer.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { chromiumPath } from '../../scripts/screenshots/browser';

const REPO_ROOT = path.resolve(__dirname, '../..');
const chromium = chromiumPath();
if (!chromium)
  console.warn(
    'visual test skipped: no Chromium (set JMT_CHROMIUM or install Debian’s chromium) — screenshots not compared',
  );

jest.setTimeout(300_000);

(chromium ? describe : describe.skip)('screenshots match docs/screenshots', () => {
  it('every page renders as its committed baseline', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/screenshots/index.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, UPDATE_SNAPSHOTS: '' },
    });
    const output = `${run.stdout}${run.stderr}`.trim();
    if (run.status !== 0) throw new Error(`screenshots differ or could not be made:\n${output}`);
    expect(output).toMatch(/match the baselines/);
  });
});
