import { errorText } from '../../../lib/errors';
import {
  complaintsActions,
  type ComplaintCategoryOption,
  type ComplaintDetail,
  type ComplaintSummary,
} from '../../../shared/api/complaints';
import { enabledActions } from '../../../shared/complaints/capabilities';
import { complaintRow, type ComplaintRow } from '../../../shared/complaints/wording';
import { complaintDetailUrl } from '../../../lib/links';
import type { ErrorBody } from '../../../shared/errors';
import { emptyNotesForm, firstNotesError, type NotesForm } from '../../../lib/photos';
import { fieldErrors } from '../../../shared/validation';

export const DESCRIPTION_MAX = 500;
/** Where the complaint's photos go in cloud storage (or the local backend). */
export const PHOTO_FOLDER = 'complaints';

/** A category to pick: 供暖 · 24小时内答复; the fast tier (heating, leaks, lifts, safety) is marked. */
export interface CategoryChoice {
  id: ComplaintCategoryOption['id'];
  label: string;
  hint: string;
  limitLabel: string;
  urgent: boolean;
}

export const toCategoryChoices = (options: readonly ComplaintCategoryOption[]): CategoryChoice[] =>
  options.map((o) => ({ id: o.id, label: o.label, hint: o.hint, limitLabel: o.limitLabel, urgent: o.tier === 'fast' }));

/** The form: the description is the notes of a notes form (so photos upload into it as anywhere else). */
export interface ComplaintForm extends NotesForm {
  category: CategoryChoice['id'] | '';
  publicName: boolean;
}

export const emptyComplaintForm = (): ComplaintForm => ({ ...emptyNotesForm(), category: '', publicName: false });

export type FileInput = ReturnType<typeof fileInput>;

/** What `file` is sent: the form's request id, photos only when there are some. */
export const fileInput = (form: ComplaintForm, requestId: string) => ({
  requestId,
  category: form.category as CategoryChoice['id'],
  description: form.notes.trim(),
  ...(form.photos.length > 0 && { photos: form.photos.map((p) => p.fileID) }),
  publicName: form.publicName,
});

export type FormErrors = Partial<Record<'category' | 'description' | 'photos', string>>;

/** What stops the form being sent, by the contract's own schema (as the server checks it). */
export function validateComplaint(form: ComplaintForm, requestId: string): FormErrors {
  const all = fieldErrors(complaintsActions.file.input, fileInput(form, requestId));
  const errors: FormErrors = {};
  if (!form.category) errors.category = '请选择投诉类别';
  if (all.description) errors.description = all.description;
  const photos = firstNotesError(Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('photos'))));
  if (photos) errors.photos = photos;
  if (form.uploading) errors.photos = '照片还在上传，请稍候';
  return errors;
}

export const hasErrors = (errors: FormErrors): boolean => Object.values(errors).some(Boolean);

/** The server's refusal: a field problem under its field, anything else as one line above the button. */
export function serverErrors(error: ErrorBody): { errors: FormErrors; formError: string } {
  const errors: FormErrors = {};
  for (const issue of error.details?.issues ?? []) {
    const field = (['category', 'description', 'photos'] as const).find((f) => issue.path.startsWith(f));
    if (field) errors[field] ??= issue.message;
  }
  return { errors, formError: hasErrors(errors) ? '请按提示修改后再提交' : errorText(error) };
}

// ── 附议: the open complaints of the same compound and category, shown before filing a duplicate ─────────────

export interface SimilarRow extends ComplaintRow {
  /** 一位邻居 or the name the filer let neighbours see. */
  filer: string;
  /** The server offers him no 附议 (he filed it or joined it already): no button. */
  joined: boolean;
}

export const toSimilarRows = (items: readonly ComplaintSummary[]): SimilarRow[] =>
  items.map((c) => ({
    ...complaintRow(c),
    filer: c.filerName ?? '一位邻居',
    joined: !enabledActions(c.actions).includes('me_too'),
  }));

/**
 * Where the page goes once the complaint is filed: its page. The server may answer with a neighbour's open
 * complaint of the same category that he joined instead (relation 'supporter'): the page says so.
 */
export function afterFiling(c: Pick<ComplaintDetail, 'id' | 'relation'>): { url: string; toast: string } {
  const joined = c.relation === 'supporter';
  return {
    url: complaintDetailUrl(c.id, joined ? '&joined=1' : ''),
    toast: joined ? '已有同类投诉，已为您附议' : '投诉已提交',
  };
}
