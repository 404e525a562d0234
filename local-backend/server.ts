import fs from 'node:fs';
import http from 'node:http';
import type { CloudFunction } from '../cloudfunctions/lib/router';
import { AppError } from '../miniprogram/shared/errors';
import { fail, ok } from '../miniprogram/shared/result';
import { contentTypeOf, type FileStorage } from './files';

/** CloudBase refuses request bodies over 100 KB; so does the local backend, so nothing works only locally. */
export const MAX_BODY_BYTES = 100 * 1024;

export interface ServerOptions {
  functions: CloudFunction[];
  now?: () => Date;
  /** Extra read-only info for `GET /` (e.g. demo users), shown to developers only. */
  info?: Record<string, unknown>;
  /** Where uploads go (`POST /files`, `GET /files/<id>`); without it the server has no file storage. */
  files?: FileStorage;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AppError('BAD_REQUEST', '提交的内容过大'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The local stand-in for CloudBase's function gateway: `POST /functions/<name>` with the `data` the
 * mini-program would pass to `wx.cloud.callFunction`. Identity comes from the `x-wx-openid` header — a
 * convenience only this local server offers; deployed functions read it from the cloud environment.
 */
export function createServer(options: ServerOptions): http.Server {
  const byName = new Map(options.functions.map((fn) => [fn.name, fn]));
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/') {
      send(res, 200, { name: '居民通 local backend', functions: [...byName.keys()], ...options.info });
      return;
    }
    if (options.files && url.pathname.startsWith('/files')) {
      await serveFiles(options.files, req, res, url.pathname);
      return;
    }
    const match = /^\/functions\/([\w-]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      send(res, 404, fail(new AppError('NOT_FOUND', `没有这个接口：${req.method} ${url.pathname}`).toBody()));
      return;
    }
    const fn = byName.get(match[1]);
    if (!fn) {
      send(res, 404, fail(new AppError('NOT_FOUND', `没有这个云函数：${match[1]}`).toBody()));
      return;
    }
    let event: unknown;
    try {
      const text = await readBody(req);
      event = text ? JSON.parse(text) : {};
    } catch (error) {
      const body =
        error instanceof AppError ? error.toBody() : new AppError('BAD_REQUEST', '请求内容不是有效的 JSON').toBody();
      send(res, 400, fail(body));
      return;
    }
    const openid = String(req.headers['x-wx-openid'] ?? '');
    send(res, 200, await fn.handle(event, { openid }, { now: options.now }));
  });
}

async function serveFiles(files: FileStorage, req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
  if (req.method === 'POST' && pathname === '/files') {
    try {
      send(res, 200, ok({ fileID: await files.receive(req) }));
    } catch (error) {
      send(res, 400, fail(new AppError('BAD_REQUEST', (error as Error).message).toBody()));
    }
    return;
  }
  const file = req.method === 'GET' ? files.locate(pathname.slice('/files/'.length)) : undefined;
  if (!file) {
    send(res, 404, fail(new AppError('NOT_FOUND', '文件不存在').toBody()));
    return;
  }
  res.writeHead(200, { 'content-type': contentTypeOf(file), 'cache-control': 'max-age=31536000, immutable' });
  fs.createReadStream(file).pipe(res);
}
