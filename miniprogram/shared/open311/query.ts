/**
 * What a GeoReport v2 client may ask, and how a bad ask is answered: `requests.json`'s filters and paging, and the
 * fields of `POST requests.json`. Errors are the spec's `[{code, description}]`, the code being the HTTP status.
 *
 * - Without dates, `requests.json` covers the last 90 days (the spec's default window); with one date, the 90 days
 *   from or up to it; a window longer than 90 days is refused.
 * - Paging is `page` (from 1) and `page_size` (default 50, at most 100): a read is never unbounded.
 * - `service_request_id` (comma-separated) overrides every other filter, as the spec says.
 */
import { isPublicService } from './services';

export interface Open311Error {
  code: number;
  description: string;
}

export const WINDOW_DAYS = 90;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
/** Ids asked for at once by `service_request_id`. */
export const MAX_IDS = 100;
const DAY_MS = 24 * 3600_000;

export type Open311Status = 'open' | 'closed';

export interface RequestsQuery {
  /** Asked by id: nothing else filters. */
  ids: string[] | null;
  serviceCodes: string[] | null;
  statuses: Open311Status[] | null;
  start: Date;
  end: Date;
  page: number;
  pageSize: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Open311Error[] };

const bad = (description: string): Open311Error => ({ code: 400, description });

const list = (value: string | undefined): string[] | null => {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? [...new Set(items)] : null;
};

/** A W3C date-time with a zone (`2026-11-01T00:00:00Z`, `…+08:00`), as the spec asks; a bare date is local to it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function dateParam(name: string, value: string | undefined, errors: Open311Error[]): Date | null {
  if (value === undefined || value === '') return null;
  const ms = DATE_TIME.test(value) ? new Date(value).getTime() : NaN;
  if (Number.isNaN(ms)) {
    errors.push(bad(`${name} must be a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00+08:00`));
    return null;
  }
  return new Date(ms);
}

function intParam(name: string, value: string | undefined, fallback: number, max: number, errors: Open311Error[]) {
  if (value === undefined || value === '') return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    errors.push(bad(`${name} must be a whole number from 1 to ${max}`));
    return fallback;
  }
  return n;
}

const KNOWN_PARAMS = new Set([
  'jurisdiction_id',
  'service_request_id',
  'service_code',
  'start_date',
  'end_date',
  'status',
  'page',
  'page_size',
  'api_key',
]);

/** `requests.json`'s query parameters, read at `now`. */
export function parseRequestsQuery(params: Record<string, string | undefined>, now: Date): Parsed<RequestsQuery> {
  const errors: Open311Error[] = [];
  for (const name of Object.keys(params)) if (!KNOWN_PARAMS.has(name)) errors.push(bad(`unknown parameter: ${name}`));
  const ids = list(params.service_request_id);
  if (ids && ids.length > MAX_IDS) errors.push(bad(`at most ${MAX_IDS} service_request_id values at once`));
  const serviceCodes = list(params.service_code);
  for (const code of serviceCodes ?? []) if (!isPublicService(code)) errors.push(bad(`unknown service_code: ${code}`));
  const statuses = list(params.status);
  for (const status of statuses ?? []) {
    if (status !== 'open' && status !== 'closed') errors.push(bad(`status must be open or closed, not ${status}`));
  }
  const startAt = dateParam('start_date', params.start_date, errors);
  const endAt = dateParam('end_date', params.end_date, errors);
  const window = WINDOW_DAYS * DAY_MS;
  const end = endAt ?? (startAt ? new Date(startAt.getTime() + window) : now);
  const start = startAt ?? new Date(end.getTime() - window);
  if (start.getTime() > end.getTime()) errors.push(bad('start_date must not be after end_date'));
  if (end.getTime() - start.getTime() > window) errors.push(bad(`the date window is at most ${WINDOW_DAYS} days`));
  const page = intParam('page', params.page, 1, 10_000, errors);
  const pageSize = intParam('page_size', params.page_size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { ids, serviceCodes, statuses: statuses as Open311Status[] | null, start, end, page, pageSize },
  };
}

/** A service request as `POST requests.json` files it (12345's operator on the phone with a citizen). */
export interface NewRequestFields {
  serviceCode: string;
  /** A building id of the product (楼栋), or a compound and building as text: "德轩小区3号楼 2单元301". */
  addressId: string | null;
  addressString: string | null;
  description: string;
  /** The reporter, kept with the order for those who handle it; never answered by a GET. */
  reporter: { name: string; phone: string; email: string };
  /** 12345's own ticket or caller reference, echoed as the spec's account_id. */
  accountId: string;
  deviceId: string;
}

const MIN_DESCRIPTION = 5;
const MAX_DESCRIPTION = 500;
const PHONE = /^[0-9+\-() ]{5,20}$/;

const POST_FIELDS = new Set([
  'api_key',
  'jurisdiction_id',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
]);

/** The fields of `POST requests.json` (form or JSON), without the key, which the function checks first. */
export function parseNewRequest(fields: Record<string, string | undefined>): Parsed<NewRequestFields> {
  const errors: Open311Error[] = [];
  const text = (name: string) => (fields[name] ?? '').trim();
  for (const name of Object.keys(fields)) {
    // attribute[code] is how the spec sends a service's attributes; no service of ours has any.
    if (!POST_FIELDS.has(name)) errors.push(bad(`unknown field: ${name}`));
  }
  const serviceCode = text('service_code');
  if (!serviceCode) errors.push(bad('service_code is required'));
  else if (!isPublicService(serviceCode)) errors.push(bad(`unknown service_code: ${serviceCode}`));
  const addressId = text('address_id') || null;
  const addressString = text('address_string') || null;
  if (!addressId && !addressString) {
    const coordinates = text('lat') || text('long');
    errors.push(
      bad(
        coordinates
          ? 'lat/long are not accepted (the city keeps no coordinates): send address_string or address_id'
          : 'a location is required: address_string (compound and building, e.g. 德轩小区3号楼) or address_id',
      ),
    );
  }
  const description = text('description');
  const length = Array.from(description).length;
  if (length < MIN_DESCRIPTION || length > MAX_DESCRIPTION) {
    errors.push(bad(`description is required, ${MIN_DESCRIPTION} to ${MAX_DESCRIPTION} characters`));
  }
  if (text('media_url')) errors.push(bad('media_url is not accepted: photos are attached in the mini-program'));
  const phone = text('phone');
  if (phone && !PHONE.test(phone)) errors.push(bad('phone is not a phone number'));
  const name = `${text('last_name')}${text('first_name')}`; // Chinese order: family name first
  if (Array.from(name).length > 20) errors.push(bad('first_name and last_name are at most 20 characters together'));
  for (const field of ['email', 'account_id', 'device_id']) {
    if (text(field).length > 100) errors.push(bad(`${field} is at most 100 characters`));
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      serviceCode,
      addressId,
      addressString,
      description,
      reporter: { name, phone, email: text('email') },
      accountId: text('account_id'),
      deviceId: text('device_id'),
    },
  };
}
