/** Photos: whose a photo is, which ids are photos, how many a form takes (the rules both sides apply). */

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

/** As many as the contract's `Photos` accepts. */
export const MAX_PHOTOS = 9;
