import { emptyNotesForm, firstNotesError, notesInput, withoutPhoto } from '../../miniprogram/shared/photos';

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
