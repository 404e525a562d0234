/**
 * `npm run build`: bundles every cloud function into `build/cloudfunctions/<name>/` — one self-contained
 * `index.js` (esbuild, dependencies included, so CloudBase needs no `npm install`), its `package.json` and
 * `config.json` — and regenerates `cloudbaserc.json` (functions, timers, collections, rules, indexes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { COLLECTION_SPECS } from '../cloudfunctions/lib/db';
import { TIMER_TRIGGER } from '../cloudfunctions/lib/timers';
import { FUNCTIONS, HTTP_SERVICES } from '../cloudfunctions/registry';
import { OPEN_APIS } from '../cloudfunctions/lib/wechat';

const root = path.resolve(__dirname, '..');
export const FUNCTIONS_OUT = path.join(root, 'build', 'cloudfunctions');

/**
 * The timer trigger of each function that has timers: one (CloudBase allows one per function), every minute; the
 * function runs whichever of its timers are due (cloudfunctions/lib/timers.ts).
 */
export const TIMERS: Record<string, Array<typeof TIMER_TRIGGER>> = Object.fromEntries(
  FUNCTIONS.filter((fn) => Object.keys(fn.timers).length).map((fn) => [fn.name, [TIMER_TRIGGER]]),
);

const functionConfig = (name: string) => ({
  name,
  runtime: 'Nodejs18.15',
  handler: 'index.main',
  timeout: 10,
  memorySize: 256,
  installDependency: false,
  ...(TIMERS[name] && { triggers: TIMERS[name] }),
});

/**
 * The functions with an HTTP access path (HTTP 访问服务): the framework's function plugin deploys them with their
 * `servicePaths` (`tcb framework deploy`); by hand it is `tcb service create -p /open311/v2 -f open311`.
 */
const httpAccess = () =>
  HTTP_SERVICES.length === 0
    ? {}
    : {
        httpAccess: {
          use: '@cloudbase/framework-plugin-function',
          inputs: {
            functionRootPath: './build/cloudfunctions',
            functions: HTTP_SERVICES.map((service) => functionConfig(service.name)),
            servicePaths: Object.fromEntries(HTTP_SERVICES.map((service) => [service.name, service.path])),
          },
        },
      };

export function cloudbaseConfig() {
  return {
    version: '2.0',
    envId: '{{env.ENV_ID}}',
    functionRoot: './build/cloudfunctions',
    functions: FUNCTIONS.map((fn) => functionConfig(fn.name)),
    framework: {
      name: 'jumintong',
      plugins: {
        ...httpAccess(),
        database: {
          use: '@cloudbase/framework-plugin-database',
          inputs: {
            collections: Object.entries(COLLECTION_SPECS).map(([name, spec]) => ({
              collectionName: name,
              description: spec.description,
              // 仅管理员可读写: clients never read or write a collection directly; all access goes through functions.
              aclTag: 'ADMINONLY',
              createIndexes: spec.indexes.map((index) => ({
                name: index.name,
                unique: Boolean(index.unique),
                keys: index.keys.map(([field, direction]) => ({ name: field, direction: String(direction) })),
              })),
            })),
          },
        },
      },
    },
  };
}

export const renderCloudbaseConfig = () => `${JSON.stringify(cloudbaseConfig(), null, 2)}\n`;

/**
 * node-sdk loads every product it wraps at start-up; a function needs only `init`, `auth().getUserInfo()` (the
 * caller, read from the environment), the database (the real query builder and its request layer) and the cloud
 * call `callWxOpenApi` (same request layer). Everything else is left out of the bundles — most of their size and
 * cold start — and replaced by a stub that fails loudly if anything ever calls into it. Each rule names the module
 * by the specifier and, where the name is generic, the sdk file that imports it; the request layer
 * (`utils/tcbapirequester`, `request-core`, the signer, axios for the platform check) is never left out.
 * `tests/scripts/bundle-sdk-paths.test.ts` checks that a bundled query and cloud call send what node-sdk sends.
 */
const SDK = /@cloudbase[\\/]node-sdk[\\/]dist[\\/]cloudbase\.js$/;
export const LEFT_OUT = [
  { filter: /^@cloudbase\/wx-cloud-client-sdk$/, why: 'data models / MySQL client (app.models, app.mysql)' },
  { filter: /^\.\/ai$/, importer: SDK, why: 'AI (app.ai())' },
  { filter: /^\.\/storage$/, importer: SDK, why: 'cloud storage (app.uploadFile and friends; XML parser)' },
  { filter: /^\.\/functions$/, importer: SDK, why: 'calling other functions (app.callFunction, app.callApis)' },
  { filter: /^\.\/cloudrun$/, importer: SDK, why: 'cloud run containers (app.callContainer)' },
  { filter: /^\.\/analytics$/, importer: SDK, why: 'analytics reports (app.analytics)' },
  { filter: /^\.\/notification$/, importer: SDK, why: 'template notifications (app.sendTemplateNotification)' },
  // auth's only use of it is createTicket (custom login tickets); getUserInfo reads the environment
  { filter: /^jsonwebtoken$/, why: 'custom login tickets (app.auth().createTicket)' },
  // realtime listeners (collection.watch()), created lazily by the query builder only when watch() is called
  { filter: /^\.\/realtime\/websocket-client$/, why: 'realtime listeners (watch())' },
  { filter: /^mime-db$/, why: 'MIME table for storage uploads from a function (none are made)', empty: true },
];

export const leaveOut: Plugin = {
  name: 'leave-out-unused-sdk-parts',
  setup(b) {
    for (const [i, rule] of LEFT_OUT.entries()) {
      b.onResolve({ filter: rule.filter }, (args) =>
        !rule.importer || rule.importer.test(args.importer) ? { path: String(i), namespace: 'left-out' } : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => {
      const rule = LEFT_OUT[Number(args.path)];
      const contents = rule.empty
        ? 'module.exports = {};'
        : `module.exports = new Proxy({}, { get(_, key) {
             if (key === '__esModule' || typeof key === 'symbol') return undefined;
             throw new Error(${JSON.stringify(`left out of the function bundle: ${rule.why} (scripts/build-functions.ts)`)});
           } });`;
      return { contents, loader: 'js' };
    });
  },
};

/** The esbuild options of every function bundle (the bench builds its node-sdk-only floor with the same). */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [leaveOut],
} satisfies BuildOptions;

/** Bundles every function into `outDir` (the deploy folder by default). */
export async function buildFunctions(outDir = FUNCTIONS_OUT): Promise<Array<{ name: string; bytes: number }>> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const results = [];
  for (const fn of FUNCTIONS) {
    const dir = path.join(outDir, fn.name);
    const outfile = path.join(dir, 'index.js');
    await build({
      entryPoints: [path.join(root, 'cloudfunctions', fn.name, 'index.ts')],
      outfile,
      ...BUNDLE_OPTIONS,
    });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify({ name: fn.name, version: '1.0.0', private: true, main: 'index.js' }, null, 2)}\n`,
    );
    // config.json is what WeChat DevTools reads for cloud function permissions and triggers.
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      `${JSON.stringify({ permissions: { openapi: OPEN_APIS }, triggers: TIMERS[fn.name] ?? [] }, null, 2)}\n`,
    );
    results.push({ name: fn.name, bytes: fs.statSync(outfile).size });
  }
  return results;
}

// Run as a script (`npm run build`), not when a test imports it.
if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  buildFunctions().then(
    (results) => {
      fs.writeFileSync(path.join(root, 'cloudbaserc.json'), renderCloudbaseConfig());
      for (const r of results) console.log(`${r.name.padEnd(12)} ${(r.bytes / 1024).toFixed(1)} KB`);
      console.log(
        `built ${results.length} function(s) into ${path.relative(root, FUNCTIONS_OUT)}/ and wrote cloudbaserc.json`,
      );
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
