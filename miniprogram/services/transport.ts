import { CLOUD_ENV_ID, LOCAL_BACKEND_URL } from '../config';
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../shared/api/index';
import { ERROR_MESSAGES } from '../shared/errors';
import type { FunctionRequest, Result } from '../shared/result';

/** In local mode the developer picks which demo user he is; the local backend reads it from a header. */
export const LOCAL_IDENTITY_KEY = 'localOpenid';
export const DEFAULT_LOCAL_OPENID = 'demo-resident';

const networkError = (message: string = ERROR_MESSAGES.NETWORK_ERROR): Result<never> => ({
  ok: false,
  error: { code: 'NETWORK_ERROR', message },
});

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function viaCloud(name: string, data: FunctionRequest): Promise<Result<unknown>> {
  return new Promise((resolve) => {
    wx.cloud.callFunction({
      name,
      data,
      success: (res) => resolve(isResult(res.result) ? res.result : networkError()),
      fail: () => resolve(networkError()),
    });
  });
}

export function localOpenid(): string {
  return (wx.getStorageSync(LOCAL_IDENTITY_KEY) as string) || DEFAULT_LOCAL_OPENID;
}

function viaLocal(name: string, data: FunctionRequest): Promise<Result<unknown>> {
  return new Promise((resolve) => {
    wx.request({
      url: `${LOCAL_BACKEND_URL}/functions/${name}`,
      method: 'POST',
      data,
      header: { 'content-type': 'application/json', 'x-wx-openid': localOpenid() },
      success: (res) => resolve(isResult(res.data) ? res.data : networkError(`本地服务返回异常（${res.statusCode}）`)),
      fail: () => resolve(networkError('连不上本地服务，请先运行 npm start')),
    });
  });
}

export const isLocalBackend = (): boolean => !CLOUD_ENV_ID;

/**
 * The mini-program's only way to the backend: one call, typed by the shared contract, answered with a
 * Result whatever happens on the way (a lost network is a NETWORK_ERROR, not a throw).
 */
export function callFunction<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  payload: ActionInput<F, A>,
): Promise<Result<ActionOutput<F, A>>> {
  const data: FunctionRequest = { action, payload };
  const sent = isLocalBackend() ? viaLocal(fn, data) : viaCloud(fn, data);
  return sent as Promise<Result<ActionOutput<F, A>>>;
}

export interface DemoUser {
  openid: string;
  name: string;
  purpose: string;
}

/** Local mode only: the demo users the local backend offers, for the developer's identity switch. */
export function listLocalDemoUsers(): Promise<Result<DemoUser[]>> {
  return new Promise((resolve) => {
    wx.request({
      url: `${LOCAL_BACKEND_URL}/`,
      method: 'GET',
      success: (res) => {
        const users = (res.data as { demoUsers?: DemoUser[] } | undefined)?.demoUsers;
        resolve(Array.isArray(users) ? { ok: true, data: users } : networkError());
      },
      fail: () => resolve(networkError('连不上本地服务，请先运行 npm start')),
    });
  });
}

export function setLocalOpenid(openid: string): void {
  wx.setStorageSync(LOCAL_IDENTITY_KEY, openid);
}

export interface UploadProgress {
  /** 0–100 */
  percent: number;
}

/**
 * Uploads one photo the user picked and resolves with its file id: cloud storage (`cloud://…`) in production,
 * the local backend's file storage (`local://…`) locally. Progress is reported as it goes.
 */
export function uploadPhoto(
  filePath: string,
  folder: string,
  onProgress: (progress: UploadProgress) => void = () => {},
): Promise<Result<{ fileID: string }>> {
  return new Promise((resolve) => {
    if (!isLocalBackend()) {
      const ext = /\.\w+$/.exec(filePath)?.[0] ?? '.jpg';
      const task = wx.cloud.uploadFile({
        cloudPath: `${folder}/${Date.now()}-${Math.random().toString(36).slice(2, 10)}${ext}`,
        filePath,
        success: (res) => resolve({ ok: true, data: { fileID: res.fileID } }),
        fail: () => resolve(networkError('图片上传失败，请重试')),
      });
      task?.onProgressUpdate?.((p) => onProgress({ percent: p.progress }));
      return;
    }
    const task = wx.uploadFile({
      url: `${LOCAL_BACKEND_URL}/files`,
      filePath,
      name: 'file',
      header: { 'x-wx-openid': localOpenid() },
      success: (res) => {
        let body: unknown;
        try {
          body = JSON.parse(res.data);
        } catch {
          body = undefined;
        }
        resolve(isResult(body) ? (body as Result<{ fileID: string }>) : networkError('图片上传失败，请重试'));
      },
      fail: () => resolve(networkError('连不上本地服务，请先运行 npm start')),
    });
    task?.onProgressUpdate?.((p) => onProgress({ percent: p.progress }));
  });
}

/** What an <image> can show for a file id: cloud ids as they are, local ids from the local backend. */
export function photoUrl(fileID: string): string {
  return fileID.startsWith('local://') ? `${LOCAL_BACKEND_URL}/files/${fileID.slice('local://'.length)}` : fileID;
}
