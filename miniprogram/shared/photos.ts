/** Photos attached to a form (办结, 提交完成情况): uploaded one after another, shown as they come. */

/**
 * Whose a photo is: every upload goes under its uploader's folder, `photos/<OPENID>/`, and its file id says so —
 * `cloud://<env>.<bucket>/photos/<OPENID>/[<folders>/]<name>` from cloud storage (the storage rule lets a person write only
 * under his own folder), `local://photos/<OPENID>/<name>` from the local backend. The server accepts a photo only
 * from its uploader; pages show only ids of this form (no `javascript:`, no outside address).
 */
export const photoFolder = (openid: string): string => `photos/${openid}`;

const PHOTO_ID =
  /^(?:cloud:\/\/[A-Za-z0-9.-]{1,200}|local:\/)\/photos\/([A-Za-z0-9_-]{1,64})\/(?:[A-Za-z0-9_-]{1,80}\/){0,3}[A-Za-z0-9_-]{1,80}\.(?:jpe?g|png|webp|gif|heic)$/;

/** The uploader's OPENID of a photo id, or null when it is not a photo id at all. */
export const photoOwner = (fileID: string): string | null => PHOTO_ID.exec(fileID)?.[1] ?? null;

/** Whether a page may show this id as a photo. */
export const isPhotoId = (fileID: string): boolean => photoOwner(fileID) !== null;

/** Whether the caller uploaded this photo himself (the only photos an action accepts from him). */
export const isOwnPhoto = (fileID: string, openid: string): boolean => openid !== '' && photoOwner(fileID) === openid;

/** The photos a page shows of the ids it was given: only photo ids, each with the address an <image> loads. */
export const photoItems = (ids: readonly string[], photoUrl: (fileID: string) => string): PhotoItem[] =>
  ids.filter(isPhotoId).map((fileID) => ({ fileID, url: photoUrl(fileID) }));

/** As many as the contract's `Photos` accepts. */
export const MAX_PHOTOS = 9;

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
