/**
 * The Open311 endpoint against the seeded demo (its sample activity made through the real functions), as the
 * city's 12345 platform calls it: the spec's example queries, a POST with and without a key, bad fields, and no
 * personal data in any answer.
 */
import { COLLECTIONS, getDb } from '../../../cloudfunctions/lib/db';
import type { HttpEvent } from '../../../cloudfunctions/lib/http';
import { main } from '../../../cloudfunctions/open311';
import { open311Http } from '../../../cloudfunctions/open311/http';
import { FUNCTIONS } from '../../../cloudfunctions/registry';
import { seedActivity } from '../../../local-backend/seed/activity';
import { demoUsers } from '../../../local-backend/seed/users';
import { cloudbaseConfig } from '../../../scripts/build-functions';
import { OPEN311_SERVICES } from '../../../miniprogram/shared/open311/services';
import { expectOk, T0, useTestBackend } from '../../helpers/functions';
import { countRequests } from '../../helpers/seam';

const backend = useTestBackend();
const NOW = new Date(T0.getTime() + 3 * 3600_000);
let key: string;

beforeEach(async () => {
  await seedActivity(FUNCTIONS, T0);
  backend.setNow(NOW);
  key = expectOk(await backend.call('demo-admin', 'open311', 'issueKey', { name: '嘉峪关市12345平台' })).key;
});

interface Reply {
  status: number;
  body: unknown;
}

async function http(method: string, path: string, options: Partial<HttpEvent> = {}): Promise<Reply> {
  const [route, search = ''] = path.split('?');
  const reply = await open311Http.handle(
    {
      path: `/open311/v2${route}`,
      httpMethod: method,
      headers: {},
      queryStringParameters: Object.fromEntries(new URLSearchParams(search)),
      body: '',
      isBase64Encoded: false,
      ...options,
    },
    { now: () => NOW },
  );
  expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
  return { status: reply.statusCode, body: JSON.parse(reply.body) };
}
const get = (path: string) => http('GET', path);
const post = (fields: Record<string, string>) =>
  http('POST', '/requests.json', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

// The spec's fields of a service request (GeoReport v2), with the ones this city never fills (no coordinates, no
// zipcodes, no photos) absent rather than empty.
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
].sort();
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

function expectSpecRequest(request: Record<string, unknown>) {
  expect(Object.keys(request).sort()).toEqual(REQUEST_FIELDS);
  expect(['open', 'closed']).toContain(request.status);
  for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
    expect(request[field]).toMatch(W3C);
  }
}

const asList = (reply: Reply) => reply.body as Array<Record<string, unknown>>;
const TICKET = {
  service_code: 'heating',
  description: '整栋楼暖气不热，室温只有14度',
  account_id: '12345-20261102-0088',
};
const REPORTER = { last_name: '何', first_name: '玉梅', phone: '13909370123', email: 'maxy@example.com' };

describe('GET services.json', () => {
  it('lists the public services with the spec’s fields', async () => {
    const reply = await get('/services.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(OPEN311_SERVICES);
    for (const service of asList(reply)) {
      expect(Object.keys(service).sort()).toEqual(
        ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort(),
      );
    }
  });

  it('has a definition for each service (no attributes) and 404 for a code it does not publish', async () => {
    expect(await get('/services/heating.json')).toEqual({
      status: 200,
      body: { service_code: 'heating', attributes: [] },
    });
    expect(await get('/services/elderly_care.json')).toEqual({
      status: 404,
      body: [{ code: 404, description: 'no service elderly_care' }],
    });
  });
});

describe('GET requests.json', () => {
  it('?status=open&service_code=water_supply: the demo leak in 德轩小区, held by its property company', async () => {
    const reply = await get('/requests.json?status=open&service_code=water_supply');
    expect(reply.status).toBe(200);
    const [leak, ...others] = asList(reply);
    expect(others).toEqual([]);
    expectSpecRequest(leak);
    expect(leak).toMatchObject({
      status: 'open',
      status_notes: '处理中',
      service_code: 'water_supply',
      service_name: '供水排水',
      address: '雄关社区 德轩小区',
      address_id: 'cp-dexuan',
      agency_responsible: '德轩物业服务有限公司',
      requested_datetime: '2026-11-02T09:00:00+08:00',
      expected_datetime: '2026-11-03T09:00:00+08:00',
    });
  });

  it('lists the public orders of the last 90 days, never the personal ones (elder care, a policy question)', async () => {
    const reply = await get('/requests.json');
    const codes = asList(reply).map((r) => r.service_code);
    expect(codes.sort()).toEqual(['power_supply', 'water_supply']);
    asList(reply).forEach(expectSpecRequest);
    expect(asList(await get('/requests.json?status=closed'))).toEqual([]);
  });

  it('pages: page_size and page split the list; a window outside the orders is empty', async () => {
    const first = asList(await get('/requests.json?page_size=1'));
    const second = asList(await get('/requests.json?page_size=1&page=2'));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0].service_request_id).not.toBe(second[0].service_request_id);
    const before = await get('/requests.json?end_date=2026-10-01T00:00:00%2B08:00');
    expect(before).toEqual({ status: 200, body: [] });
  });

  it('costs two round trips: the page of orders, and their compounds', async () => {
    const { requests } = await countRequests(() => get('/requests.json?status=open'));
    expect(requests).toEqual(['get orders', 'get places']);
  });

  it('answers bad filters in the spec’s error format with 400', async () => {
    expect(await get('/requests.json?status=pending')).toEqual({
      status: 400,
      body: [{ code: 400, description: 'status must be open or closed, not pending' }],
    });
    const tooLong = await get('/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z');
    expect(tooLong.status).toBe(400);
  });

  it('serves JSON only: an .xml path is refused', async () => {
    expect((await get('/requests.xml')).status).toBe(400);
  });
});

describe('GET requests/{id}.json', () => {
  it('answers one request in a list; 404 alike for an id that does not exist and one that is not public', async () => {
    const [leak] = asList(await get('/requests.json?service_code=water_supply'));
    const one = await get(`/requests/${leak.service_request_id}.json`);
    expect(one).toEqual({ status: 200, body: [leak] });

    const care = await getDb().collection(COLLECTIONS.orders).where({ categoryId: 'elderly_care' }).get();
    const privateId = (care.data[0] as { _id: string })._id;
    const hidden = await get(`/requests/${privateId}.json`);
    const missing = await get('/requests/ord_000000000000000000000000.json');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body).toEqual([{ code: 404, description: `no service request ${privateId}` }]);
    // by id in the list too: the personal order is simply not there
    expect(asList(await get(`/requests.json?service_request_id=${privateId},${leak.service_request_id}`))).toEqual([
      leak,
    ]);
  });
});

describe('POST requests.json', () => {
  it('is refused with 403 without a key, with a made-up key and with a revoked key', async () => {
    const fields = { ...TICKET, address_string: '德轩小区3号楼' };
    const refusal = { status: 403, body: [{ code: 403, description: expect.stringContaining('api_key') }] };
    expect(await post(fields)).toEqual(refusal);
    expect(await post({ ...fields, api_key: `o311_0123456789abcdef_${'x'.repeat(43)}` })).toEqual(refusal);
    const keys = expectOk(await backend.call('demo-admin', 'open311', 'listKeys', {}));
    expectOk(await backend.call('demo-admin', 'open311', 'revokeKey', { keyId: keys[0].id }));
    expect(await post({ ...fields, api_key: key })).toEqual(refusal);
    expect(await backend.store.count('orders')).toBe(4);
  });

  it('opens an order for the community, from 12345, returning its id at once (no token), once per request', async () => {
    const fields = { ...TICKET, ...REPORTER, api_key: key, address_string: '德轩小区 3号楼 2单元502' };
    const reply = await post(fields);
    expect(reply).toEqual({
      status: 200,
      body: [
        {
          service_request_id: expect.stringMatching(/^ord_/),
          service_notice: '加急 · 24小时内办结',
          account_id: TICKET.account_id,
        },
      ],
    });
    const [{ service_request_id: id }] = asList(reply);
    // a retry of the same request finds the same order
    expect(asList(await post(fields))[0].service_request_id).toBe(id);

    const [shown] = asList(await get(`/requests/${id}.json`));
    expectSpecRequest(shown);
    expect(shown).toMatchObject({ status: 'open', status_notes: '待受理', agency_responsible: '雄关社区' });
    expect(shown.address).toBe('雄关社区 德轩小区');

    // the order itself: from the hotline, in building 3, the door and the reporter kept for those who handle it
    const stored = (await getDb().collection(COLLECTIONS.orders).where({ _id: id }).get()).data[0];
    expect(stored).toMatchObject({
      channel: 'hotline_12345',
      buildingId: 'bd-dexuan-3',
      place: '3号楼 2单元502',
      residentName: '何玉梅',
      residentPhone: REPORTER.phone,
      privateContact: true,
      status: 'submitted',
      open311: { accountId: TICKET.account_id, email: REPORTER.email },
    });
    const queue = expectOk(
      await backend.call('demo-community-staff', 'orders', 'staffQueue', {
        communityId: 'cm-xiongguan',
        filter: 'new',
      }),
    );
    expect(queue.items.map((o) => o.id)).toContain(id);
    // staff, who must call the reporter back, see his name and phone on the order, as a resident's
    const detail = expectOk(await backend.call('demo-community-staff', 'orders', 'getDetail', { orderId: String(id) }));
    expect(detail.resident).toEqual({ name: '何玉梅', phone: REPORTER.phone });
    // and its notice reaches the community's staff, delivered by the timers like any new order's
    await backend.deliver();
    expectOk(await FUNCTIONS.find((fn) => fn.name === 'messages')!.runTimer('send', { now: () => NOW }));
    const inbox = expectOk(await backend.call('demo-community-staff', 'messages', 'listInbox', {}));
    expect(inbox.items.map((m) => m.title)).toContain('新工单：供暖问题');
  });

  it('takes a JSON body and a building id as address_id; a few round trips', async () => {
    const { result, requests } = await countRequests(() =>
      http('POST', '/requests.json', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...TICKET, api_key: key, address_id: 'bd-longhu-2' }),
      }),
    );
    expect(result.status).toBe(200);
    expect(requests).toEqual(['get open311Keys', 'aggregate places', 'insert orders']);
  });

  it('answers bad fields with 400, each named, and writes nothing', async () => {
    const reply = await post({
      api_key: key,
      service_code: 'elderly_care',
      description: '短',
      lat: '39.8',
      long: '98.3',
    });
    expect(reply.status).toBe(400);
    expect(asList(reply).map((e) => e.description)).toEqual([
      'unknown service_code: elderly_care',
      'lat/long are not accepted (the city keeps no coordinates): send address_string or address_id',
      'description is required, 5 to 500 characters',
    ]);
    const nowhere = await post({ ...TICKET, api_key: key, address_string: '不存在小区1号楼' });
    expect(nowhere).toEqual({
      status: 400,
      body: [{ code: 400, description: expect.stringContaining('names no compound and building') }],
    });
    expect(await backend.store.count('orders')).toBe(4);
  });
});

/** Every string anywhere in a JSON value. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsIn)
      : value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)])
        : [];

describe('no personal data in any answer', () => {
  it('names no resident, phone, OPENID, household, or what anyone wrote', async () => {
    const filed = await post({ ...TICKET, ...REPORTER, api_key: key, address_string: '德轩小区3号楼2单元502' });
    const replies = [filed, await get('/services.json'), await get('/requests.json')];
    for (const request of asList(replies[2])) replies.push(await get(`/requests/${request.service_request_id}.json`));
    expect(asList(replies[2]).length).toBe(3);

    const orders = backend.store.dump().orders as unknown as Array<Record<string, string>>;
    const forbidden = [
      ...demoUsers.flatMap((u) => [u.openid, u.name, u.phone]),
      ...orders.flatMap((o) => [o.residentId, o.residentName, o.residentPhone, o.description, o.buildingId, o.place]),
      REPORTER.phone,
      REPORTER.email,
      '何玉梅',
      '2单元',
      '号楼',
      key,
    ].filter((s) => s && s.length >= 2);
    const said = replies.flatMap((reply) => stringsIn(reply.body));
    for (const text of said) {
      for (const secret of forbidden) expect({ text, has: text.includes(secret) }).toEqual({ text, has: false });
    }
  });
});

describe('the deployed function', () => {
  it('answers CloudBase’s integration request at its entry point, with the access path or without it', async () => {
    for (const path of ['/open311/v2/services.json', '/services.json']) {
      const reply = (await main({ path, httpMethod: 'GET', headers: {}, body: '', isBase64Encoded: false })) as {
        statusCode: number;
        body: string;
      };
      expect(reply.statusCode).toBe(200);
      expect(JSON.parse(reply.body)).toEqual(OPEN311_SERVICES);
    }
  });

  it('is deployed with its HTTP access path', () => {
    const plugins = cloudbaseConfig().framework.plugins as Record<string, { inputs: Record<string, unknown> }>;
    expect(plugins.httpAccess.inputs.servicePaths).toEqual({ open311: '/open311/v2' });
  });

  it('keeps a key’s secret only as its hash: an admin lists names and dates, never the key', async () => {
    const keys = expectOk(await backend.call('demo-admin', 'open311', 'listKeys', {}));
    expect(keys).toEqual([
      { id: expect.any(String), name: '嘉峪关市12345平台', createdAt: NOW.toISOString(), revokedAt: null },
    ]);
    const stored = backend.store.dump().open311Keys[0] as unknown as Record<string, string>;
    expect(JSON.stringify(stored)).not.toContain(key.slice('o311_'.length + 17));
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
