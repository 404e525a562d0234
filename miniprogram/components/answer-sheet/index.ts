import type { ComplaintDetail } from '../../shared/api/complaints';
import { answerInput, checkAnswer, newAnswerForm, type AnswerForm } from '../../lib/complaint-inbox-view';
import { MAX_PHOTOS } from '../../shared/photos';
import { withoutPhoto } from '../../lib/photos';
import { answerComplaint } from '../../services/complaints/index';
import { toast } from '../../services/dialogs';
import { errorText } from '../../lib/errors';
import { addFormPhotos } from '../../services/photos';
import type { Tap } from '../../services/events';

// 答复: the bottom sheet in which whoever holds a complaint answers it (an inbox, a complaint's page): notes and
// photos (uploaded as they are picked), checked by the contract's schema, then sent. Open while `complaintId` is
// set; `close` when dismissed, `answered` (detail: the complaint as the server answered) once sent.
Component({
  properties: {
    /** The complaint being answered; '' keeps the sheet closed. */
    complaintId: { type: String, value: '' },
  },
  data: {
    open: false,
    answer: newAnswerForm('') as AnswerForm,
    maxPhotos: MAX_PHOTOS,
  },
  observers: {
    complaintId(this: WechatMiniprogram.Component.TrivialInstance, complaintId: string) {
      this.setData({ open: complaintId !== '', answer: newAnswerForm(complaintId) });
    },
  },
  methods: {
    closeSheet() {
      this.triggerEvent('close');
    },
    onSheetVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.triggerEvent('close');
    },
    onAnswerNotes(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'answer.notes': e.detail.value, 'answer.error': '' });
    },
    addPhotos() {
      return addFormPhotos(this, 'answer', `complaints/${this.data.answer.complaintId}`);
    },
    removePhoto(e: Tap<{ index: number }>) {
      this.setData({ 'answer.photos': withoutPhoto(this.data.answer.photos, Number(e.currentTarget.dataset.index)) });
    },
    async submitAnswer() {
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
      this.setData({ 'answer.submitting': false });
      this.triggerEvent('answered', res.data satisfies ComplaintDetail);
      toast('已答复', 'success');
    },
  },
});
