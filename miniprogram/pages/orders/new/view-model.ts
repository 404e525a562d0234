import { errorText } from '../../../lib/errors';
import type { ActionInput } from '../../../shared/api/index';
import type { HomeView } from '../../../shared/api/community';
import { CONTACT_PREFERENCES, PREFERRED_TIMES, ordersActions, type Category } from '../../../shared/api/orders';
import type { ErrorBody } from '../../../shared/errors';
import { MAX_PHOTOS } from '../../../shared/photos';
import { fieldErrors } from '../../../shared/validation';

export const DESCRIPTION_MAX = 500;
export const ADDRESS_MAX = 100;
/** Where the order's photos go in cloud storage (or the local backend). */
export const PHOTO_FOLDER = 'orders';

export type PreferredTime = keyof typeof PREFERRED_TIMES;
export type ContactPreference = keyof typeof CONTACT_PREFERENCES;
export type CreateInput = ActionInput<'orders', 'create'>;

export interface Option<V extends string = string> {
  value: V;
  label: string;
}

export const TIME_OPTIONS: Option<PreferredTime>[] = (Object.keys(PREFERRED_TIMES) as PreferredTime[]).map((value) => ({
  value,
  label: PREFERRED_TIMES[value],
}));
export const CONTACT_OPTIONS: Option<ContactPreference>[] = (
  Object.keys(CONTACT_PREFERENCES) as ContactPreference[]
).map((value) => ({ value, label: CONTACT_PREFERENCES[value] }));

// ── categories ──────────────────────────────────────────────────────────────────────────────────────────────

export interface CategoryOption {
  id: string;
  label: string;
  hint: string;
  /** 加急 · 24小时内办结 */
  limitLabel: string;
  urgent: boolean;
}

export interface CategoryGroup {
  group: string;
  items: CategoryOption[];
}

/** The catalogue grouped by 大类, in the catalogue's order. */
export function groupCategories(categories: readonly Category[]): CategoryGroup[] {
  const groups: CategoryGroup[] = [];
  for (const c of categories) {
    let group = groups.find((g) => g.group === c.group);
    if (!group) {
      group = { group: c.group, items: [] };
      groups.push(group);
    }
    group.items.push({ id: c.id, label: c.label, hint: c.hint, limitLabel: c.limitLabel, urgent: c.tier === 'urgent' });
  }
  return groups;
}

export function findCategory(groups: readonly CategoryGroup[], id: string): CategoryOption | null {
  for (const g of groups) {
    const found = g.items.find((item) => item.id === id);
    if (found) return found;
  }
  return null;
}

/** The form once the catalogue is in: its groups, the category the link named (if any) chosen, else the list open. */
export function readyForm(categories: readonly Category[], categoryId: string) {
  const groups = groupCategories(categories);
  const selected = findCategory(groups, categoryId);
  return {
    state: 'ready' as const,
    groups,
    selected,
    pickerOpen: !selected,
    'form.categoryId': selected ? selected.id : '',
  };
}

/** 德轩小区 1号楼: where the order goes when the resident gives no other address. */
export function defaultPlace(home: HomeView | null): string {
  if (!home?.building) return '您登记的楼栋';
  return [home.compound?.name, home.building.name].filter(Boolean).join(' ');
}

// ── photos ──────────────────────────────────────────────────────────────────────────────────────────────────

export type PhotoStatus = 'loading' | 'done' | 'failed';

export interface PhotoItem {
  key: string;
  /** The temporary file the user picked (shown while and after it uploads). */
  path: string;
  status: PhotoStatus;
  percent: number;
  /** Set once uploaded. */
  fileID: string;
  /** Why the upload failed. */
  message: string;
}

/** What t-upload shows for a photo (its `files`): a spinner with the percentage, the picture, or 上传失败. */
export interface UploadFile {
  url: string;
  name: string;
  type: 'image';
  status: PhotoStatus;
  percent: number;
}

export const toUploadFiles = (photos: readonly PhotoItem[]): UploadFile[] =>
  photos.map((p) => ({ url: p.path, name: '', type: 'image', status: p.status, percent: p.percent }));

/** The picked files that still fit under MAX_PHOTOS, as new uploads (keys from `nextKey` on). */
export function addPhotos(
  photos: readonly PhotoItem[],
  paths: readonly string[],
  nextKey: number,
): { photos: PhotoItem[]; added: PhotoItem[]; dropped: number } {
  const room = Math.max(0, MAX_PHOTOS - photos.length);
  const added = paths.slice(0, room).map((path, i) => ({
    key: `p${nextKey + i}`,
    path,
    status: 'loading' as const,
    percent: 0,
    fileID: '',
    message: '',
  }));
  return { photos: [...photos, ...added], added, dropped: paths.length - added.length };
}

/** A photo's change (progress, result); other photos and a photo removed meanwhile are left alone. */
export function updatePhoto(photos: readonly PhotoItem[], key: string, change: Partial<PhotoItem>): PhotoItem[] {
  return photos.map((p) => (p.key === key ? { ...p, ...change } : p));
}

/** Progress worth showing: the percentage moved by at least 5 (setData is not free). */
export function progressChanged(photos: readonly PhotoItem[], key: string, percent: number): boolean {
  const photo = photos.find((p) => p.key === key);
  return !!photo && photo.status === 'loading' && (percent >= 100 || percent - photo.percent >= 5);
}

export const removePhoto = (photos: readonly PhotoItem[], index: number): PhotoItem[] =>
  photos.filter((_, i) => i !== index);

/** The line under the uploader: which photos failed, or how many are still uploading. */
export function photosNote(photos: readonly PhotoItem[]): { error: string; info: string } {
  const failed = photos.map((p, i) => (p.status === 'failed' ? i + 1 : 0)).filter(Boolean);
  const loading = photos.filter((p) => p.status === 'loading').length;
  const first = photos.find((p) => p.status === 'failed');
  return {
    error: failed.length
      ? `第${failed.join('、')}张照片上传失败（${first!.message || '请重试'}），点它重新上传，或删除`
      : '',
    info: loading ? `${loading}张照片正在上传…` : `${photos.length}/${MAX_PHOTOS}`,
  };
}

// ── the form ────────────────────────────────────────────────────────────────────────────────────────────────

export interface OrderForm {
  categoryId: string;
  description: string;
  address: string;
  preferredTime: PreferredTime;
  contact: ContactPreference;
  privateContact: boolean;
}

export const emptyForm = (categoryId = ''): OrderForm => ({
  categoryId,
  description: '',
  address: '',
  preferredTime: 'anytime',
  contact: 'phone',
  privateContact: false,
});

/** What `create` is sent: empty optional fields left out, only uploaded photos. */
export function toCreateInput(form: OrderForm, photos: readonly PhotoItem[], requestId: string): CreateInput {
  const address = form.address.trim();
  const uploaded = photos.filter((p) => p.status === 'done').map((p) => p.fileID);
  return {
    requestId,
    categoryId: form.categoryId,
    description: form.description.trim(),
    ...(uploaded.length > 0 && { photos: uploaded }),
    ...(address && { address }),
    preferredTime: form.preferredTime,
    contact: form.contact,
    privateContact: form.privateContact,
  };
}

export type FormErrors = Partial<Record<'categoryId' | 'description' | 'address' | 'photos', string>>;

const FIELDS = ['categoryId', 'description', 'address', 'photos'] as const;

function pick(errors: Record<string, string>): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = FIELDS.find((f) => path === f || path.startsWith(`${f}.`));
    if (field && !out[field]) out[field] = message;
  }
  return out;
}

/**
 * What stops the form being sent: the contract's own schema (as the server checks it), and photos still
 * uploading or failed (the resident decides about those).
 */
export function validateOrder(form: OrderForm, photos: readonly PhotoItem[], requestId: string): FormErrors {
  const errors = pick(fieldErrors(ordersActions.create.input, toCreateInput(form, photos, requestId)));
  if (!form.categoryId) errors.categoryId = '请选择服务类别';
  if (!errors.photos) {
    if (photos.some((p) => p.status === 'loading')) errors.photos = '照片还在上传，请稍候';
    else if (photos.some((p) => p.status === 'failed')) errors.photos = '有照片上传失败，请重新上传或删除';
  }
  return errors;
}

export const hasErrors = (errors: Partial<Record<string, string>>): boolean => Object.values(errors).some(Boolean);

/** The server's refusal: field problems under their fields, anything else as one line above the button. */
export function serverErrors(error: ErrorBody): { errors: FormErrors; formError: string } {
  const issues = error.details?.issues ?? [];
  const errors = pick(Object.fromEntries(issues.map((i) => [i.path, i.message])));
  return { errors, formError: hasErrors(errors) ? '请按提示修改后再提交' : errorText(error) };
}
