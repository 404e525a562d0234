/** A newcomer's way in over HTTP: every action listed with its access rule and input, and errors that say why. */
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { seedIfEmpty, startLocalBackend, type LocalBackend } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';

let backend: LocalBackend;
beforeAll(async () => {
  const store = Store.memory();
  backend = await startLocalBackend({ store, timers: false });
  await seedIfEmpty(store);
});
afterAll(() => backend.close());

const get = async (path: string) => (await fetch(`${backend.url}${path}`)).json() as Promise<Record<string, never>>;
const call = async (fn: string, event: unknown) =>
  (await fetch(`${backend.url}/functions/${fn}`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'demo-resident' },
    body: JSON.stringify(event),
  }).then((res) => res.json())) as { ok: false; error: { code: string; message: string; details?: never } };

describe('the action listing', () => {
  it('GET / names every function and keeps the demo users', async () => {
    const root = await get('/');
    expect(root.functions).toEqual(FUNCTIONS.map((fn) => fn.name));
    expect(root.demoUsers).toContainEqual(expect.objectContaining({ openid: 'demo-resident' }));
  });

  it('GET /functions/<name> lists every action with its access rule and input as JSON Schema', async () => {
    for (const fn of FUNCTIONS) {
      const listing = (await get(`/functions/${fn.name}`)) as unknown as {
        actions: Array<{ action: string; access: { who: string }; input: { type?: string } }>;
      };
      expect(listing.actions.map((a) => a.action)).toEqual(Object.keys(fn.actions));
      for (const entry of listing.actions) {
        expect(entry.access.who).toMatch(/^(anyone|registered|resident|roles|related)$/);
        expect(entry.input).toMatchObject({ $schema: expect.stringContaining('json-schema') });
      }
    }
    const orders = (await get('/functions/orders')) as unknown as {
      actions: Array<{ action: string; access: unknown; input: Record<string, unknown> }>;
    };
    const create = orders.actions.find((a) => a.action === 'create')!;
    expect(create.input).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['requestId', 'categoryId', 'description']),
      properties: { requestId: { pattern: '^[A-Za-z0-9_-]{8,64}$' } },
      additionalProperties: false,
    });
    const staffQueue = orders.actions.find((a) => a.action === 'staffQueue')!;
    expect(staffQueue.access).toEqual({ who: 'roles', roles: ['community_staff'], scoped: true });
  });

  it('an unknown function is 404 and names the ones there are', async () => {
    const res = await fetch(`${backend.url}/functions/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('orders');
  });
});

describe('errors that say why', () => {
  it('an unknown action lists the valid ones', async () => {
    const reply = await call('orders', { action: 'creat', payload: {} });
    expect(reply.error.code).toBe('UNKNOWN_ACTION');
    expect(reply.error.message).toContain('create');
    expect(reply.error.details).toEqual({ actions: Object.keys(FUNCTIONS.find((f) => f.name === 'orders')!.actions) });
  });

  it('a refused unknown field is named, at its path', async () => {
    const reply = await call('orders', { action: 'listMine', payload: { colour: 'red' } });
    expect(reply.error.code).toBe('VALIDATION_FAILED');
    expect(reply.error.details).toEqual({ issues: [{ path: 'colour', message: '不支持的字段：colour' }] });
  });

  it('a malformed request id says its format', async () => {
    const reply = await call('orders', {
      action: 'create',
      payload: { requestId: 'x', categoryId: 'water_supply', description: '厨房水管接头漏水' },
    });
    expect(reply.error.details).toEqual({
      issues: [{ path: 'requestId', message: '请求编号无效（格式须为 /^[A-Za-z0-9_-]{8,64}$/）' }],
    });
  });
});
