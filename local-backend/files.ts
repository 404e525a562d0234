import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import busboy from 'busboy';

/** Photos are small; CloudBase's own limit for a mini-program upload is far higher, the product's is this. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ALLOWED = /^image\/(jpeg|png|webp|gif|heic)$/;
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
};

/** A stored file's id as the mini-program and the functions see it (CloudBase's are `cloud://…`). */
export const LOCAL_FILE_PREFIX = 'local://';
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** A refused upload: the HTTP status that says why (415 not an image, 413 too large, 400 malformed). */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The local stand-in for cloud storage: `wx.uploadFile` posts multipart form data to `POST /files`
 * (field `file`), and the file is served back at `GET /files/<id>`.
 */
export class FileStorage {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Receives one upload; resolves with the new file id, or rejects with an UploadError a person understands. */
  receive(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_FILE_BYTES } });
      } catch {
        reject(new UploadError(400, '上传格式不正确'));
        return;
      }
      // The file's outcome, settled when the parser closes. It never rejects: a rejected promise waiting for the
      // parser to close would be an unhandled rejection, which ends the whole process.
      let saved: Promise<string | UploadError> | undefined;
      parser.on('file', (_field, stream, info) => {
        if (!ALLOWED.test(info.mimeType)) {
          stream.resume();
          saved = Promise.resolve(new UploadError(415, '只能上传图片'));
          return;
        }
        // Under the uploader's folder, as cloud storage paths are (shared/photos.ts): the functions accept a photo
        // only from the one who uploaded it.
        const openid = String(req.headers['x-wx-openid'] ?? '');
        if (!OPENID.test(openid)) {
          stream.resume();
          saved = Promise.reject(new Error('请先登录再上传'));
          return;
        }
        const id = `photos/${openid}/${randomBytes(12).toString('hex')}.${EXTENSIONS[info.mimeType]}`;
        const target = path.join(this.dir, id);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const tmp = `${target}.part`;
        saved = new Promise((done) => {
          const out = fs.createWriteStream(tmp);
          stream.on('limit', () => {
            out.destroy();
            fs.rmSync(tmp, { force: true });
            done(new UploadError(413, '图片不能超过 10 MB'));
          });
          stream.pipe(out);
          out.on('finish', () => {
            if ((stream as { truncated?: boolean }).truncated) return;
            fs.renameSync(tmp, target);
            done(`${LOCAL_FILE_PREFIX}${id}`);
          });
          out.on('error', () => done(new UploadError(500, '文件保存失败')));
        });
      });
      parser.on('close', async () => {
        const outcome = (await saved) ?? new UploadError(400, '没有收到文件');
        if (outcome instanceof UploadError) reject(outcome);
        else resolve(outcome);
      });
      parser.on('error', () => reject(new UploadError(400, '上传中断')));
      req.pipe(parser);
    });
  }

  /** The path of a stored file, or undefined (ids are checked: no path tricks). */
  locate(id: string): string | undefined {
    if (!/^photos\/[A-Za-z0-9_-]{1,64}\/[0-9a-f]{24}\.(jpg|png|webp|gif|heic)$/.test(id)) return undefined;
    const file = path.join(this.dir, id);
    return fs.existsSync(file) ? file : undefined;
  }
}

export const contentTypeOf = (file: string) =>
  Object.entries(EXTENSIONS).find(([, ext]) => file.endsWith(`.${ext}`))?.[0] ?? 'application/octet-stream';
