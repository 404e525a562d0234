import type { ComplaintDetail } from '../../shared/api/complaints';
import { answerInput, checkAnswer, newAnswerForm, type AnswerForm } from '../../shared/complaints/inbox';
import { withoutPhoto } from '../../shared/photos';
import { toast } from '../dialogs';
import { errorText } from '../errors';
import { addFormPhotos } from '../photos';
import { answerComplaint } from './index';
import type { Tap } from '../events';

interface SheetPage {
  data: WechatMiniprogram.IAnyObject & { answer: AnswerForm };
  setData(data: WechatMiniprogram.IAnyObject): void;
}

/** The page data the 答复 sheet keeps: whether it is open, and its form. */
export const answerSheetData = () => ({ sheetOpen: false, answer: newAnswerForm('') as AnswerForm });

/**
 * The 答复 sheet's methods, for any page that answers complaints (an inbox, a complaint's page): notes and photos
 * (uploaded as they are picked), checked by the contract's schema, then sent; `answered` shows the result.
 */
export function answerSheetMethods(answered: (page: SheetPage, complaint: ComplaintDetail) => void) {
  return {
    openAnswerSheet(this: SheetPage, complaintId: string) {
      this.setData({ sheetOpen: true, answer: newAnswerForm(complaintId) });
    },
    closeSheet(this: SheetPage) {
      this.setData({ sheetOpen: false });
    },
    onSheetVisible(this: SheetPage, e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ sheetOpen: false });
    },
    onAnswerNotes(this: SheetPage, e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'answer.notes': e.detail.value, 'answer.error': '' });
    },
    addPhotos(this: SheetPage) {
      return addFormPhotos(this, 'answer', `complaints/${this.data.answer.complaintId}`);
    },
    removePhoto(this: SheetPage, e: Tap<{ index: number }>) {
      this.setData({ 'answer.photos': withoutPhoto(this.data.answer.photos, Number(e.currentTarget.dataset.index)) });
    },
    async submitAnswer(this: SheetPage) {
      const form = this.data.answer;
      if (form.submitting || form.uploading) return;
      const error = checkAnswer(form);
      if (error) {
        this.setData({ 'answer.error': error });
        return;
      }
      this.setData({ 'answer.submitting': true, 'answer.error': '' });
      const res = await answerComplaint(answerInput(form));
      if (!res.ok) {
        this.setData({ 'answer.submitting': false, 'answer.error': errorText(res.error) });
        return;
      }
      this.setData({ sheetOpen: false, answer: newAnswerForm('') });
      answered(this, res.data);
      toast('已答复', 'success');
    },
  };
}
