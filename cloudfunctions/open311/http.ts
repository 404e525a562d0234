/**
 * The Open311 GeoReport v2 endpoint, as CloudBase's HTTP access gives it requests (see lib/http): JSON only (the
 * spec's XML is not served: a `.xml` path is answered 400), errors as `[{code, description}]` with the same HTTP
 * status.
 *
 *   GET  services.json                  the public services
 *   GET  services/{code}.json           a service's definition (no service has attributes)
 *   GET  requests.json                  filters: service_request_id, service_code, status, start_date, end_date;
 *                                       paging: page, page_size
 *   GET  requests/{id}.json             one request
 *   POST requests.json                  a new request; needs api_key (403 without a valid one)
 *
 * GETs need no key (the spec makes them public) and show nothing of a person. A POST answers with its
 * `service_request_id` at once (every service is `realtime`), so no `token` is ever issued and
 * `tokens/{token}.json` is 404.
 */
import { parseNewRequest, parseRequestsQuery, type Open311Error } from '../../miniprogram/shared/open311/query';
import { isPublicService, OPEN311_SERVICES } from '../../miniprogram/shared/open311/services';
import { findCategory, tierLimitLabel } from '../../miniprogram/shared/orders/catalogue';
import { getDb } from '../lib/db';
import { bodyText, header, jsonResponse, type HttpEvent, type HttpResponse, type HttpService } from '../lib/http';
import { createRequest } from './create';
import { verifyKey } from './keys';
import { getRequest, listRequests } from './requests';

export const OPEN311_PATH = '/open311/v2';

const errors = (list: Open311Error[]): HttpResponse => jsonResponse(list[0].code, list);
const error = (code: number, description: string) => errors([{ code, description }]);

/** The path below the access path (CloudBase may pass it with or without the access path itself). */
const routeOf = (path: string) => (path.startsWith(OPEN311_PATH) ? path.slice(OPEN311_PATH.length) : path) || '/';

const stringsOf = (record: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [key, String(value)]),
  );

/** The POST's fields: a form (what the spec sends) or a JSON object. */
function postFields(event: HttpEvent): Record<string, string> | null {
  const text = bodyText(event);
  if (header(event, 'content-type').includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text || '{}');
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? stringsOf(parsed as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

async function post(event: HttpEvent, now: Date): Promise<HttpResponse> {
  const fields = postFields(event);
  if (!fields) return error(400, 'the body is neither a form nor a JSON object');
  const db = getDb();
  // The key first: without one, nothing about the fields is answered.
  const key = await verifyKey(db, fields.api_key ?? event.queryStringParameters?.api_key ?? '');
  if (!key) return error(403, 'a valid api_key is required to submit a service request');
  delete fields.api_key;
  const parsed = parseNewRequest(fields);
  if (!parsed.ok) return errors(parsed.errors);
  const created = await createRequest(db, key, parsed.value, now);
  if (!created.ok) return errors([created.error]);
  const category = findCategory(parsed.value.serviceCode)!;
  return jsonResponse(200, [
    {
      service_request_id: created.id,
      service_notice: tierLimitLabel(category.tier),
      account_id: parsed.value.accountId,
    },
  ]);
}

async function route(event: HttpEvent, now: Date): Promise<HttpResponse> {
  const path = routeOf(event.path);
  const method = event.httpMethod.toUpperCase();
  if (/\.xml$/.test(path)) return error(400, 'only JSON is served: use the .json path');
  if (path === '/requests.json' && method === 'POST') return post(event, now);
  if (method !== 'GET') return error(405, `${method} is not supported here`);
  const query = stringsOf(event.queryStringParameters ?? {});

  if (path === '/services.json') return jsonResponse(200, OPEN311_SERVICES);
  const service = /^\/services\/([\w-]+)\.json$/.exec(path);
  if (service) {
    return isPublicService(service[1])
      ? jsonResponse(200, { service_code: service[1], attributes: [] })
      : error(404, `no service ${service[1]}`);
  }
  if (path === '/requests.json') {
    const parsed = parseRequestsQuery(query, now);
    if (!parsed.ok) return errors(parsed.errors);
    return jsonResponse(200, await listRequests(getDb(), parsed.value, now));
  }
  const one = /^\/requests\/([\w-]{1,64})\.json$/.exec(path);
  if (one) {
    const found = await getRequest(getDb(), one[1], now);
    return found ? jsonResponse(200, [found]) : error(404, `no service request ${one[1]}`);
  }
  return error(404, `no such resource: ${path}`);
}

export const open311Http: HttpService = {
  name: 'open311',
  path: OPEN311_PATH,
  async handle(event, options = {}) {
    const now = (options.now ?? (() => new Date()))();
    try {
      return await route(event, now);
    } catch (failure) {
      console.error(`[open311 ${event.httpMethod} ${event.path}] unhandled error`, failure);
      return error(500, 'internal error');
    }
  },
};
