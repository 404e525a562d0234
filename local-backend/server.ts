import fs from 'node:fs';
import http from 'node:http';
import * as z from 'zod/mini';
import type { HttpService } from '../cloudfunctions/lib/http';
import { describeFunction, type CloudFunction } from '../cloudfunctions/lib/router';
import type { TimerOutcomes } from '../cloudfunctions/lib/timers';
import { AppError, type ErrorBody } from '../miniprogram/shared/errors';
import { fail, ok } from '../miniprogram/shared/result';
import { parseDuration, type DevClock } from './clock';
import { contentTypeOf, LOCAL_FILE_PREFIX, UploadError, type FileStorage } from './files';
import type { WechatEmulator } from './wechat/emulator';

/** CloudBase refuses request bodies over 100 KB; so does the local backend, so nothing works only locally. */
export const MAX_BODY_BYTES = 100 * 1024;

/** The development tools: the clock the functions see, and their timers on demand. */
export interface DevTools {
  clock: DevClock;
  runTimers(functions: CloudFunction[]): Promise<Record<string, TimerOutcomes>>;
  /** The WeChat emulator: what was sent (`GET /_dev/wechat/messages?touser=…`) and every call. */
  wechat?: WechatEmulator;
}

export interface ServerOptions {
  functions: CloudFunction[];
  now?: () => Date;
  /** Extra read-only info for `GET /` (e.g. demo users), shown to developers only. */
  info?: Record<string, unknown>;
  /** Where uploads go (`POST /files`, `GET /files/<id>`); without it the server has no file storage. */
  files?: FileStorage;
  /** `/_dev/clock` and `/_dev/timers`; without it those paths are unknown (404). */
  dev?: DevTools;
  /** Functions with an HTTP access path (CloudBase HTTP 访问服务), served under that path. */
  http?: HttpService[];
}

/** A request that ends in a structured error with this HTTP status. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * The body as text. Past the limit the rest is read and dropped, not kept, and the request fails with 413; the
 * socket stays open until the reply is written (destroying it first would leave the client without an answer).
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        reject(new HttpError(413, new AppError('BAD_REQUEST', '提交的内容过大（不能超过 100 KB）').toBody()));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, new AppError('BAD_REQUEST', '请求内容不是有效的 JSON').toBody());
  }
}

const notFound = (what: string) => new HttpError(404, new AppError('NOT_FOUND', what).toBody());

type Route = (req: http.IncomingMessage, res: http.ServerResponse, match: RegExpExecArray) => Promise<void>;

/**
 * The local stand-in for CloudBase's function gateway: `POST /functions/<name>` with the `data` the
 * mini-program would pass to `wx.cloud.callFunction`. Identity comes from the `x-wx-openid` header — a
 * convenience only this local server offers; deployed functions read it from the cloud environment.
 */
export function createServer(options: ServerOptions): http.Server {
  const byName = new Map(options.functions.map((fn) => [fn.name, fn]));
  const functionNamed = (name: string) => {
    const fn = byName.get(name);
    if (!fn) throw notFound(`没有这个云函数：${name}（可用：${[...byName.keys()].join('、')}）`);
    return fn;
  };

  const routes: Array<[method: string, path: RegExp, route: Route]> = [
    [
      'GET',
      /^\/$/,
      async (_req, res) =>
        send(res, 200, {
          name: '居民通 local backend',
          functions: [...byName.keys()],
          actions: 'GET /functions/<name>: every action with its access rule and input (JSON Schema)',
          ...options.info,
        }),
    ],
    ['GET', /^\/functions\/([\w-]+)$/, async (_req, res, m) => send(res, 200, describeFunction(functionNamed(m[1])))],
    [
      'POST',
      /^\/functions\/([\w-]+)$/,
      async (req, res, m) => {
        const fn = functionNamed(m[1]);
        const event = await readJson(req);
        const openid = String(req.headers['x-wx-openid'] ?? '');
        send(res, 200, await fn.handle(event, { openid }, { now: options.now }));
      },
    ],
  ];
  if (options.files) routes.push(...fileRoutes(options.files));
  for (const service of options.http ?? []) routes.push(...httpAccessRoutes(service, options.now));
  if (options.dev) routes.push(...devRoutes(options.dev, options.functions, functionNamed));

  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      for (const [method, path, route] of routes) {
        const match = path.exec(url.pathname);
        if (match && req.method === method) return await route(req, res, match);
      }
      throw notFound(`没有这个接口：${req.method} ${url.pathname}`);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        console.error(`[${req.method} ${url.pathname}] unhandled error`, error);
        send(res, 500, fail(new AppError('INTERNAL').toBody()));
        return;
      }
      // A body left unread (too large) would hold the connection: answer, then close it.
      send(res, error.status, fail(error.body), req.complete ? {} : { connection: 'close' });
    }
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Everything under a function's HTTP access path, any method, handed to it as the integration request CloudBase
 * builds (path, httpMethod, headers, queryStringParameters, body, isBase64Encoded), answered as it returns.
 */
function httpAccessRoutes(service: HttpService, now?: () => Date): Array<[string, RegExp, Route]> {
  const route: Route = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]),
    );
    const reply = await service.handle(
      {
        path: url.pathname,
        httpMethod: req.method ?? 'GET',
        headers,
        queryStringParameters: Object.fromEntries(url.searchParams),
        body: await readBody(req),
        isBase64Encoded: false,
        requestContext: { envId: 'local' },
      },
      { now },
    );
    res.writeHead(reply.statusCode, reply.headers);
    res.end(reply.body);
  };
  const path = new RegExp(`^${escapeRegExp(service.path)}(/.*)?$`);
  return ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].map((method) => [method, path, route]);
}

function fileRoutes(files: FileStorage): Array<[string, RegExp, Route]> {
  return [
    [
      'POST',
      /^\/files$/,
      async (req, res) => {
        try {
          send(res, 200, ok({ fileID: await files.receive(req) }));
        } catch (error) {
          if (!(error instanceof UploadError)) throw error;
          const code = error.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
          throw new HttpError(error.status, new AppError(code, error.message).toBody());
        }
      },
    ],
    [
      'GET',
      /^\/files\/(.+)$/,
      async (_req, res, m) => {
        const file = files.locate(m[1]);
        if (!file) throw notFound('文件不存在');
        res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'max-age=31536000, immutable' });
        fs.createReadStream(file).pipe(res);
      },
    ],
  ];
}

const ClockChange = z.union([
  z.strictObject({ advance: z.string() }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

const clockState = (clock: DevClock) => ({ now: clock.now().toISOString(), offsetMs: clock.offset });

/** `/_dev/clock` (GET shows it, POST `{"advance":"25h"}` or `{"set":"<ISO time>"}` moves it) and `/_dev/timers`. */
function devRoutes(
  dev: DevTools,
  functions: CloudFunction[],
  functionNamed: (name: string) => CloudFunction,
): Array<[string, RegExp, Route]> {
  return [
    ['GET', /^\/_dev\/clock$/, async (_req, res) => send(res, 200, ok(clockState(dev.clock)))],
    [
      'POST',
      /^\/_dev\/clock$/,
      async (req, res) => {
        const change = ClockChange.safeParse(await readJson(req));
        const to = change.success && 'set' in change.data ? new Date(change.data.set) : undefined;
        const by = change.success && 'advance' in change.data ? parseDuration(change.data.advance) : undefined;
        if (to) dev.clock.set(to);
        else if (by !== undefined) dev.clock.advance(by);
        else {
          const hint = '请求体须为 {"advance":"25h"}（d/h/m/s，可组合如 1d12h）或 {"set":"2026-12-01T08:00:00+08:00"}';
          throw new HttpError(400, new AppError('BAD_REQUEST', hint).toBody());
        }
        send(res, 200, ok(clockState(dev.clock)));
      },
    ],
    ['POST', /^\/_dev\/timers$/, async (_req, res) => send(res, 200, ok(await dev.runTimers(functions)))],
    [
      'POST',
      /^\/_dev\/timers\/([\w-]+)$/,
      async (_req, res, m) => send(res, 200, ok(await dev.runTimers([functionNamed(m[1])]))),
    ],
    ...(dev.wechat ? wechatRoutes(dev.wechat) : []),
  ];
}

/**
 * `/_dev/wechat/messages?touser=` (the subscription messages WeChat delivered), `/_dev/wechat/calls` (all), and
 * `POST /_dev/wechat/risky-media {"fileId"}`: WeChat will judge that uploaded photo risky (a demo of photo review).
 */
function wechatRoutes(wechat: WechatEmulator): Array<[string, RegExp, Route]> {
  return [
    [
      'GET',
      /^\/_dev\/wechat\/messages$/,
      async (req, res) => {
        const touser = new URL(req.url ?? '/', 'http://localhost').searchParams.get('touser') ?? undefined;
        send(res, 200, ok(wechat.messagesTo(touser)));
      },
    ],
    ['GET', /^\/_dev\/wechat\/calls$/, async (_req, res) => send(res, 200, ok(wechat.calls))],
    [
      'POST',
      /^\/_dev\/wechat\/risky-media$/,
      async (req, res) => {
        const { fileId } = (await readJson(req)) as { fileId?: unknown };
        if (typeof fileId !== 'string' || !fileId.startsWith(LOCAL_FILE_PREFIX)) {
          throw new HttpError(400, new AppError('BAD_REQUEST', '请求体须为 {"fileId":"local://photos/…"}').toBody());
        }
        // The photo's temporary link names its path (local-backend/storage.ts).
        wechat.riskyMedia.push(fileId.slice(LOCAL_FILE_PREFIX.length));
        send(res, 200, ok({ riskyMedia: wechat.riskyMedia }));
      },
    ],
  ];
}
