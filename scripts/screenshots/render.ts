/**
 * Child process of the screenshot run: renders every scene with miniprogram-simulate (the page tests' harness,
 * made faithful by fidelity.ts) against the seeded local backend, in process, on a fixed clock, and writes one
 * standalone HTML document per scene.
 *
 *   node --import tsx scripts/screenshots/render.ts <out-dir> [scene names…]
 *   → <out-dir>/<scene>.html, and one line of JSON on stdout: the scenes written
 */
import './dom-env';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installFixedClock, installSeededRandom } from './clock';
import { installFidelityPatches, lastPageStylesheet } from './fidelity';
import { FONT_MODES, pageDocument } from './page-html';
import { SCENES, SCREENSHOT_CLOCK, type CallFunction, type Scene } from './scenes';

async function main(): Promise<void> {
  const [outDir, ...only] = process.argv.slice(2);
  if (!outDir) throw new Error('usage: render.ts <out-dir> [scene…]');
  const clock = installFixedClock(SCREENSHOT_CLOCK);
  installSeededRandom(20261118);
  installFidelityPatches();
  // Loaded after the patches: the harness, the backend and the functions.
  const { openPage } = await import('../../tests/helpers/simulate');
  const { forwardRequestsTo, installWxMock } = await import('../../tests/helpers/wx-mock');
  const { seedIfEmpty, startLocalBackend } = await import('../../local-backend/backend');
  const { Store } = await import('../../local-backend/db/store');
  const { seedActivity } = await import('../../local-backend/seed/activity');
  const { FUNCTIONS } = await import('../../cloudfunctions/registry');

  const store = Store.memory();
  const backend = await startLocalBackend({ store, timers: false, now: () => new Date() });
  await seedIfEmpty(store, new Date());
  await seedActivity(FUNCTIONS, new Date());

  const call: CallFunction = async (openid, fn, action, payload) => {
    const target = FUNCTIONS.find((f) => f.name === fn);
    if (!target) throw new Error(`no function ${fn}`);
    const result = (await target.handle({ action, payload }, { openid }, { now: () => new Date() })) as
      { ok: true; data: Record<string, unknown> } | { ok: false; error: { message: string } };
    if (!result.ok) throw new Error(`${fn}.${action} as ${openid}: ${result.error.message}`);
    return result.data;
  };

  const scenes = only.length ? SCENES.filter((s) => only.includes(s.name)) : SCENES;
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const failed: string[] = [];
  for (const scene of scenes) {
    if (scene.after) clock.setTo(scene.after);
    try {
      await scene.arrange?.(call);
      written.push(...(await renderScene(scene)));
    } catch (error) {
      failed.push(scene.name);
      console.error(`[${scene.name}]`, error);
    }
  }
  await backend.close();
  store.close();
  process.stdout.write(`${JSON.stringify({ written, failed })}\n`);
  if (failed.length) process.exitCode = 1;

  /** The page as a standard-font and a care-mode picture (`<name>`, `<name>.care`): the names written. */
  async function renderScene(scene: Scene): Promise<string[]> {
    const mock = installWxMock({ storage: { localOpenid: scene.openid } });
    mock.setRequestHandler(forwardRequestsTo(backend.url));
    const query = typeof scene.query === 'function' ? scene.query(store.dump()) : (scene.query ?? {});
    const page = await openPage(scene.route, query);
    await page.waitFor(() => !page.text().includes('正在加载'), { timeout: 10_000 });
    await scene.act?.(page, mock);
    await new Promise((resolve) => setTimeout(resolve, 400)); // tdesign transitions end after ~240 ms
    const title = mock.calls.filter((c) => c.api === 'setNavigationBarTitle').pop()?.options as
      { title?: string } | undefined;
    const document = (rootFontSize: string) =>
      pageDocument({
        route: scene.route,
        root: page.component.dom!,
        pageCss: lastPageStylesheet(),
        title: title?.title,
        badges: mock.tabBarBadges,
        rootFontSize,
      });
    const names = [scene.name, `${scene.name}.care`];
    fs.writeFileSync(path.join(outDir, `${names[0]}.html`), document(FONT_MODES.standard));
    fs.writeFileSync(path.join(outDir, `${names[1]}.html`), document(FONT_MODES.care));
    page.detach();
    return names;
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
