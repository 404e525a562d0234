/**
 * Arranging complaint scenes for page tests: filing through the real functions, fresh residents of a compound,
 * and a camera roll / upload server the test controls (wx.chooseMedia, wx.uploadFile).
 */
import type { ActionInput } from '../../miniprogram/shared/api';
import { expectOk, startPageBackend, type PageBackend } from './page-backend';
import { forwardRequestsTo, installWxMock, type WxMock } from './wx-mock';

export const RESIDENT = 'demo-resident'; // 德轩小区 1号楼
export const NEIGHBOUR = 'demo-party-member'; // 德轩小区
export const COMPANY_MEMBER = 'demo-unit-member'; // 德轩物业
export const COMPANY = 'un-dexuan-property';
export const COMMUNITY_STAFF = 'demo-community-staff'; // cm-xiongguan
export const COMMUNITY = 'cm-xiongguan';

/**
 * A fresh seeded backend for the test file (started before its tests, closed after), and `as(openid)`: a new wx
 * mock whose requests reach it as that user.
 */
export function usePageBackend(): { readonly backend: PageBackend; as(openid: string): WxMock } {
  let backend: PageBackend | undefined;
  beforeAll(async () => {
    backend = await startPageBackend();
  });
  afterAll(() => backend?.close());
  return {
    get backend() {
      if (!backend) throw new Error('the page backend has not started');
      return backend;
    },
    as(openid) {
      const mock = installWxMock({ storage: { localOpenid: openid } });
      mock.setRequestHandler(forwardRequestsTo(this.backend.url));
      return mock;
    },
  };
}

/** Registers the demo newcomer into 永平小区, a compound without a property company (无物业小区). */
export const registerInNoCompanyCompound = async (backend: PageBackend) =>
  expectOk(
    await backend.call('demo-newcomer', 'people', 'register', {
      communityId: 'cm-zixuan',
      compoundId: 'cp-yongping',
      buildingId: 'bd-yongping-1',
      name: '赵大爷',
      privacyConsentVersion: '2026-11',
    }),
  );

let requests = 0;

/** Files a complaint as `who` through the real function (a fresh request id each time). */
export async function fileComplaint(
  backend: PageBackend,
  who: string,
  input: Omit<ActionInput<'complaints', 'file'>, 'requestId'>,
) {
  requests += 1;
  const requestId = `test-${Date.now().toString(36)}-${String(requests).padStart(4, '0')}`;
  return expectOk(await backend.call(who, 'complaints', 'file', { requestId, ...input }));
}

/** Registers fresh users into 德轩小区 (their openids), as residents of its buildings. */
export async function registerDexuanResidents(backend: PageBackend, prefix: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  for (const [i, id] of ids.entries()) {
    expectOk(
      await backend.call(id, 'people', 'register', {
        communityId: COMMUNITY,
        compoundId: 'cp-dexuan',
        buildingId: `bd-dexuan-${(i % 4) + 1}`,
        name: `住户${i}`,
        privacyConsentVersion: '2026-11',
      }),
    );
  }
  return ids;
}

/** A photo's id as the local backend gives it to its uploader (shared/photos.ts). */
export const uploadedAs = (openid: string, name: string) => `local://photos/${openid}/u-${name}`;

/** The photos the user picks next (none: he cancels), uploaded at once as uploadedAs(caller, name). */
export function stubPhotos(wxMock: WxMock, picked: string[]): void {
  const wx = wxMock.wx;
  wx.chooseMedia = (opts: { success?: (res: unknown) => void; fail?: (res: unknown) => void }) => {
    wxMock.calls.push({ api: 'chooseMedia', options: opts });
    setTimeout(() =>
      picked.length
        ? opts.success?.({ type: 'image', tempFiles: picked.map((tempFilePath) => ({ tempFilePath, size: 2048 })) })
        : opts.fail?.({ errMsg: 'chooseMedia:fail cancel' }),
    );
  };
  wx.uploadFile = (opts: {
    filePath: string;
    header?: Record<string, string>;
    success?: (res: { data: string; statusCode: number }) => void;
  }) => {
    wxMock.calls.push({ api: 'uploadFile', options: opts });
    const fileID = uploadedAs(opts.header?.['x-wx-openid'] ?? '', opts.filePath.split('/').pop() ?? '');
    setTimeout(() => opts.success?.({ statusCode: 200, data: JSON.stringify({ ok: true, data: { fileID } }) }));
    return { onProgressUpdate: () => undefined };
  };
}
