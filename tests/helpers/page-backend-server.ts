/**
 * Child process of tests/helpers/page-backend.ts: the real local backend (the real cloud functions over HTTP)
 * on a fresh in-memory store seeded with the demo data, plus a small read-only control server that lets a
 * test look into the store. Runs in plain node (mingo and the store need node, not jsdom).
 *
 *   node --import tsx tests/helpers/page-backend-server.ts
 *   → prints one line: {"url":"http://127.0.0.1:PORT","control":"http://127.0.0.1:PORT2"}
 *
 * With `--activity`, `npm start`'s sample activity is made too (through the functions, as `npm start` does).
 *
 * Control: GET /docs/<collection> → every document of the collection (sorted by _id, dates as ISO strings);
 * POST /wechat/settle → answers once WeChat's verdicts due so far (photo review) have been pushed and recorded.
 * POST /timers/<function>/<timer> → runs that timer now (what it did, as the function answers).
 * Exits when its stdin closes (the test process went away) or on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { seedIfEmpty, startLocalBackend } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';
import { seedActivity } from '../../local-backend/seed/activity';

async function main(): Promise<void> {
  const store = Store.memory();
  const backend = await startLocalBackend({ store });
  await seedIfEmpty(store);
  if (process.argv.includes('--activity')) await seedActivity(FUNCTIONS);

  const control = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/wechat/settle') {
      await backend.wechat.settle();
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"settled":true}');
      return;
    }
    const timer = req.method === 'POST' && /^\/timers\/([\w-]+)\/([\w-]+)$/.exec(req.url ?? '');
    if (timer) {
      const fn = FUNCTIONS.find((f) => f.name === timer[1]);
      void (fn ? fn.runTimer(timer[2]) : Promise.resolve({ ok: false })).then((result) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(result));
      });
      return;
    }
    const match = /^\/docs\/([\w-]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const body = match ? JSON.stringify(store.dump()[match[1]] ?? []) : JSON.stringify({ error: 'not found' });
    res.writeHead(match ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    control.close();
    control.closeAllConnections();
    await backend.close();
    store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();

  process.stdout.write(`${JSON.stringify({ url: backend.url, control: controlUrl })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
