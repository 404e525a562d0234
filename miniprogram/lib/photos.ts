import { isPhotoId } from '../shared/photos';

/** Photos attached to a form (办结, 提交完成情况, 答复): uploaded one after another, shown as they come. */

/** The photos a page shows of the ids it was given: only photo ids, each with the address an <image> loads. */
export const photoItems = (ids: readonly string[], photoUrl: (fileID: string) => string): PhotoItem[] =>
  ids.filter(isPhotoId).map((fileID) => ({ fileID, url: photoUrl(fileID) }));

export interface PhotoItem {
  fileID: string;
  /** What an <image> shows. */
  url: string;
}

/** A form of notes and optional photos, as a sheet shows it while photos upload and while it is sent. */
export interface NotesForm {
  notes: string;
  photos: PhotoItem[];
  uploading: boolean;
  error: string;
  submitting: boolean;
}

export const emptyNotesForm = (): NotesForm => ({
  notes: '',
  photos: [],
  uploading: false,
  error: '',
  submitting: false,
});

/** What the server is sent for the notes and the photos. */
export const notesInput = (form: Pick<NotesForm, 'notes' | 'photos'>) => ({
  notes: form.notes.trim(),
  photos: form.photos.map((p) => p.fileID),
});

/** The one line a notes form shows: the notes' problem first, then the photos', then any other. */
export const firstNotesError = (errors: Record<string, string>): string =>
  errors.notes ?? errors.photos ?? Object.values(errors)[0] ?? '';

/** The photos without the one at `index` (the user removed it). */
export const withoutPhoto = <T>(photos: readonly T[], index: number): T[] => photos.filter((_, i) => i !== index);
