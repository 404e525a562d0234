import { attendance, checkIn, getMeeting } from '../../../services/councils/index';
import { toast } from '../../../services/dialogs';
import { errorText } from '../../../lib/errors';
import { admitted, codeToSend, toAttendanceView, withCounts, type AttendanceView } from './view-model';
import { textSizeBehavior } from '../../../behaviors/text-size';

const scan = () =>
  new Promise<string | null>((resolve) =>
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode'],
      success: (res) => resolve(res.result ?? ''),
      fail: () => resolve(null),
    }),
  );

// 签到 (organisers): type the six digits or scan the resident's QR code; who came, live counts.
Component({
  behaviors: [textSizeBehavior],
  data: {
    meetingId: '',
    title: '',
    state: 'loading' as 'loading' | 'ready' | 'error',
    message: '',
    view: null as AttendanceView | null,
    code: '',
    /** The last one checked in: 张桂兰（1号楼） 签到成功. */
    last: '',
    /** Why the last code was refused. */
    error: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ meetingId: query.id ?? '' });
      return this.load();
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    async load() {
      const meetingId = this.data.meetingId;
      const [meeting, live] = await Promise.all([getMeeting(meetingId), attendance(meetingId)]);
      if (!meeting.ok) return this.setData({ state: 'error', message: errorText(meeting.error) });
      if (!live.ok) return this.setData({ state: 'error', message: errorText(live.error) });
      return this.setData({
        state: 'ready',
        title: meeting.data.title,
        view: toAttendanceView(live.data.attendance, live.data.attendees),
      });
    },
    retry() {
      this.setData({ state: 'loading' });
      return this.load();
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value, error: '' });
    },
    submitCode() {
      return this.send(this.data.code);
    },
    async scan() {
      const result = await scan();
      if (result === null) return;
      await this.send(result);
    },
    async send(input: string) {
      if (this.data.busy) return;
      const { meetingId } = this.data;
      const read = codeToSend(input, meetingId);
      if (read.error) {
        this.setData({ error: read.error, last: '' });
        return;
      }
      this.setData({ busy: true, error: '', last: '' });
      const res = await checkIn({ meetingId, code: read.code });
      if (!res.ok) {
        const message = errorText(res.error);
        this.setData({ busy: false, error: message });
        toast(message);
        return;
      }
      this.setData({
        busy: false,
        code: '',
        last: admitted(res.data.attendee),
        view: withCounts(this.data.view!, res.data.attendance),
      });
      toast('签到成功', 'success');
      const live = await attendance(meetingId);
      if (live.ok) this.setData({ view: toAttendanceView(live.data.attendance, live.data.attendees) });
    },
  },
});
