/**
 * The service catalogue 服务目录 of the chain 居民下单—社区发单—单位接单—党员领单, and its time limits.
 *
 * The city's list has "63个大类346项联动办理事项"; this is the part a resident orders from the mini-program.
 * Each category names the kind of unit that usually does it (the staff's dispatch form suggests it) and a
 * time-limit tier. Tiers follow the hotline rules (Beijing 12345): emergency 2 h, water/power/gas/heating 24 h,
 * general 7 days, complex 15 days; a request is accepted (受理/接单) within 2 h.
 *
 * All durations are absolute (a day is 24 h), so a deadline does not depend on the device's time zone.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const TIME_LIMIT_TIERS = {
  urgent: { label: '紧急', limitLabel: '2小时内办结', ms: 2 * HOUR_MS },
  fast: { label: '加急', limitLabel: '24小时内办结', ms: 24 * HOUR_MS },
  normal: { label: '一般', limitLabel: '7天内办结', ms: 7 * DAY_MS },
  long: { label: '复杂', limitLabel: '15天内办结', ms: 15 * DAY_MS },
} as const;

export type TimeLimitTier = keyof typeof TIME_LIMIT_TIERS;
export const TIME_LIMIT_TIER_NAMES = Object.keys(TIME_LIMIT_TIERS) as TimeLimitTier[];

/** 加急 · 24小时内办结: a tier as the category list (the server) and an order's page say it. */
export const tierLimitLabel = (tier: TimeLimitTier): string =>
  `${TIME_LIMIT_TIERS[tier].label} · ${TIME_LIMIT_TIERS[tier].limitLabel}`;

/** Community staff review (受理) a new order, and a unit accepts (接单) a dispatched one, within 2 h. */
export const ACCEPT_WITHIN_MS = 2 * HOUR_MS;
/** A completed order the resident neither confirms nor sends back is confirmed by the timer after 7 days. */
export const AUTO_CONFIRM_AFTER_MS = 7 * DAY_MS;
/** Ratings (联合评单) are open for 7 days after confirmation; then the timer closes the order as it stands. */
export const RATING_WINDOW_MS = 7 * DAY_MS;

/** Who usually does the work: a kind of unit (see UNIT_KINDS in schemas/places), or the community itself. */
export type DefaultHandler = 'partner' | 'department' | 'property' | 'community';

export interface ServiceCategory {
  id: string;
  label: string;
  /** 大类, for grouping the picker. */
  group: string;
  /** A line under the label in the picker: what belongs here. */
  hint: string;
  tier: TimeLimitTier;
  defaultHandler: DefaultHandler;
  /** Words that help staff pick the unit when several of that kind exist, e.g. 供热公司. */
  unitHint: string;
}

const category = (
  id: string,
  label: string,
  group: string,
  tier: TimeLimitTier,
  defaultHandler: DefaultHandler,
  unitHint: string,
  hint: string,
): ServiceCategory => ({ id, label, group, hint, tier, defaultHandler, unitHint });

export const SERVICE_CATEGORIES: readonly ServiceCategory[] = [
  // 紧急 — danger to people or property
  category('elevator_trapped', '电梯困人', '紧急求助', 'urgent', 'property', '物业企业', '有人被困在电梯里'),
  category('gas_leak', '燃气泄漏', '紧急求助', 'urgent', 'department', '燃气公司', '闻到燃气味、燃气报警'),
  category(
    'safety_hazard',
    '安全隐患',
    '紧急求助',
    'urgent',
    'department',
    '应急、消防',
    '消防通道堵塞、飞线充电、坠物危险',
  ),
  // 水电气暖 — 24 h
  category('heating', '供暖问题', '水电气暖', 'fast', 'property', '供热公司、物业企业', '暖气不热、漏水、停暖'),
  category(
    'water_supply',
    '供水排水',
    '水电气暖',
    'fast',
    'property',
    '物业企业、自来水公司',
    '停水、水压低、管道堵塞或漏水',
  ),
  category('power_supply', '供电照明', '水电气暖', 'fast', 'property', '物业企业、供电公司', '停电、楼道灯不亮'),
  category('mediation', '矛盾调解', '邻里和睦', 'fast', 'community', '社区调解室', '邻里纠纷，调解矛盾不过夜'),
  // 一般 — 7 days
  category('home_repair', '家庭维修', '生活服务', 'normal', 'partner', '驻区单位', '门窗、水龙头、电器等小修'),
  category('cleaning', '环境卫生', '生活服务', 'normal', 'property', '物业企业', '楼道、垃圾清运、绿化'),
  category(
    'elderly_care',
    '助老服务',
    '关爱帮扶',
    'normal',
    'partner',
    '驻区单位、养老服务站',
    '陪聊、代购、助餐、助浴',
  ),
  category('escort', '陪同就医', '关爱帮扶', 'normal', 'partner', '驻区单位、医院', '陪诊、代取药'),
  category('disability_help', '助残服务', '关爱帮扶', 'normal', 'partner', '残联、驻区单位', '出行、康复、辅具'),
  category('micro_wish', '微心愿', '关爱帮扶', 'normal', 'partner', '驻区单位、在职党员', '困难群众的小心愿'),
  category('policy_consult', '政策咨询', '政务服务', 'normal', 'community', '社区', '低保、医保、养老、就业政策'),
  category('other', '其他', '其他', 'normal', 'community', '社区', '以上都不是'),
  // 复杂 — 15 days
  category('legal_aid', '法律援助', '政务服务', 'long', 'department', '司法所', '劳动纠纷、法律咨询、维权'),
  category(
    'facility_renovation',
    '设施改造',
    '小区治理',
    'long',
    'department',
    '住建、街道',
    '加装设施、道路、停车位改造',
  ),
];

export const SERVICE_CATEGORY_IDS = SERVICE_CATEGORIES.map((c) => c.id);

export const findCategory = (id: string): ServiceCategory | undefined => SERVICE_CATEGORIES.find((c) => c.id === id);

/** What a category is called wherever it is shown or sent; an id the catalogue no longer has reads as 其他. */
export const categoryLabel = (id: string): string => findCategory(id)?.label ?? '其他';

const toMs = (at: Date | string | number): number => new Date(at).getTime();

/** The deadline to finish (办结), counted from the time the resident ordered. */
export const resolveDeadline = (tier: TimeLimitTier, from: Date | string | number): Date =>
  new Date(toMs(from) + TIME_LIMIT_TIERS[tier].ms);

/** The deadline to accept (受理 by the community, 接单 by a unit), counted from the time it arrived. */
export const acceptDeadline = (from: Date | string | number): Date => new Date(toMs(from) + ACCEPT_WITHIN_MS);

/** When the timer confirms a completed order on the resident's behalf. */
export const autoConfirmAt = (completedAt: Date | string | number): Date =>
  new Date(toMs(completedAt) + AUTO_CONFIRM_AFTER_MS);

/** When ratings close and the timer closes the order. */
export const ratingClosesAt = (confirmedAt: Date | string | number): Date =>
  new Date(toMs(confirmedAt) + RATING_WINDOW_MS);

/** A deadline has passed once the clock reaches it (a deadline of 10:00 is missed at 10:00:00). */
export const isPast = (deadline: Date | string | number, now: Date | string | number): boolean =>
  toMs(now) >= toMs(deadline);

export interface UnitCandidate {
  id: string;
  kind: 'partner' | 'department' | 'property';
}

/**
 * The unit the dispatch form pre-selects: for property matters the compound's own property company, otherwise
 * the only unit of the category's kind; null when the community does it itself or the choice is not obvious.
 */
export function suggestUnit(
  categoryId: string,
  candidates: readonly UnitCandidate[],
  compoundPropertyCompanyId: string | null = null,
): string | null {
  const handler = findCategory(categoryId)?.defaultHandler;
  if (!handler || handler === 'community') return null;
  if (handler === 'property') {
    const own = candidates.find((u) => u.kind === 'property' && u.id === compoundPropertyCompanyId);
    return own ? own.id : null;
  }
  const ofKind = candidates.filter((u) => u.kind === handler);
  return ofKind.length === 1 ? ofKind[0].id : null;
}
