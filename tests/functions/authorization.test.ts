/**
 * The authorization matrix: EVERY action for EVERY kind of caller, allowed or denied.
 * A new action without an entry here fails this test.
 */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { expectOk, startTestBackend, type TestBackend } from '../helpers/functions';

const PERSONAS = {
  unregistered: 'demo-newcomer',
  resident: 'demo-resident',
  residentElsewhere: 'demo-resident-changsheng',
  partyMember: 'demo-party-member',
  unitMember: 'demo-unit-member',
  gridWorker: 'demo-grid-worker',
  staff: 'demo-community-staff',
  staffElsewhere: 'demo-staff-changsheng',
  streetStaff: 'demo-street-staff',
  admin: 'demo-admin',
} as const;
type Persona = keyof typeof PERSONAS;
const EVERYONE = Object.keys(PERSONAS) as Persona[];
const REGISTERED = EVERYONE.filter((p) => p !== 'unregistered');

interface Case {
  /** Prepares what the payload refers to (e.g. an application to review). */
  setup?: (backend: TestBackend) => Promise<Record<string, string>>;
  payload: (ctx: Record<string, string>) => unknown;
  allow: Persona[];
}

const applyAsResident = async (backend: TestBackend) => {
  const app = expectOk(
    await backend.call('demo-resident', 'people', 'applyPartyMember', {
      communityId: 'cm-xiongguan',
      workUnit: '市自然资源局',
      partyOrganization: '机关党支部',
    }),
  );
  return { applicationId: app.id };
};

export const MATRIX: Record<string, Case> = {
  'community.getHome': { payload: () => ({}), allow: EVERYONE },
  'community.listCommunities': { payload: () => ({}), allow: EVERYONE },
  'community.listCompounds': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: EVERYONE },
  'community.listGrids': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: EVERYONE },
  'community.listBuildings': { payload: () => ({ compoundId: 'cp-dexuan' }), allow: EVERYONE },
  'people.register': {
    payload: () => ({
      communityId: 'cm-zixuan',
      compoundId: 'cp-yongping',
      buildingId: 'bd-yongping-1',
      name: '测试',
      privacyConsentVersion: '2026-11',
    }),
    allow: EVERYONE,
  },
  'people.getProfile': { payload: () => ({}), allow: EVERYONE },
  'people.applyPartyMember': {
    payload: () => ({ communityId: 'cm-zixuan', workUnit: '市自然资源局', partyOrganization: '机关党支部' }),
    allow: REGISTERED,
  },
  'people.listMyApplications': { payload: () => ({}), allow: REGISTERED },
  'people.listPendingApplications': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'admin'] },
  'people.reviewApplication': {
    setup: applyAsResident,
    payload: (ctx) => ({ applicationId: ctx.applicationId, decision: 'approve' }),
    allow: ['staff', 'admin'],
  },
  'people.listMembers': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'admin'] },
  'people.grantRole': {
    payload: () => ({
      userId: 'demo-resident-changsheng',
      role: 'grid_worker',
      scopeId: 'gr-xiongguan-2',
      reason: '授权测试',
    }),
    allow: ['staff', 'streetStaff', 'admin'],
  },
  'people.revokeRole': {
    payload: () => ({ userId: 'demo-grid-worker', role: 'grid_worker', scopeId: 'gr-xiongguan-1', reason: '撤销测试' }),
    allow: ['staff', 'streetStaff', 'admin'],
  },
  'people.listRoleEvents': { payload: () => ({ communityId: 'cm-xiongguan' }), allow: ['staff', 'admin'] },
};

const ACTIONS = FUNCTIONS.flatMap((fn) => Object.keys(fn.actions).map((action) => `${fn.name}.${action}`));

it('has an entry for every action of every function', () => {
  expect(ACTIONS.filter((name) => !MATRIX[name])).toEqual([]);
  expect(Object.keys(MATRIX).filter((name) => !ACTIONS.includes(name))).toEqual([]);
});

const cells = ACTIONS.filter((name) => MATRIX[name]).flatMap((name) =>
  EVERYONE.map((persona) => ({ name, persona, allowed: MATRIX[name].allow.includes(persona) })),
);

let backend: TestBackend;
afterEach(() => backend?.close());

it.each(cells)('$name as $persona → allowed: $allowed', async ({ name, persona, allowed }) => {
  backend = await startTestBackend();
  const [fn, action] = name.split('.');
  const entry = MATRIX[name];
  const ctx = entry.setup ? await entry.setup(backend) : {};
  const before = backend.store.dump();
  const res = await backend.send(PERSONAS[persona], fn, { action, payload: entry.payload(ctx) });
  if (allowed) {
    expect(res).toMatchObject({ ok: true });
  } else {
    expect(res.ok).toBe(false);
    if (!res.ok) expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(res.error.code);
    expect(backend.store.dump()).toEqual(before);
  }
});
