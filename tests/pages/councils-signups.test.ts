/**
 * 我的报名 end to end: my sign-ups (a seat, or a waitlist position) each with my check-in code, as stored.
 */
import { RESIDENT, createMeeting } from '../helpers/councils';
import { registerDexuanResidents, usePageBackend } from '../helpers/complaints';
import { expectOk } from '../helpers/page-backend';
import { openPage } from '../helpers/simulate';

const SIGNUPS = 'pages/councils/signups/index';

const env = usePageBackend();

describe('我的报名', () => {
  it('is empty before I sign up', async () => {
    env.as(RESIDENT);
    const page = await openPage(SIGNUPS);
    await page.waitForText('还没有报名议事会');
  });

  it('shows each sign-up with my code; a waitlisted one with its position; tap opens the meeting', async () => {
    const confirmed = await createMeeting(env.backend, { title: '社区环境整治议事会' });
    const full = await createMeeting(env.backend, { title: '停车位划线议事会', capacity: 1 });
    const [holder] = await registerDexuanResidents(env.backend, 'signups-holder', 1);
    expectOk(await env.backend.call(holder, 'councils', 'signUp', { meetingId: full.id }));
    expectOk(await env.backend.call(RESIDENT, 'councils', 'signUp', { meetingId: confirmed.id }));
    expectOk(await env.backend.call(RESIDENT, 'councils', 'signUp', { meetingId: full.id }));
    const codes = (await env.backend.doc('meetings', confirmed.id))!.codes as Record<string, string>;
    const waitCodes = (await env.backend.doc('meetings', full.id))!.codes as Record<string, string>;

    const wxMock = env.as(RESIDENT);
    const page = await openPage(SIGNUPS);
    await page.waitForText('社区环境整治议事会');
    const cards = page.queryAll('.signup').map((c) => page.text(c));
    expect(cards).toHaveLength(2);
    const mine = cards.find((t) => t.includes('社区环境整治议事会'))!;
    expect(mine).toContain('已报名');
    expect(mine).toContain(codes[RESIDENT]);
    const waiting = cards.find((t) => t.includes('停车位划线议事会'))!;
    expect(waiting).toContain('候补第1位');
    expect(waiting).toContain(waitCodes[RESIDENT]);
    expect(wxMock.requests[0].data).toEqual({ action: 'mySignUps', payload: { filter: 'upcoming' } });

    // one QR code at a time
    expect(page.query('#qr')).toBeUndefined();
    await page.tap(page.queryAll('.show-qr')[0]);
    expect(page.query('#qr')).toBeDefined();
    expect(page.text(page.queryAll('.show-qr')[0])).toBe('收起二维码');
    await page.tap(page.queryAll('.show-qr')[0]);
    expect(page.query('#qr')).toBeUndefined();

    await page.tap(page.queryAll('.signup .card__head')[0]);
    expect(wxMock.navigations.at(-1)!.url).toMatch(/^\/pages\/councils\/meeting\/index\?id=/);

    // a cancelled sign-up leaves the list
    expectOk(await env.backend.call(RESIDENT, 'councils', 'cancelSignUp', { meetingId: full.id }));
    await page.onPullDownRefresh();
    await page.waitFor(() => page.queryAll('.signup').length === 1);
    expect(page.text()).not.toContain('停车位划线议事会');
  });
});
