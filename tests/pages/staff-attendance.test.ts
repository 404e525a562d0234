/**
 * 签到 end to end, on the real clock: a meeting whose sign-up closes 3 s after it is created (check-in opens at
 * the sign-up deadline), so the test waits those seconds once. A typed code checks its holder in (stored in
 * `attended`), the same code again is refused, a scanned QR code works, and the refusals read as the server says.
 */
import { RESIDENT, STAFF, createMeeting, imminent, waitUntil } from '../helpers/councils';
import { registerDexuanResidents, usePageBackend } from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';

const ATTENDANCE = 'pages/staff/attendance/index';

jest.setTimeout(20_000);

const env = usePageBackend();

describe('签到', () => {
  it('typed and scanned codes check people in; reuse, cancelled and wrong codes are refused', async () => {
    const [neighbour, cancelled] = await registerDexuanResidents(env.backend, 'door', 2);
    const meeting = await createMeeting(env.backend, { title: '消防安全议事会', ...imminent(3) });
    const other = await createMeeting(env.backend, { title: '另一场议事会' });
    const mine = expectOk(await env.backend.call(RESIDENT, 'councils', 'signUp', { meetingId: meeting.id })).myCode!;
    const theirs = expectOk(await env.backend.call(neighbour, 'councils', 'signUp', { meetingId: meeting.id })).myCode!;
    const gone = expectOk(await env.backend.call(cancelled, 'councils', 'signUp', { meetingId: meeting.id })).myCode!;
    expectOk(await env.backend.call(cancelled, 'councils', 'cancelSignUp', { meetingId: meeting.id }));
    const elsewhere = expectOk(await env.backend.call(RESIDENT, 'councils', 'signUp', { meetingId: other.id })).myCode!;
    await waitUntil(meeting.signUpDeadline); // check-in opens when sign-up closes

    const wxMock = env.as(STAFF);
    const page = await openPage(ATTENDANCE, { id: meeting.id });
    await page.waitForText('消防安全议事会');
    expect(page.text('.counts')).toContain('已签到 0 / 已报名 2');

    // typed
    await page.input('.code', mine.code);
    await page.tap('.check-in');
    await page.waitForText('张桂兰（1号楼） 签到成功');
    await page.waitForText('已签到 1 / 已报名 2');
    let stored = (await env.backend.doc('meetings', meeting.id))!;
    expect(stored.attended).toEqual([RESIDENT]);

    // the same code again
    await page.input('.code', mine.code);
    await page.tap('.check-in');
    await page.waitForText('该签到码已使用');
    expect(page.query('.last')).toBeUndefined();

    // a cancelled sign-up's code, a malformed one, another meeting's QR code
    await page.input('.code', gone.code);
    await page.tap('.check-in');
    await page.waitForText('该报名已取消，签到码无效');
    const asked = wxMock.requests.length;
    await page.input('.code', '12345');
    await page.tap('.check-in');
    expect(page.text('.error')).toBe('签到码应为6位数字');
    wxMock.wx.scanCode = (opts: { success: (r: { result: string }) => void }) => opts.success({ result: elsewhere.qr });
    await page.tap('.scan');
    expect(page.text('.error')).toBe('这是其他会议的签到码');
    expect(wxMock.requests).toHaveLength(asked); // refused before sending

    // scanned
    wxMock.wx.scanCode = (opts: { success: (r: { result: string }) => void }) => opts.success({ result: theirs.qr });
    await page.tap('.scan');
    await page.waitForText('已签到 2 / 已报名 2');
    expect(page.text('.last')).toContain('签到成功');
    stored = (await env.backend.doc('meetings', meeting.id))!;
    expect(stored.attended).toEqual([RESIDENT, neighbour]);
    expect(page.queryAll('.attendee--in')).toHaveLength(2);
  });
});
