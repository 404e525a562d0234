/**
 * `npm run release:check`: refuses a package that must not be uploaded — one whose appid is the tourist one (it
 * can neither preview on a phone nor use `wx.cloud`), whose backend is the local one (a phone cannot reach
 * this computer's `127.0.0.1`), or whose subscription message templates are still the dev ids (WeChat knows none
 * of them: every ask would fail and no message would ever be sent). It compiles the package as an upload would and reads the backend from the
 * compiled `config.js`, so what is checked is what would ship. `npm test` prints the verdict for the checkout
 * as it is (a development checkout is refused, as it should be) and tests both verdicts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compilePackage, REPO_ROOT } from './compile';
import { devTemplateKinds, NOTICE_KINDS, templateIdsFrom } from '../../miniprogram/shared/notices/templates';
import { APPID_FORMAT } from './configure';
import { WechatRuntime, type PackageFiles } from './runtime';

export const TOURIST_APPID = 'touristappid';

/** The appid DevTools and the CLI use: `project.private.config.json` overrides `project.config.json`. */
export function effectiveAppid(root = REPO_ROOT): string {
  const read = (file: string) =>
    fs.existsSync(path.join(root, file))
      ? (JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { appid?: string })
      : {};
  return read('project.private.config.json').appid ?? read('project.config.json').appid ?? '';
}

/** Why the package may not be uploaded, each with what to set; empty when it may. */
export function releaseProblems(appid: string, compiled: PackageFiles): string[] {
  const problems: string[] = [];
  if (appid === TOURIST_APPID || !APPID_FORMAT.test(appid))
    problems.push(
      `the appid is "${appid || '(none)'}"${appid === TOURIST_APPID ? ' (the tourist appid)' : ''}: ` +
        'set JMT_APPID=<your appid, wx + 16 hex digits> and run `npm run configure` ' +
        '(it goes into project.private.config.json, which is not committed)',
    );
  let backend: { CLOUD_ENV_ID?: unknown; LOCAL_BACKEND_URL?: unknown; TEMPLATE_IDS?: unknown };
  try {
    backend = new WechatRuntime(compiled).execute('config.js') as typeof backend;
  } catch (error) {
    return [...problems, `the compiled package has no readable config.js (${(error as Error).message})`];
  }
  if (typeof backend.CLOUD_ENV_ID !== 'string' || backend.CLOUD_ENV_ID === '')
    problems.push(
      `the backend is the local one (${String(backend.LOCAL_BACKEND_URL)}), which a phone cannot reach: ` +
        'set JMT_CLOUD_ENV=<your CloudBase environment id> and run `npm run configure`',
    );
  const templates = templateProblem(backend.TEMPLATE_IDS);
  return templates ? [...problems, templates] : problems;
}

/** Why the configured template ids may not ship (unreadable, or some kinds still on their dev ids), or null. */
function templateProblem(configured: unknown): string | null {
  const set =
    'set JMT_TEMPLATE_IDS=\'{"<kind>":"<template id from 订阅消息 in the admin console>",…}\' for every kind ' +
    "(the same value as the messages function's environment) and run `npm run configure`";
  let devKinds: string[];
  try {
    devKinds = devTemplateKinds(templateIdsFrom(typeof configured === 'string' ? configured : undefined));
  } catch (error) {
    return `the subscription message template ids are not readable (${(error as Error).message}): ${set}`;
  }
  if (devKinds.length === 0) return null;
  const which = devKinds.length === NOTICE_KINDS.length ? 'all' : `${devKinds.length} of ${NOTICE_KINDS.length}`;
  return `the subscription message templates are the dev ids (${which}: ${devKinds.join(', ')}), which WeChat does not know: ${set}`;
}

export function describeVerdict(problems: string[]): string {
  return problems.length
    ? `release check: this package may not be uploaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`
    : 'release check: ok (a real appid, the cloud backend, configured message templates)';
}

async function main() {
  const problems = releaseProblems(effectiveAppid(), await compilePackage());
  if (problems.length) {
    console.error(describeVerdict(problems));
    process.exit(1);
  }
  console.log(describeVerdict(problems));
  process.exit(0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
