import type { Building, Community, Compound, Grid, Place, Street, Unit } from '../../miniprogram/shared/schemas/places';

/**
 * Demo places, from the seed articles (Jiayuguan 嘉峪关 and Subei 肃北). Where the articles do not say which
 * street a community belongs to (紫轩社区, 铁南社区), the demo assigns one; the ids are readable on purpose.
 */
const streets: Street[] = [
  { _id: 'st-xiongguan', kind: 'street', name: '雄关街道', city: '嘉峪关市' },
  { _id: 'st-gangcheng', kind: 'street', name: '钢城街道', city: '嘉峪关市' },
  { _id: 'st-dangchengwan', kind: 'street', name: '党城湾镇', city: '肃北蒙古族自治县' },
];

const community = (_id: string, name: string, streetId: string, address: string, servicePhone: string): Community => ({
  _id,
  kind: 'community',
  name,
  streetId,
  settlement: 'community',
  address,
  servicePhone,
});

const communities: Community[] = [
  community('cm-xiongguan', '雄关社区', 'st-xiongguan', '雄关西路 18 号', '0937-6221001'),
  community('cm-changsheng', '昌盛社区', 'st-xiongguan', '昌盛路 6 号', '0937-6221002'),
  community('cm-zixuan', '紫轩社区', 'st-xiongguan', '紫轩路 12 号', '0937-6221003'),
  community('cm-jianshe', '建设社区', 'st-gangcheng', '建设东路 30 号', '0937-6222001'),
  community('cm-tienan', '铁南社区', 'st-gangcheng', '铁南路 2 号', '0937-6222002'),
  community('cm-ziting', '紫亭社区', 'st-dangchengwan', '党城湾镇团结路 1 号', '0937-8221001'),
];

const grids: Grid[] = communities.flatMap((c) =>
  [1, 2].map((n) => ({
    _id: `${c._id.replace('cm-', 'gr-')}-${n}`,
    kind: 'grid' as const,
    name: `${c.name}第${n === 1 ? '一' : '二'}网格`,
    streetId: c.streetId,
    communityId: c._id,
  })),
);

export const units: Unit[] = [
  {
    _id: 'un-dexuan-property',
    kind: 'property',
    name: '德轩物业服务有限公司',
    phone: '0937-6300101',
    streetIds: ['st-xiongguan'],
  },
  {
    _id: 'un-longhu-property',
    kind: 'property',
    name: '龙湖华庭物业管理有限公司',
    phone: '0937-6300102',
    streetIds: ['st-xiongguan'],
  },
  {
    _id: 'un-donghu-property',
    kind: 'property',
    name: '东湖怡园物业有限公司',
    phone: '0937-6300103',
    streetIds: ['st-gangcheng'],
  },
  {
    _id: 'un-power-supply',
    kind: 'partner',
    name: '国网嘉峪关供电公司雄关营业所',
    phone: '0937-95598',
    streetIds: ['st-xiongguan', 'st-gangcheng'],
  },
  {
    _id: 'un-health-center',
    kind: 'partner',
    name: '雄关街道社区卫生服务中心',
    phone: '0937-6300201',
    streetIds: ['st-xiongguan'],
  },
  {
    _id: 'un-steel-union',
    kind: 'partner',
    name: '酒钢集团机关党委',
    phone: '0937-6300301',
    streetIds: ['st-xiongguan', 'st-gangcheng'],
  },
  {
    _id: 'un-housing-dept',
    kind: 'department',
    name: '市住房和城乡建设局',
    phone: '0937-12345',
    streetIds: ['st-xiongguan', 'st-gangcheng'],
    handles: ['heating', 'elevator', 'leaks', 'other'],
  },
  {
    _id: 'un-urban-mgmt-dept',
    kind: 'department',
    name: '市城市管理综合执法局',
    phone: '0937-12319',
    streetIds: ['st-xiongguan', 'st-gangcheng'],
    handles: ['parking', 'sanitation', 'noise', 'fly_line_charging', 'security'],
  },
  {
    _id: 'un-ziting-property',
    kind: 'property',
    name: '紫亭物业服务站',
    phone: '0937-8300101',
    streetIds: ['st-dangchengwan'],
  },
];

const compound = (
  _id: string,
  name: string,
  communityId: string,
  propertyCompanyId: string | null,
  households: number,
): Compound => {
  const parent = communities.find((c) => c._id === communityId)!;
  const company = units.find((u) => u._id === propertyCompanyId);
  return {
    _id,
    kind: 'compound',
    name,
    streetId: parent.streetId,
    communityId,
    propertyCompanyId,
    propertyCompanyName: company?.name ?? '',
    households,
  };
};

const compounds: Compound[] = [
  compound('cp-dexuan', '德轩小区', 'cm-xiongguan', 'un-dexuan-property', 420),
  compound('cp-longhu', '龙湖华庭', 'cm-changsheng', 'un-longhu-property', 680),
  compound('cp-donghu', '东湖怡园', 'cm-jianshe', 'un-donghu-property', 510),
  // 无物业小区: complaints route to the community
  compound('cp-yongping', '雍平坊', 'cm-zixuan', null, 96),
  compound('cp-tienan-old', '铁南老旧小区', 'cm-tienan', null, 140),
  compound('cp-ziting', '紫亭小区', 'cm-ziting', 'un-ziting-property', 260),
];

const buildings: Building[] = compounds.flatMap((cp) =>
  [1, 2, 3, 4].map((n) => ({
    _id: `${cp._id.replace('cp-', 'bd-')}-${n}`,
    kind: 'building' as const,
    name: `${n}号楼`,
    streetId: cp.streetId,
    communityId: cp.communityId,
    compoundId: cp._id,
    // Buildings 1–2 lie in the community's first grid, 3–4 in the second.
    gridId: `${cp.communityId.replace('cm-', 'gr-')}-${n <= 2 ? 1 : 2}`,
  })),
);

export const places: Place[] = [...streets, ...communities, ...grids, ...compounds, ...buildings];
