// long: the one table of collections and their indexes (what CloudBase must be given), next to the handle.
import tcb from '@cloudbase/node-sdk';

type App = ReturnType<typeof tcb.init>;
export type Database = ReturnType<App['database']>;

let db: Database | undefined;

/**
 * The one database handle of a function instance. In CloudBase it talks to the environment's database;
 * the local backend creates it first and then replaces only the sdk's request layer, so every query here
 * goes through the real query builder in both worlds.
 */
export function getDb(): Database {
  db ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  return db;
}

/** An index as CloudBase declares it: fields in order, each ascending (1) or descending (-1). */
export interface IndexSpec {
  name: string;
  unique?: boolean;
  keys: Array<[field: string, direction: 1 | -1]>;
}

export interface CollectionSpec {
  description: string;
  indexes: IndexSpec[];
}

/** Keeps the collection names as literal keys while typing each entry as a CollectionSpec. */
const collectionSpecs = <T extends Record<string, CollectionSpec>>(specs: T): { [K in keyof T]: CollectionSpec } =>
  specs;

/**
 * 导出 (exports): a scope's documents of a window — its community, its street or the city — read in pages by
 * (createdAt, _id). Orders and complaints both carry these fields and both are exported.
 */
const WINDOW_READ_INDEXES: IndexSpec[] = [
  {
    name: 'community_created_id',
    keys: [
      ['communityId', 1],
      ['createdAt', 1],
      ['_id', 1],
    ],
  },
  {
    name: 'street_created_id',
    keys: [
      ['streetId', 1],
      ['createdAt', 1],
      ['_id', 1],
    ],
  },
  {
    name: 'created_id',
    keys: [
      ['createdAt', 1],
      ['_id', 1],
    ],
  },
];

/**
 * Every collection, what it holds, and the indexes its queries need. The deploy config, the local store's
 * indexes and the index-coverage check are all generated from this one table.
 */
export const COLLECTION_SPECS = collectionSpecs({
  places: {
    description: '街道、社区、网格、小区、楼栋（一棵层级树）',
    indexes: [
      {
        name: 'kind_name',
        keys: [
          ['kind', 1],
          ['name', 1],
        ],
      },
      {
        name: 'kind_community_name',
        keys: [
          ['kind', 1],
          ['communityId', 1],
          ['name', 1],
        ],
      },
      {
        name: 'kind_compound_name',
        keys: [
          ['kind', 1],
          ['compoundId', 1],
          ['name', 1],
        ],
      },
      // 代办: the buildings of a grid worker's grid (orders.intakeBuildings)
      {
        name: 'kind_grid_name',
        keys: [
          ['kind', 1],
          ['gridId', 1],
          ['name', 1],
        ],
      },
    ],
  },
  units: {
    description: '驻区单位、职能部门、物业企业',
    indexes: [
      { name: 'streets', keys: [['streetIds', 1]] },
      { name: 'kind', keys: [['kind', 1]] },
    ],
  },
  users: {
    description: '用户（_id 为 OPENID）、居住绑定、角色及其授予与撤销记录（roleEvents，只增不改）',
    indexes: [
      { name: 'roles_scope', keys: [['roles.scopeId', 1]] },
      // a community's role record (people.listRoleEvents): the users holding events of that community
      { name: 'role_events_community', keys: [['roleEvents.communityId', 1]] },
      // the messages timer expands a notice's audience page by page (by id, after the last one of the page before)
      {
        name: 'roles_scope_id',
        keys: [
          ['roles.scopeId', 1],
          ['_id', 1],
        ],
      },
      {
        name: 'compound_id',
        keys: [
          ['compoundId', 1],
          ['_id', 1],
        ],
      },
      {
        name: 'community_name',
        keys: [
          ['communityId', 1],
          ['name', 1],
        ],
      },
      // 代办: a grid worker finds the households of his grid (orders.findResidents)
      {
        name: 'grid_name',
        keys: [
          ['gridId', 1],
          ['name', 1],
        ],
      },
    ],
  },
  applications: {
    description: '双报到申请（每人每社区一份，重新申请沿用）',
    indexes: [
      {
        name: 'community_status_created',
        keys: [
          ['communityId', 1],
          ['status', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'user_created',
        keys: [
          ['userId', 1],
          ['createdAt', -1],
        ],
      },
      {
        // the people timer's pass over the last day's approvals
        name: 'status_reviewed',
        keys: [
          ['status', 1],
          ['reviewedAt', 1],
        ],
      },
    ],
  },
  orders: {
    description: '服务工单：居民下单—社区发单—单位接单—党员领单—联合评单（含办理时间线与志愿任务）',
    indexes: [
      // 工作台指标 (kpis): what changed since the last tally, a day's orders, a scope's orders of a window
      { name: 'updated', keys: [['updatedAt', 1]] },
      { name: 'created', keys: [['createdAt', 1]] },
      {
        name: 'street_created',
        keys: [
          ['streetId', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'community_created',
        keys: [
          ['communityId', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'grid_created',
        keys: [
          ['gridId', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'unit_created',
        keys: [
          ['unitId', 1],
          ['createdAt', 1],
        ],
      },
      // documents with notices waiting in their outbox (the deliver timer)
      { name: 'outbox', keys: [['outboxSize', 1]] },
      {
        name: 'resident_created',
        keys: [
          ['residentId', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'community_status_deadline',
        keys: [
          ['communityId', 1],
          ['status', 1],
          ['deadline', 1],
        ],
      },
      {
        name: 'community_status_updated',
        keys: [
          ['communityId', 1],
          ['status', 1],
          ['updatedAt', -1],
        ],
      },
      {
        name: 'unit_status_deadline',
        keys: [
          ['unitId', 1],
          ['status', 1],
          ['deadline', 1],
        ],
      },
      {
        name: 'unit_status_updated',
        keys: [
          ['unitId', 1],
          ['status', 1],
          ['updatedAt', -1],
        ],
      },
      {
        name: 'status_deadline',
        keys: [
          ['status', 1],
          ['deadline', 1],
        ],
      },
      {
        name: 'claimants_created',
        keys: [
          ['task.claimants', 1],
          ['createdAt', -1],
        ],
      },
      {
        // Open311 requests.json: the public services' orders of a window, newest first
        name: 'category_created',
        keys: [
          ['categoryId', 1],
          ['createdAt', -1],
        ],
      },
      {
        // 未诉先办: the open proactive order of a compound and complaint category
        name: 'origin_compound_category',
        keys: [
          ['origin.compoundId', 1],
          ['origin.complaintCategory', 1],
          ['status', 1],
        ],
      },
      {
        // 未诉先办: the open order opened for a hotspot
        name: 'origin_hotspot',
        keys: [
          ['origin.hotspotKey', 1],
          ['status', 1],
        ],
      },
      ...WINDOW_READ_INDEXES,
    ],
  },
  notifications: {
    description: '通知记录（发给个人或群体；发送渠道据此发送）',
    indexes: [
      // what the messages timer has not fanned out yet
      {
        name: 'unsent',
        keys: [
          ['sentAt', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'audience_created',
        keys: [
          ['audience', 1],
          ['createdAt', -1],
        ],
      },
    ],
  },
  pointsLedger: {
    description: '志愿积分流水（只增不改，合计即余额）',
    indexes: [
      {
        name: 'user_at',
        keys: [
          ['userId', 1],
          ['at', -1],
        ],
      },
    ],
  },
  complaints: {
    description: '物业投诉（含办理时间线、附议居民；_id 由小区、类别和序号而定，同一小区同类同时只有一条未结）',
    indexes: [
      // 工作台指标 (kpis): what changed since the last tally, a scope's complaints of a window
      { name: 'updated', keys: [['updatedAt', 1]] },
      {
        name: 'street_created',
        keys: [
          ['streetId', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'grid_created',
        keys: [
          ['gridId', 1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'company_created',
        keys: [
          ['companyId', 1],
          ['createdAt', 1],
        ],
      },
      // documents with notices waiting in their outbox (the deliver timer)
      { name: 'outbox', keys: [['outboxSize', 1]] },
      {
        name: 'filer_created',
        keys: [
          ['filerId', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'supporters_created',
        keys: [
          ['supporters', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'compound_category_status',
        keys: [
          ['compoundId', 1],
          ['category', 1],
          ['status', 1],
          ['createdAt', -1],
        ],
      },
      {
        // the latest complaint of a compound and category: the next one filed takes the number after it
        name: 'compound_category_seq',
        keys: [
          ['compoundId', 1],
          ['category', 1],
          ['seq', -1],
        ],
      },
      {
        name: 'level_handler_status_deadline',
        keys: [
          ['level', 1],
          ['handlerId', 1],
          ['status', 1],
          ['deadline', 1],
        ],
      },
      {
        name: 'level_handler_status_updated',
        keys: [
          ['level', 1],
          ['handlerId', 1],
          ['status', 1],
          ['updatedAt', -1],
        ],
      },
      {
        name: 'community_created',
        keys: [
          ['communityId', 1],
          ['createdAt', 1],
        ],
      },
      { name: 'created', keys: [['createdAt', 1]] },
      {
        name: 'status_deadline',
        keys: [
          ['status', 1],
          ['deadline', 1],
        ],
      },
      ...WINDOW_READ_INDEXES,
    ],
  },
  timerRuns: {
    description: '定时任务的上次运行（每个云函数一个每分钟触发器，据此决定哪些定时任务到期；_id 为 函数.任务）',
    indexes: [],
  },
  creditScores: {
    description: '物业服务企业信用评价（定时重算的评分、排名与走势）',
    indexes: [],
  },
  kpiCells: {
    description: '工作台指标的读模型：每个中国日一条（各范围的计数，非比率），及当前超时数、名称与上级（now）',
    indexes: [
      {
        name: 'kind_day',
        keys: [
          ['kind', 1],
          ['day', 1],
        ],
      },
    ],
  },
  topics: {
    description: '群众说事：居民为楼栋、网格或社区提出的议题（含附议）',
    indexes: [
      // documents with notices waiting in their outbox (the deliver timer)
      { name: 'outbox', keys: [['outboxSize', 1]] },
      // a meeting's agenda topics (every meeting a topic has been taken onto), read with the caller
      { name: 'agenda_of', keys: [['agendaOf', 1]] },
      {
        name: 'scope_backing',
        keys: [
          ['scopeKey', 1],
          ['backerCount', -1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'community_backing',
        keys: [
          ['communityId', 1],
          ['backerCount', -1],
          ['createdAt', 1],
        ],
      },
      {
        name: 'grid_backing',
        keys: [
          ['gridId', 1],
          ['backerCount', -1],
          ['createdAt', 1],
        ],
      },
    ],
  },
  meetings: {
    description: '议事会：议程、名额与候补、签到码、到会、纪要与决议',
    indexes: [
      // documents with notices waiting in their outbox (the deliver timer)
      { name: 'outbox', keys: [['outboxSize', 1]] },
      // agendas whose topics the sweep checks followed (councils/agenda.ts)
      { name: 'agenda_check', keys: [['agendaCheckAt', 1]] },
      {
        name: 'scope_start',
        keys: [
          ['scopeKey', 1],
          ['status', 1],
          ['startAt', 1],
        ],
      },
      {
        name: 'community_start',
        keys: [
          ['communityId', 1],
          ['status', 1],
          ['startAt', 1],
        ],
      },
      {
        name: 'grid_start',
        keys: [
          ['gridId', 1],
          ['status', 1],
          ['startAt', 1],
        ],
      },
      {
        name: 'units_start',
        keys: [
          ['audience.unitIds', 1],
          ['status', 1],
          ['startAt', 1],
        ],
      },
      {
        name: 'members_start',
        keys: [
          ['members', 1],
          ['startAt', 1],
        ],
      },
      {
        name: 'status_start',
        keys: [
          ['status', 1],
          ['startAt', 1],
        ],
      },
    ],
  },
  inbox: {
    description: '消息中心：每人每条通知一条（_id 由通知和收件人而定），含已读时间',
    indexes: [
      {
        name: 'user_created',
        keys: [
          ['userId', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'user_read',
        keys: [
          ['userId', 1],
          ['readAt', 1],
        ],
      },
    ],
  },
  deliveries: {
    description: '订阅消息的发送：每人每条通知一条（_id 稳定，不会重发），含每次尝试及其结果',
    indexes: [
      {
        name: 'status_next',
        keys: [
          ['status', 1],
          ['nextAttemptAt', 1],
        ],
      },
    ],
  },
  subscribeGrants: {
    description: '订阅授权：每人每个模板可发的条数（用户每接受一次加一，每发一条减一）',
    indexes: [
      {
        name: 'user_kind',
        keys: [
          ['userId', 1],
          ['kind', 1],
        ],
      },
    ],
  },
  mediaChecks: {
    description: '图片内容安全检查（_id 为微信的 trace_id）：待审、通过或违规',
    indexes: [{ name: 'file', keys: [['fileId', 1]] }],
  },
  open311Keys: {
    description: '开放接口（Open311）密钥：名称、密钥的哈希（不存原文）、签发与吊销时间；按 _id 查找',
    indexes: [{ name: 'created', keys: [['createdAt', -1]] }],
  },
  shopItems: {
    description: '积分超市的物品（_id 由社区和序号而定；只下架不删除），含库存与待领取的兑换',
    indexes: [
      {
        name: 'community_sale_serial',
        keys: [
          ['communityId', 1],
          ['onSale', 1],
          ['serial', 1],
        ],
      },
      {
        name: 'community_serial',
        keys: [
          ['communityId', 1],
          ['serial', 1],
        ],
      },
      {
        // a retried 上架 finds the item its first try created
        name: 'community_request',
        keys: [
          ['communityId', 1],
          ['requestId', 1],
        ],
      },
    ],
  },
  redemptions: {
    description: '积分兑换（_id 由兑换人和请求编号而定）：领取码、状态（待领取、已领取、已取消）',
    indexes: [
      { name: 'outbox', keys: [['outboxSize', 1]] },
      {
        name: 'user_created',
        keys: [
          ['userId', 1],
          ['createdAt', -1],
        ],
      },
      {
        name: 'community_code',
        unique: true,
        keys: [
          ['communityId', 1],
          ['code', 1],
        ],
      },
    ],
  },
  pointsAccounts: {
    description: '积分账户（_id 为 OPENID）：积分超市已扣的积分，兑换时据此防止透支',
    indexes: [],
  },
});

export type CollectionName = keyof typeof COLLECTION_SPECS;

export const COLLECTIONS = Object.fromEntries(Object.keys(COLLECTION_SPECS).map((name) => [name, name])) as {
  [K in CollectionName]: K;
};
