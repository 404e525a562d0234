/**
 * Ids made from public data can be guessed: a complaint's from compound, category and number, a 双报到
 * application's from the applicant and the community. Whoever may not see such a document gets exactly the answer
 * a missing one gets, so he cannot tell an existing id from a made-up one.
 */
import { createHash } from 'node:crypto';
import { expectOk, useTestBackend } from '../helpers/functions';

const backend = useTestBackend();

/** An id of the same shape as the real ones (records.stableId), naming nothing. */
const madeUp = (prefix: string) => `${prefix}_${createHash('sha1').update('nothing').digest('hex').slice(0, 24)}`;

const OTHER_RESIDENT = 'demo-resident-changsheng'; // 昌盛社区, another compound
const OTHER_STAFF = 'demo-staff-changsheng'; // staff of 昌盛社区

it('a complaint: an outsider gets the same answer for an existing id as for a missing one, for every action', async () => {
  const real = expectOk(
    await backend.call('demo-resident', 'complaints', 'file', {
      requestId: 'req-exist-0001',
      category: 'elevator',
      description: '电梯经常停运，老人上下楼困难',
    }),
  ).id;
  const missing = madeUp('cpl');
  const asks = [
    ['getDetail', {}],
    ['meToo', {}],
    ['acknowledge', {}],
    ['satisfied', {}],
  ] as const;
  for (const outsider of [OTHER_RESIDENT, OTHER_STAFF]) {
    for (const [action, extra] of asks) {
      const send = (complaintId: string) =>
        backend.send(outsider, 'complaints', { action, payload: { complaintId, ...extra } });
      const [existing, none] = [await send(real), await send(missing)];
      expect([outsider, action, existing]).toEqual([outsider, action, none]);
      expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  }
});

it('a 双报到 application: staff of another community cannot tell who applied', async () => {
  const application = expectOk(
    await backend.call('demo-resident', 'people', 'applyPartyMember', {
      communityId: 'cm-xiongguan',
      workUnit: '市自然资源局',
      partyOrganization: '市自然资源局机关党支部',
    }),
  );
  const review = (applicationId: string) =>
    backend.call(OTHER_STAFF, 'people', 'reviewApplication', { applicationId, decision: 'approve' });
  const [existing, none] = [await review(application.id), await review(madeUp('pa'))];
  expect(existing).toEqual(none);
  expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});
