/**
 * Cloud storage for the local backend, behind node-sdk's request layer (`tcbapirequester`), as the WeChat
 * emulator is: the functions' `uploadFile`, `getTempFileURL` and `deleteFile` run unchanged.
 *
 * - `storage.getUploadMetadata` answers a one-time upload URL here (CloudBase answers a signed COS URL); the sdk
 *   then PUTs the file to it over HTTP, and the file is kept under the storage folder at its cloud path. A bad or
 *   used ticket gets COS's XML error, which the sdk turns into STORAGE_REQUEST_FAIL.
 * - `storage.batchGetDownloadUrl` answers, for a stored file, a signed link that expires after `maxAge` seconds
 *   (CloudBase: one day by default, at most one day); past that it answers 403 like COS. Photos uploaded by the
 *   mini-program (`POST /files`, files.ts) keep their plain `/files/<id>` route. An unknown file gets CloudBase's
 *   per-file code STORAGE_FILE_NONEXIST.
 * - `storage.batchDeleteFile` removes stored files.
 *
 * Other requests pass through. Files are served by `handle` at `/storage/…`: mounted in the local server
 * (`npm start`), or, where there is none (the tests), on a listener of its own opened on first use.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LOCAL_FILE_PREFIX } from './files';

interface Requester {
  request(args: { params: Record<string, unknown> & { action: string } }): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sdk's own module object, to patch its export
const requester = require('@cloudbase/node-sdk/dist/utils/tcbapirequester') as Requester;

/** CloudBase's default and longest life of a temporary link (seconds). */
export const MAX_LINK_SECONDS = 86_400;
/** How long an upload URL may be used (seconds). */
const UPLOAD_TICKET_SECONDS = 600;
/** The largest file the emulator takes in one PUT. */
const MAX_PUT_BYTES = 50 * 1024 * 1024;
const PHOTO_PREFIX = 'photos/';

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** A cloud path as CloudBase accepts it: relative, no `..`, no empty segment, printable. */
const validPath = (p: string) =>
  p.length > 0 &&
  p.length <= 512 &&
  !p.startsWith('/') &&
  p.split('/').every((s) => s && s !== '.' && s !== '..') &&
  /^[\w\-./\u4e00-\u9fa5]+$/.test(p);

/** COS's error body (the sdk reads Code, Message, RequestId and TraceId). */
const cosError = (code: string, message: string) =>
  `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${code}</Code><Message>${message}</Message>` +
  `<RequestId>local</RequestId><TraceId>local</TraceId></Error>`;

export interface StorageOptions {
  /** Where files are kept (the data directory's `files`); a fresh temporary folder when absent. */
  dir?: string;
  /** The server that mounts `handle`; without it the emulator listens on a port of its own. */
  baseUrl?: () => string;
  /** Where photo links point (the local server). */
  photoBaseUrl: () => string;
  now?: () => Date;
}

export class CloudStorageEmulator {
  readonly dir: string;
  private readonly ownDir: boolean;
  private readonly secret = randomBytes(32);
  private readonly tickets = new Map<string, { path: string; expires: number }>();
  private server: http.Server | undefined;
  private ownUrl: Promise<string> | undefined;

  constructor(private readonly options: StorageOptions) {
    this.ownDir = !options.dir;
    this.dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jmt-storage-'));
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private now = () => (this.options.now?.() ?? new Date()).getTime();

  private baseUrl(): Promise<string> {
    if (this.options.baseUrl) return Promise.resolve(this.options.baseUrl());
    this.ownUrl ??= new Promise((resolve, reject) => {
      const server = http.createServer((req, res) => {
        void this.handle(req, res).then((handled) => {
          if (!handled) res.writeHead(404).end();
        });
      });
      this.server = server;
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    });
    return this.ownUrl;
  }

  private sign(cloudPath: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}\n${expires}`).digest('hex').slice(0, 32);
  }

  private fileOf = (cloudPath: string) => path.join(this.dir, ...cloudPath.split('/'));

  /** Answers one storage request of the sdk; undefined for requests that are not storage's. */
  async answer(params: Record<string, unknown> & { action: string }): Promise<unknown> {
    const requestId = `local-storage-${randomBytes(4).toString('hex')}`;
    switch (params.action) {
      case 'storage.getUploadMetadata': {
        const cloudPath = String(params.path ?? '');
        if (!validPath(cloudPath))
          return { code: 'INVALID_PARAM', message: `cloudPath 不合法：${cloudPath}`, requestId };
        const token = randomBytes(16).toString('hex');
        this.tickets.set(token, { path: cloudPath, expires: this.now() + UPLOAD_TICKET_SECONDS * 1000 });
        const fileId = `${LOCAL_FILE_PREFIX}${cloudPath}`;
        return {
          data: {
            url: `${await this.baseUrl()}/storage/upload/${token}`,
            token,
            authorization: 'local',
            fileId,
            cosFileId: token,
            download_url: '',
          },
          requestId,
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = (params.file_list ?? []) as Array<{ fileid: string; max_age?: number }>;
        const base = await this.baseUrl();
        const download_list = list.map(({ fileid, max_age }) => {
          const cloudPath = fileid.startsWith(LOCAL_FILE_PREFIX) ? fileid.slice(LOCAL_FILE_PREFIX.length) : '';
          if (cloudPath.startsWith(PHOTO_PREFIX))
            return {
              fileID: fileid,
              code: 'SUCCESS',
              tempFileURL: `${this.options.photoBaseUrl()}/files/${cloudPath}`,
            };
          if (!validPath(cloudPath) || !fs.existsSync(this.fileOf(cloudPath)))
            return { fileID: fileid, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' };
          const seconds = Math.min(Math.max(Number(max_age ?? MAX_LINK_SECONDS), 1), MAX_LINK_SECONDS);
          const expires = Math.floor(this.now() / 1000) + seconds;
          const url = `${base}/storage/${encodeURI(cloudPath)}?sign=${this.sign(cloudPath, expires)}&t=${expires}`;
          return { fileID: fileid, code: 'SUCCESS', tempFileURL: url };
        });
        return { data: { download_list }, requestId };
      }
      case 'storage.batchDeleteFile': {
        const ids = (params.fileid_list ?? []) as string[];
        const delete_list = ids.map((fileID) => {
          const cloudPath = fileID.startsWith(LOCAL_FILE_PREFIX) ? fileID.slice(LOCAL_FILE_PREFIX.length) : '';
          const exists = validPath(cloudPath) && fs.existsSync(this.fileOf(cloudPath));
          if (exists) fs.rmSync(this.fileOf(cloudPath));
          return { fileID, code: exists ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        });
        return { data: { delete_list }, requestId };
      }
      default:
        return undefined;
    }
  }

  /** Serves `/storage/upload/<ticket>` (PUT) and `/storage/<path>?sign=&t=` (GET); false for other paths. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/storage/')) return false;
    const xml = (status: number, code: string, message: string) =>
      res.writeHead(status, { 'content-type': 'application/xml' }).end(cosError(code, message));
    const upload = /^\/storage\/upload\/([0-9a-f]{32})$/.exec(url.pathname);
    if (upload && req.method === 'PUT') {
      const ticket = this.tickets.get(upload[1]);
      this.tickets.delete(upload[1]);
      if (!ticket || ticket.expires < this.now()) {
        req.resume();
        xml(403, 'AccessDenied', 'Request has expired or the signature is not valid');
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_PUT_BYTES) {
          xml(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size');
          return true;
        }
        chunks.push(chunk as Buffer);
      }
      const file = this.fileOf(ticket.path);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.part`, Buffer.concat(chunks));
      fs.renameSync(`${file}.part`, file);
      res.writeHead(200, { 'content-length': 0 }).end();
      return true;
    }
    if (req.method !== 'GET') return false;
    const cloudPath = decodeURI(url.pathname.slice('/storage/'.length));
    const expires = Number(url.searchParams.get('t'));
    const sign = Buffer.from(url.searchParams.get('sign') ?? '');
    const expected = Buffer.from(validPath(cloudPath) ? this.sign(cloudPath, expires) : '');
    if (expected.length === 0 || sign.length !== expected.length || !timingSafeEqual(sign, expected)) {
      xml(403, 'AccessDenied', 'Access Denied.');
      return true;
    }
    if (expires * 1000 < this.now()) {
      xml(403, 'AccessDenied', 'Request has expired');
      return true;
    }
    const file = this.fileOf(cloudPath);
    if (!fs.existsSync(file)) {
      xml(404, 'NoSuchKey', 'The specified key does not exist.');
      return true;
    }
    const ext = cloudPath.split('.').pop() ?? '';
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'content-length': fs.statSync(file).size,
    });
    fs.createReadStream(file).pipe(res);
    return true;
  }

  close(): void {
    this.server?.close();
    this.server?.closeAllConnections();
    if (this.ownDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Puts the emulator behind the sdk's request layer; returns the undo. */
export function useLocalStorage(storage: CloudStorageEmulator): () => void {
  const previous = requester.request;
  requester.request = async (args) => {
    const reply = await storage.answer(args.params);
    return reply === undefined ? previous(args) : reply;
  };
  return () => {
    requester.request = previous;
  };
}
