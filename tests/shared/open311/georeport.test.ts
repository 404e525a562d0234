/**
 * Open311 GeoReport v2, as the city's 12345 platform reads the product: which services are public, what a service
 * request says, which filters and fields are accepted. The spec's field names are used as the spec writes them.
 */
import { SERVICE_CATEGORIES } from '../../../miniprogram/shared/orders/catalogue';
import { ORDER_STATE_NAMES, ORDER_STATES } from '../../../miniprogram/shared/orders/machine';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  parseNewRequest,
  parseRequestsQuery,
} from '../../../miniprogram/shared/open311/query';
import {
  chinaIso,
  open311Status,
  toOpen311Request,
  type PublicOrderFields,
} from '../../../miniprogram/shared/open311/requests';
import { OPEN311_SERVICES, PERSONAL_SERVICES, isPublicService } from '../../../miniprogram/shared/open311/services';

const NOW = new Date('2026-11-20T02:00:00Z');

describe('services.json: the catalogue as Open311 services', () => {
  it('lists every category about shared things, and none for one household or one person', () => {
    const codes = OPEN311_SERVICES.map((s) => s.service_code);
    expect(codes).toEqual(SERVICE_CATEGORIES.map((c) => c.id).filter((id) => !(id in PERSONAL_SERVICES)));
    expect(codes).toEqual(expect.arrayContaining(['heating', 'water_supply', 'power_supply', 'elevator_trapped']));
    for (const personal of ['elderly_care', 'escort', 'micro_wish', 'mediation', 'home_repair']) {
      expect(isPublicService(personal)).toBe(false);
    }
  });

  it('gives each service the spec’s fields: code, name, description with its time limit, realtime, keywords, group', () => {
    const heating = OPEN311_SERVICES.find((s) => s.service_code === 'heating');
    expect(heating).toEqual({
      service_code: 'heating',
      service_name: '供暖问题',
      description: '暖气不热、漏水、停暖（加急 · 24小时内办结）',
      metadata: false,
      type: 'realtime',
      keywords: '供热公司,物业企业',
      group: '水电气暖',
    });
  });
});

const order = (over: Partial<PublicOrderFields> = {}): PublicOrderFields => ({
  _id: 'ord_1',
  categoryId: 'heating',
  tier: 'fast',
  status: 'accepted',
  createdAt: '2026-11-19T01:00:00.000Z',
  updatedAt: '2026-11-19T03:30:00.000Z',
  deadline: '2026-11-20T01:00:00.000Z',
  holder: 'unit',
  unitName: '德轩物业服务有限公司',
  communityName: '雄关社区',
  compoundId: 'cp-dexuan',
  ...over,
});

describe('a service request: an order as the public may see it', () => {
  it('is open in every open state of the order machine and closed in every closed one', () => {
    for (const state of ORDER_STATE_NAMES) expect(open311Status(state)).toBe(ORDER_STATES[state].category);
  });

  it('says what, where (community and compound), who holds it and by when, in ISO 8601 with +08:00', () => {
    expect(toOpen311Request(order(), '德轩小区', new Date('2026-11-19T05:00:00Z'))).toEqual({
      service_request_id: 'ord_1',
      status: 'open',
      status_notes: '处理中',
      service_name: '供暖问题',
      service_code: 'heating',
      description: '供暖问题（雄关社区 德轩小区）',
      agency_responsible: '德轩物业服务有限公司',
      service_notice: '加急 · 24小时内办结',
      requested_datetime: '2026-11-19T09:00:00+08:00',
      updated_datetime: '2026-11-19T11:30:00+08:00',
      expected_datetime: '2026-11-20T09:00:00+08:00',
      address: '雄关社区 德轩小区',
      address_id: 'cp-dexuan',
    });
  });

  it('is answered for by the community while it waits for review or the community does it itself', () => {
    const waiting = toOpen311Request(order({ status: 'submitted', holder: null, unitName: '' }), '德轩小区', NOW);
    expect(waiting.agency_responsible).toBe('雄关社区');
  });

  it('says so in its notes when the time limit of its step has passed', () => {
    expect(toOpen311Request(order(), '德轩小区', NOW).status_notes).toBe('处理中（已超时）');
  });

  it('writes times in China time whatever the instant’s zone', () => {
    expect(chinaIso('2026-12-31T16:30:00Z')).toBe('2027-01-01T00:30:00+08:00');
  });
});

describe('requests.json: filters and paging', () => {
  it('covers the last 90 days without dates, page 1 of 50', () => {
    const parsed = parseRequestsQuery({}, NOW);
    expect(parsed).toMatchObject({ ok: true, value: { page: 1, pageSize: DEFAULT_PAGE_SIZE, ids: null } });
    if (!parsed.ok) return;
    expect(parsed.value.end).toEqual(NOW);
    expect(NOW.getTime() - parsed.value.start.getTime()).toBe(90 * 86_400_000);
  });

  it('takes comma-separated statuses and service codes, and a window given by its start', () => {
    const parsed = parseRequestsQuery(
      { status: 'open', service_code: 'heating,water_supply', start_date: '2026-11-01T00:00:00+08:00' },
      NOW,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: { statuses: ['open'], serviceCodes: ['heating', 'water_supply'] },
    });
    if (parsed.ok) expect(parsed.value.end.toISOString()).toBe('2027-01-29T16:00:00.000Z');
  });

  it('refuses a window over 90 days, a bad status, a date without a zone, a page too large, unknown names', () => {
    const refused = (params: Record<string, string>) => {
      const parsed = parseRequestsQuery(params, NOW);
      return parsed.ok ? [] : parsed.errors;
    };
    expect(refused({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-11-01T00:00:00Z' })).toEqual([
      { code: 400, description: 'the date window is at most 90 days' },
    ]);
    expect(refused({ status: 'pending' })[0].code).toBe(400);
    expect(refused({ start_date: '2026-11-01' })[0].description).toMatch(/time zone/);
    expect(refused({ page_size: String(MAX_PAGE_SIZE + 1) })[0].description).toMatch(/1 to 100/);
    expect(refused({ service_code: 'elderly_care' })).toEqual([
      { code: 400, description: 'unknown service_code: elderly_care' },
    ]);
    expect(refused({ colour: 'red' })).toEqual([{ code: 400, description: 'unknown parameter: colour' }]);
  });
});

describe('POST requests.json: the fields of a new request', () => {
  const valid = {
    service_code: 'heating',
    address_string: '德轩小区3号楼 2单元301',
    description: '暖气片不热，室温14度',
  };

  it('takes a service, a place and a description; the reporter’s name in Chinese order', () => {
    expect(parseNewRequest({ ...valid, last_name: '王', first_name: '建国', phone: '13800001111' })).toMatchObject({
      ok: true,
      value: { serviceCode: 'heating', reporter: { name: '王建国', phone: '13800001111', email: '' } },
    });
  });

  it('needs a place: coordinates are not accepted, the city keeps none', () => {
    const parsed = parseNewRequest({
      service_code: 'heating',
      description: valid.description,
      lat: '39.8',
      long: '98.3',
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.description)).toEqual([
      'lat/long are not accepted (the city keeps no coordinates): send address_string or address_id',
    ]);
  });

  it('refuses a personal service, a short description, photos by URL and unknown fields, all at once', () => {
    const parsed = parseNewRequest({
      service_code: 'elderly_care',
      address_id: 'bd-dexuan-1',
      description: '帮忙',
      media_url: 'http://example.com/a.jpg',
      'attribute[floor]': '3',
    });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.code)).toEqual([400, 400, 400, 400]);
  });
});
