import { complaintsActions, type HotspotItem } from '../../../shared/api/complaints';
import { HOTSPOT_DEFAULTS, HOTSPOT_LIMITS } from '../../../shared/complaints/hotspots';
import { orderDetailUrl } from '../../../lib/links';
import { shortTime } from '../../../shared/time';
import { fieldErrors } from '../../../shared/validation';

/** 投诉热点 (未诉先办): where complaints of one kind cluster in a compound or a grid within the window. */
export interface HotspotCard {
  key: string;
  /** 供暖 · 德轩小区 */
  title: string;
  scopeLabel: string;
  households: number;
  complaints: number;
  openComplaints: number;
  /** For a grid: the compounds it spans. */
  compounds: string;
  /** 11-01 09:00 – 11-02 18:30 */
  period: string;
  /** The proactive order opened for it, or ''. */
  orderId: string;
  orderUrl: string;
}

export interface HotspotControls {
  windowDays: number;
  threshold: number;
}

export const DEFAULT_CONTROLS: HotspotControls = { ...HOTSPOT_DEFAULTS };
export const LIMITS = HOTSPOT_LIMITS;

export type HotspotsViewModel =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; items: HotspotCard[]; emptyText: string };

export const loadingHotspots = (): HotspotsViewModel => ({ state: 'loading' });

const SCOPE_LABELS: Record<HotspotItem['scope'], string> = { compound: '小区', grid: '网格' };

export function toHotspotCard(h: HotspotItem): HotspotCard {
  return {
    key: h.key,
    title: `${h.category.label} · ${h.place.name}`,
    scopeLabel: SCOPE_LABELS[h.scope],
    households: h.households,
    complaints: h.complaints,
    openComplaints: h.openComplaints,
    compounds: h.scope === 'grid' ? h.compounds.map((c) => c.name).join('、') : '',
    period: h.firstAt === h.lastAt ? shortTime(h.firstAt) : `${shortTime(h.firstAt)} – ${shortTime(h.lastAt)}`,
    orderId: h.proactiveOrderId ?? '',
    orderUrl: h.proactiveOrderId ? orderDetailUrl(h.proactiveOrderId) : '',
  };
}

export const toHotspotsViewModel = (items: readonly HotspotItem[], controls: HotspotControls): HotspotsViewModel => ({
  state: 'ready',
  items: items.map(toHotspotCard),
  emptyText: `近${controls.windowDays}天没有${controls.threshold}户以上反映的同类问题`,
});

/** After 未诉先办: the card shows its order. */
export function withOrder(vm: HotspotsViewModel, key: string, orderId: string): HotspotsViewModel {
  if (vm.state !== 'ready') return vm;
  return {
    ...vm,
    items: vm.items.map((c) => (c.key === key ? { ...c, orderId, orderUrl: orderDetailUrl(orderId) } : c)),
  };
}

/** A control's value kept within the contract's limits (a stepper may be typed into). */
export const clampControl = (which: keyof HotspotControls, value: number): number => {
  const [min, max] =
    which === 'windowDays' ? [LIMITS.minWindowDays, LIMITS.maxWindowDays] : [LIMITS.minThreshold, LIMITS.maxThreshold];
  return Math.min(max, Math.max(min, Math.round(Number.isFinite(value) ? value : min)));
};

export type ProactiveInput = ReturnType<typeof proactiveInput>;

export const proactiveInput = (
  communityId: string,
  card: Pick<HotspotCard, 'key'>,
  windowDays: number,
  description: string,
  requestId: string,
) => ({ requestId, communityId, hotspotKey: card.key, windowDays, description: description.trim(), notify: true });

/** What the server would refuse about the description; '' when it may be sent. */
export const proactiveError = (input: ProactiveInput): string => {
  const errors = fieldErrors(complaintsActions.openProactiveOrder.input, input);
  return errors.description ?? Object.values(errors)[0] ?? '';
};
