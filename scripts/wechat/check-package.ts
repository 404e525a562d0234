/**
 * `npm run package:check` (part of `npm test`): compiles the mini-program as an upload would and loads the
 * result the way WeChat does (see runtime.ts). Fails when a page does not register, a module is required in a
 * way WeChat cannot resolve, or a file a page needs is missing from the package. Leaves the compiled package
 * and its sizes in `tmp/wechat-package/` for the budget step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COMPILED_DIR, compilePackage, sizesOf, writePackage } from './compile';
import { describeVerdict, effectiveAppid, releaseProblems } from './release-check';
import { loadPackage } from './runtime';

async function main() {
  const started = Date.now();
  const files = await compilePackage();
  writePackage(files);
  const sizes = sizesOf(files);
  fs.writeFileSync(path.join(COMPILED_DIR, 'sizes.json'), JSON.stringify(sizes, null, 2));

  const report = loadPackage(files);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `compiled package (miniprogram-ci, ${files.size} files, ${seconds} s): ${report.pages.length} pages and ` +
      `${report.components.length} components registered under WeChat's require rules`,
  );
  // For information: a development checkout is refused for upload (`npm run release:check` fails on it).
  console.log(describeVerdict(releaseProblems(effectiveAppid(), files)));
  if (report.problems.length) {
    console.error(`\nthe compiled package would fail in WeChat:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
}

main().then(
  () => process.exit(0), // the compiler's own handles would keep the process alive
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
