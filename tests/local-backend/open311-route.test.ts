/** The local backend serves the Open311 function at `/open311/v2/…`, as CloudBase's HTTP access path does. */
import { startLocalBackend, type LocalBackend } from '../../local-backend/backend';
import { Store } from '../../local-backend/db/store';

// No demo data is needed: what is checked here is the route (tests/functions/open311 reads the seeded demo).
let backend: LocalBackend;
beforeAll(async () => {
  backend = await startLocalBackend({ store: Store.memory(), timers: false });
});
afterAll(() => backend.close());

describe('/open311/v2 on the local backend', () => {
  it('answers GET services.json with JSON', async () => {
    const res = await fetch(`${backend.url}/open311/v2/services.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const services = (await res.json()) as Array<{ service_code: string }>;
    expect(services.map((s) => s.service_code)).toContain('heating');
  });

  it('passes the query string and the form body through: a POST without a key is 403, a filter is read', async () => {
    const res = await fetch(`${backend.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'service_code=heating&address_string=德轩小区1号楼&description=暖气不热好几天了',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const bad = await fetch(`${backend.url}/open311/v2/requests.json?status=pending`);
    expect(bad.status).toBe(400);
  });

  it('answers an unknown request or path with 404 in the spec’s format', async () => {
    const res = await fetch(`${backend.url}/open311/v2/requests/ord_none.json`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual([{ code: 404, description: 'no service request ord_none' }]);
    expect((await fetch(`${backend.url}/open311/v2/nothing`)).status).toBe(404);
    expect((await fetch(`${backend.url}/open311/v2/requests.json`, { method: 'DELETE' })).status).toBe(405);
  });
});
