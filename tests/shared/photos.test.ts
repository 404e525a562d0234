import { isOwnPhoto, isPhotoId, photoFolder, photoOwner } from '../../miniprogram/shared/photos';
import { emptyNotesForm, firstNotesError, notesInput, photoItems, withoutPhoto } from '../../miniprogram/lib/photos';

const photo = (fileID: string) => ({ fileID, url: `https://files/${fileID}` });

describe('notes and photos forms', () => {
  it('start empty', () => {
    expect(emptyNotesForm()).toEqual({ notes: '', photos: [], uploading: false, error: '', submitting: false });
  });

  it('send the trimmed notes and the photos’ file ids', () => {
    expect(notesInput({ notes: '  已更换水管 ', photos: [photo('f1'), photo('f2')] })).toEqual({
      notes: '已更换水管',
      photos: ['f1', 'f2'],
    });
  });

  it('show one problem: the notes’, then the photos’, then any other', () => {
    expect(firstNotesError({ photos: '最多上传9张照片', notes: '请填写办理情况' })).toBe('请填写办理情况');
    expect(firstNotesError({ taskId: '无效', photos: '最多上传9张照片' })).toBe('最多上传9张照片');
    expect(firstNotesError({ taskId: '无效' })).toBe('无效');
    expect(firstNotesError({})).toBe('');
  });

  it('drop the photo removed', () => {
    expect(withoutPhoto([photo('a'), photo('b'), photo('c')], 1)).toEqual([photo('a'), photo('c')]);
  });
});

describe('whose a photo is (shared/photos.ts)', () => {
  const mine = 'local://photos/demo-resident/0123456789abcdef01234567.png';
  const cloud = 'cloud://env-1.6a75-env-1-1300/photos/oAbC_x-9/orders/1733000000-abc.jpg';

  it('reads the uploader from the id, for cloud storage and the local backend alike', () => {
    expect(photoOwner(mine)).toBe('demo-resident');
    expect(photoOwner(cloud)).toBe('oAbC_x-9');
    expect(photoFolder('oAbC_x-9')).toBe('photos/oAbC_x-9');
  });

  it('accepts a photo only from its uploader', () => {
    expect(isOwnPhoto(mine, 'demo-resident')).toBe(true);
    expect(isOwnPhoto(mine, 'demo-party-member')).toBe(false);
    expect(isOwnPhoto(mine, '')).toBe(false);
  });

  it('is no photo at all: a script, an outside address, a path trick, an id without its uploader', () => {
    for (const id of [
      'javascript:alert(1)',
      'https://example.com/photos/demo-resident/a.jpg',
      'local://photos/../demo-resident/a.jpg',
      'local://0123456789abcdef01234567.png',
      'cloud://env/photos/demo-resident/a.jpg?x=1',
    ]) {
      expect([id, isPhotoId(id)]).toEqual([id, false]);
    }
  });

  it('pages show only photo ids', () => {
    expect(photoItems([mine, 'javascript:alert(1)'], (id) => `URL(${id})`)).toEqual([
      { fileID: mine, url: `URL(${mine})` },
    ]);
  });
});
