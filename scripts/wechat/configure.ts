/**
 * `npm run configure` (also run by `npm ci`): the one place where the mini-program's deployment settings are
 * chosen, from environment variables, into files that are not committed — so nobody's appid or environment
 * ends up in the repository, and a fresh clone runs against the local backend.
 *
 * - `JMT_APPID` → `project.private.config.json` `appid` (DevTools and miniprogram-ci let it override
 *   `project.config.json`, which keeps `touristappid`);
 * - `JMT_CLOUD_ENV` → `miniprogram/config.ts` `CLOUD_ENV_ID`: the CloudBase environment the mini-program calls
 *   (empty: the local backend);
 * - `JMT_LOCAL_BACKEND_URL` → `miniprogram/config.ts` `LOCAL_BACKEND_URL` (default `http://127.0.0.1:3000`;
 *   a phone needs this computer's LAN address);
 * - `JMT_TEMPLATE_IDS` → `miniprogram/config.ts` `TEMPLATE_IDS`: the subscription message template ids from the
 *   admin console, JSON kind → id (empty: the dev ids the local emulator knows). The messages function reads the
 *   same variable; both go through `templateIdsFrom`, so the client asks for the ids the server sends with.
 *
 * A variable that is not set leaves its current value (so `npm ci` keeps a configured project configured);
 * set to the empty string, it goes back to the default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEV_TEMPLATE_IDS, NOTICE_KINDS, templateIdsFrom } from '../../miniprogram/shared/notices/templates';

const REPO_ROOT = path.resolve(__dirname, '../..');
export const CONFIG_TS = path.join(REPO_ROOT, 'miniprogram', 'config.ts');
export const PRIVATE_PROJECT_CONFIG = path.join(REPO_ROOT, 'project.private.config.json');
export const DEFAULT_LOCAL_BACKEND_URL = 'http://127.0.0.1:3000';

export interface MiniprogramConfig {
  cloudEnvId: string;
  localBackendUrl: string;
  /** JSON kind → template id, only the kinds configured ('' : every kind on its dev id). */
  templateIds: string;
}

export const APPID_FORMAT = /^wx[0-9a-f]{16}$/;
export const CLOUD_ENV_FORMAT = /^[a-z0-9][a-z0-9-]{2,62}$/i;

/**
 * A JMT_TEMPLATE_IDS value checked by the one parser (an unknown kind or a malformed id is refused) and written
 * back as the kinds it sets, compactly: template ids are letters, digits, `-` and `_`, so it fits a quoted string.
 */
export function normalTemplateIds(json: string): string {
  const ids = templateIdsFrom(json);
  const set = NOTICE_KINDS.filter((kind) => ids[kind] !== DEV_TEMPLATE_IDS[kind]);
  return set.length ? JSON.stringify(Object.fromEntries(set.map((kind) => [kind, ids[kind]]))) : '';
}

export function renderConfigTs({ cloudEnvId, localBackendUrl, templateIds }: MiniprogramConfig): string {
  return `// Written by \`npm run configure\` from JMT_CLOUD_ENV, JMT_LOCAL_BACKEND_URL and JMT_TEMPLATE_IDS; not committed
// (see README).

/** The CloudBase environment the mini-program calls; empty: the local backend that \`npm start\` runs. */
export const CLOUD_ENV_ID = ${JSON.stringify(cloudEnvId).replace(/"/g, "'")};

/** Where \`npm start\` listens (local mode only). A phone needs this computer's LAN address. */
export const LOCAL_BACKEND_URL = ${JSON.stringify(localBackendUrl).replace(/"/g, "'")};

/** Subscription message template ids, JSON kind → id from the admin console; empty: the dev ids. */
export const TEMPLATE_IDS = '${templateIds}';
`;
}

/** The values \`miniprogram/config.ts\` holds now (the defaults when it does not exist). */
export function readConfigTs(file = CONFIG_TS): MiniprogramConfig {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const value = (name: string) => text.match(new RegExp(`export const ${name} = '([^']*)'`))?.[1];
  return {
    cloudEnvId: value('CLOUD_ENV_ID') ?? '',
    localBackendUrl: value('LOCAL_BACKEND_URL') ?? DEFAULT_LOCAL_BACKEND_URL,
    templateIds: value('TEMPLATE_IDS') ?? '',
  };
}

function fail(message: string): never {
  console.error(`npm run configure: ${message}`);
  process.exit(1);
}

function main() {
  const env = process.env;
  const current = readConfigTs();
  const config: MiniprogramConfig = {
    cloudEnvId: env.JMT_CLOUD_ENV ?? current.cloudEnvId,
    localBackendUrl:
      env.JMT_LOCAL_BACKEND_URL === undefined
        ? current.localBackendUrl
        : env.JMT_LOCAL_BACKEND_URL || DEFAULT_LOCAL_BACKEND_URL,
    templateIds: current.templateIds,
  };
  try {
    config.templateIds = normalTemplateIds(env.JMT_TEMPLATE_IDS ?? current.templateIds);
  } catch (error) {
    fail(
      `JMT_TEMPLATE_IDS is not JSON of kind → template id (${(error as Error).message}); ` +
        `the kinds: ${NOTICE_KINDS.join(', ')}`,
    );
  }
  if (config.cloudEnvId && !CLOUD_ENV_FORMAT.test(config.cloudEnvId))
    fail(`JMT_CLOUD_ENV "${config.cloudEnvId}" is not a CloudBase environment id (e.g. jmt-prod-1g2h3k4l)`);
  if (!/^https?:\/\/[^\s']+$/.test(config.localBackendUrl))
    fail(`JMT_LOCAL_BACKEND_URL "${config.localBackendUrl}" is not an http(s) URL`);
  fs.writeFileSync(CONFIG_TS, renderConfigTs(config));

  if (env.JMT_APPID !== undefined) {
    if (env.JMT_APPID && !APPID_FORMAT.test(env.JMT_APPID))
      fail(`JMT_APPID "${env.JMT_APPID}" is not an appid (wx followed by 16 hex digits, from mp.weixin.qq.com)`);
    const existing = fs.existsSync(PRIVATE_PROJECT_CONFIG)
      ? (JSON.parse(fs.readFileSync(PRIVATE_PROJECT_CONFIG, 'utf8')) as Record<string, unknown>)
      : {};
    const { appid: _previous, ...rest } = existing;
    const next = env.JMT_APPID ? { ...rest, appid: env.JMT_APPID } : rest;
    fs.writeFileSync(PRIVATE_PROJECT_CONFIG, `${JSON.stringify(next, null, 2)}\n`);
  }
  const backend = config.cloudEnvId ? `CloudBase environment ${config.cloudEnvId}` : config.localBackendUrl;
  console.log(`mini-program backend: ${backend}`);
  const configured = config.templateIds ? Object.keys(JSON.parse(config.templateIds) as object).length : 0;
  console.log(`subscription message templates: ${configured} of ${NOTICE_KINDS.length} from JMT_TEMPLATE_IDS`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) main();
