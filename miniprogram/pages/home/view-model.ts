import { errorText } from '../../lib/errors';
import type { HomeView, StaffContact } from '../../shared/api/community';
import type { ErrorBody } from '../../shared/errors';
import { roleLabel } from '../../shared/roles';

export interface ContactItem {
  key: string;
  name: string;
  /** His job title and role (社区党委书记 · 社区工作人员), the role once when he has no title of his own. */
  description: string;
  workPhone: string;
  expanded: boolean;
}

/** The resident's everyday services, one tap from 首页. */
export interface ServiceEntry {
  key: string;
  text: string;
  /** A tdesign icon name. */
  icon: string;
  url: string;
}

export const HOME_SERVICES: readonly ServiceEntry[] = [
  { key: 'order', text: '我要下单', icon: 'service', url: '/pages/orders/new/index' },
  { key: 'complain', text: '物业投诉', icon: 'chat-error', url: '/pages/complaints/new/index' },
  { key: 'meetings', text: '议事会', icon: 'usergroup', url: '/pages/councils/meetings/index' },
  { key: 'topics', text: '群众说事', icon: 'chat', url: '/pages/councils/topics/index' },
];

export interface AddressItem {
  label: string;
  value: string;
}

/** What the 首页 shows, derived from the backend's answer and local UI state only. */
export type HomeViewModel =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'unregistered'; greeting: string }
  | {
      state: 'ready';
      greeting: string;
      communityName: string;
      communityAddress: string;
      servicePhone: string;
      address: AddressItem[];
      propertyCompany: { name: string; phone: string } | null;
      contacts: ContactItem[];
      services: readonly ServiceEntry[];
    };

export const loadingHome = (): HomeViewModel => ({ state: 'loading' });

export const homeError = (error: ErrorBody): HomeViewModel => ({ state: 'error', message: errorText(error) });

const contactKey = (contact: StaffContact, index: number) => `${contact.role}-${index}`;

export function toHomeViewModel(home: HomeView, expandedKey: string | null = null): HomeViewModel {
  const greeting = home.displayName ? `${home.displayName}，您好` : '您好';
  if (!home.community) return { state: 'unregistered', greeting };
  const address: AddressItem[] = [];
  if (home.street) address.push({ label: '街道', value: home.street.name });
  if (home.grid) address.push({ label: '网格', value: home.grid.name });
  if (home.compound) address.push({ label: '小区', value: home.compound.name });
  if (home.building) address.push({ label: '楼栋', value: home.building.name });
  return {
    state: 'ready',
    greeting,
    communityName: home.community.name,
    communityAddress: home.community.address,
    servicePhone: home.community.servicePhone,
    address,
    propertyCompany: home.compound?.propertyCompany ?? null,
    contacts: home.contacts.map((contact, index) => ({
      key: contactKey(contact, index),
      name: contact.name,
      description: contact.title ? `${contact.title} · ${roleLabel(contact.role)}` : roleLabel(contact.role),
      workPhone: contact.workPhone,
      expanded: contactKey(contact, index) === expandedKey,
    })),
    services: HOME_SERVICES,
  };
}

/** Tapping a contact opens it (showing the number and a call button); tapping it again closes it. */
export function toggleContact(vm: HomeViewModel, key: string): HomeViewModel {
  if (vm.state !== 'ready') return vm;
  return {
    ...vm,
    contacts: vm.contacts.map((c) => ({ ...c, expanded: c.key === key ? !c.expanded : false })),
  };
}
