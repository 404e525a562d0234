/**
 * `npm start`: the embedded local backend — the same cloud functions as production, against a local store.
 *   --reset      wipe the data directory and seed the demo data again
 *   --no-dev     without the development clock and timer endpoints (/_dev/clock, /_dev/timers)
 *   PORT         listen port (default 3000)
 *   JMT_DATA_DIR where the data lives (default .data/local)
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLocalBackend, seedIfEmpty } from './backend';
import { Store } from './db/store';
import { FUNCTIONS } from '../cloudfunctions/registry';
import { demoUsers } from './seed';
import { seedActivity } from './seed/activity';
import { seedHistory } from './seed/history';

async function main() {
  const reset = process.argv.includes('--reset');
  const dev = !process.argv.includes('--no-dev');
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = path.resolve(process.env.JMT_DATA_DIR ?? path.join(__dirname, '..', '.data', 'local'));

  const store = Store.open(dataDir);
  if (reset) {
    store.reset();
    fs.rmSync(path.join(dataDir, 'files'), { recursive: true, force: true });
  }
  const backend = await startLocalBackend({
    store,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    filesDir: path.join(dataDir, 'files'),
    dev,
  });
  // Ctrl-C or SIGTERM (a process manager, a test), also while seeding: close the server, release the LOCK.
  const stop = async () => {
    await backend.close();
    store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const seeded = await seedIfEmpty(store);
  if (seeded) {
    // The past weeks first (the 工作台's figures), then today's sample activity, whose notices delivery includes both.
    await seedHistory(FUNCTIONS);
    await seedActivity(FUNCTIONS);
  }

  console.log(`居民通 local backend listening on ${backend.url}`);
  console.log(
    `  data:  ${dataDir}${seeded ? ' (seeded with demo data and sample activity)' : ''}  — npm start -- --reset to reseed`,
  );
  console.log(
    `  call:  POST ${backend.url}/functions/<name>  body {"action": "...", "payload": {...}}  header x-wx-openid`,
  );
  console.log(`  list:  GET ${backend.url}/functions/<name>  every action, its access rule and input schema`);
  if (dev) console.log(`  dev:   GET|POST ${backend.url}/_dev/clock, POST ${backend.url}/_dev/timers[/<name>]`);
  console.log('  demo users (x-wx-openid):');
  for (const user of demoUsers) console.log(`    ${user.openid.padEnd(26)} ${user.name || '—'}  ${user.purpose}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
