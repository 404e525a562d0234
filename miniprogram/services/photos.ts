import { errorText } from '../lib/errors';
import { MAX_PHOTOS } from '../shared/photos';
import { type NotesForm, type PhotoItem } from '../lib/photos';
import type { Result } from '../shared/result';
import { getProfile } from './people/index';
import { isLocalBackend, photoUrl, uploadPhoto, type UploadProgress } from './transport';

/** His own upload folder (photos/<OPENID>, shared/photos.ts), as his profile names it: asked once per launch. */
let ownFolder: Promise<Result<string>> | undefined;
const folderOfCaller = (): Promise<Result<string>> =>
  (ownFolder ??= getProfile().then((res) => {
    if (!res.ok) ownFolder = undefined; // asked again next time
    return res.ok ? { ok: true as const, data: res.data.photoFolder } : res;
  }));

/**
 * Uploads one photo into `folder` of the caller's own folder: the functions accept only photos their uploader
 * sends. (The local backend files each upload under the caller it names itself.)
 */
export async function uploadOwnPhoto(
  filePath: string,
  folder: string,
  onProgress?: (progress: UploadProgress) => void,
): Promise<Result<{ fileID: string }>> {
  if (isLocalBackend()) return uploadPhoto(filePath, folder, onProgress);
  const own = await folderOfCaller();
  return own.ok ? uploadPhoto(filePath, `${own.data}/${folder}`, onProgress) : own;
}

/** Lets the user pick photos; resolves with their temp paths ([] when cancelled). */
export const choosePhotos = (count: number) =>
  new Promise<string[]>((resolve) =>
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (res) => resolve((res.tempFiles ?? []).map((f) => f.tempFilePath)),
      fail: () => resolve([]),
    }),
  );

interface FormPage {
  data: WechatMiniprogram.IAnyObject;
  setData(data: WechatMiniprogram.IAnyObject): void;
}

/**
 * Adds photos to the notes form at `key` of a page's data: the user picks up to what still fits, and they
 * upload one after another into `folder`; the first failure stops there and is shown as the form's error.
 */
export async function addFormPhotos(page: FormPage, key: string, folder: string): Promise<void> {
  const form = page.data[key] as NotesForm;
  if (form.uploading || form.photos.length >= MAX_PHOTOS) return;
  const paths = await choosePhotos(MAX_PHOTOS - form.photos.length);
  if (paths.length === 0) return;
  page.setData({ [`${key}.uploading`]: true, [`${key}.error`]: '' });
  const photos: PhotoItem[] = [...form.photos];
  for (const path of paths) {
    const res = await uploadOwnPhoto(path, folder);
    if (!res.ok) {
      page.setData({ [`${key}.error`]: errorText(res.error) });
      break;
    }
    photos.push({ fileID: res.data.fileID, url: photoUrl(res.data.fileID) });
  }
  page.setData({ [`${key}.photos`]: photos, [`${key}.uploading`]: false });
}
