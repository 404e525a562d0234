/**
 * The service catalogue 服务目录 as Open311 GeoReport v2 services, for the city's 12345 platform.
 *
 * Only matters about shared things are public services: a broken stair light, heating, a leak, a blocked fire
 * escape — what the city reports on openly. Services for one household or one person (elder care, an escort to
 * hospital, a 微心愿, help for the disabled, a dispute between neighbours, legal aid, a policy question, a repair
 * inside a home) are not: listed with their compound, the category alone would tell the neighbours who asked for
 * what in a compound of a hundred households. Their orders are never listed, their ids answer 404, and 12345
 * cannot file them here (it files them through staff, 代办, as any other phone call).
 *
 * Complaints 物业投诉 are not services: a complaint names a property company and runs its own ladder
 * (the credit ranking is how the city publishes them).
 */
import { SERVICE_CATEGORIES, tierLimitLabel, type ServiceCategory } from '../orders/catalogue';

/** Why each category that stays out of the open API is personal. */
export const PERSONAL_SERVICES: Readonly<Record<string, string>> = {
  home_repair: '一户人家的室内维修',
  elderly_care: '老人个人的照料',
  escort: '个人就医',
  disability_help: '残疾人个人的帮扶',
  micro_wish: '困难群众个人的心愿',
  mediation: '邻里之间的纠纷',
  legal_aid: '个人的法律事务',
  policy_consult: '个人的政策咨询',
};

/** A service as `services.json` lists it (GeoReport v2 field names). */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** Whether the service has extra attributes (`services/{code}.json`): none of ours has. */
  metadata: boolean;
  /** realtime: a POST answers with the request's id at once. */
  type: 'realtime' | 'batch' | 'blackbox';
  /** Comma-separated. */
  keywords: string;
  group: string;
}

const toService = (category: ServiceCategory): Open311Service => ({
  service_code: category.id,
  service_name: category.label,
  description: `${category.hint}（${tierLimitLabel(category.tier)}）`,
  metadata: false,
  type: 'realtime',
  keywords: category.unitHint.split('、').join(','),
  group: category.group,
});

/** Every public service, in the catalogue's order. */
export const OPEN311_SERVICES: readonly Open311Service[] = SERVICE_CATEGORIES.filter(
  (category) => !Object.hasOwn(PERSONAL_SERVICES, category.id),
).map(toService);

export const PUBLIC_SERVICE_CODES: readonly string[] = OPEN311_SERVICES.map((service) => service.service_code);

/** Whether orders of this category may be seen (and filed) through the open API. */
export const isPublicService = (categoryId: string): boolean => PUBLIC_SERVICE_CODES.includes(categoryId);
